import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, errorText, onSessionExpired, readCookie, requestHeaders } from './api';

describe('CSRF and headers', () => {
  it('reads the CSRF cookie among others', () => {
    expect(readCookie('a=1; nexa_csrf=abc%3D; b=2', 'nexa_csrf')).toBe('abc=');
    expect(readCookie('a=1', 'nexa_csrf')).toBeUndefined();
  });

  it('sends X-CSRF-Token on state-changing calls only', () => {
    expect(requestHeaders('POST', true, 'nexa_csrf=t1')).toMatchObject({ 'X-CSRF-Token': 't1', 'Content-Type': 'application/json' });
    expect(requestHeaders('DELETE', false, 'nexa_csrf=t1')['X-CSRF-Token']).toBe('t1');
    expect(requestHeaders('GET', false, 'nexa_csrf=t1')['X-CSRF-Token']).toBeUndefined();
  });
});

describe('api()', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const respond = (status: number, body?: unknown) => {
    vi.stubGlobal('document', { cookie: 'nexa_csrf=tok' });
    const fetchMock = vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchMock);
    return fetchMock;
  };

  it('posts JSON with the token and returns the body', async () => {
    const fetchMock = respond(201, { id: 'd1' });
    await expect(api('/api/v1/deals', { body: { title: 'x' } })).resolves.toEqual({ id: 'd1' });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect(init.body).toBe('{"title":"x"}');
  });

  it('turns a problem into an ApiError with field errors and the current record', async () => {
    respond(409, { title: 'Conflict', detail: 'changed by someone else', current: { id: 'd1', version: 3 }, errors: [{ field: 'title', message: 'is required' }] });
    const error = (await api('/x', { method: 'PATCH', body: {} }).catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(409);
    expect(error.body.current).toEqual({ id: 'd1', version: 3 });
    expect(error.fieldMessage('title')).toBe('is required');
    expect(errorText(error)).toBe('changed by someone else: title is required');
  });

  it('reports a 401 as an ended session, unless the call is anonymous', async () => {
    const expired = vi.fn();
    const stop = onSessionExpired(expired);
    respond(401, { title: 'Unauthorized' });
    await api('/api/v1/deals').catch(() => undefined);
    expect(expired).toHaveBeenCalledTimes(1);
    await api('/api/v1/session', { anonymous: true }).catch(() => undefined);
    expect(expired).toHaveBeenCalledTimes(1);
    stop();
  });

  it('returns nothing for 204 and says when the server cannot be reached', async () => {
    respond(204);
    await expect(api('/x', { method: 'DELETE' })).resolves.toBeUndefined();
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('fetch failed'); }));
    const error = (await api('/x').catch((e) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(errorText(error)).toMatch(/cannot be reached/);
  });
});
