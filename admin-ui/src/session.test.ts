import { describe, expect, it } from 'vitest';
import { SESSION_URL, SessionError, fetchSession, interpretSession, sessionText } from './session';

describe('interpretSession', () => {
  it('maps 200 with user.email to a signed-in session', () => {
    const view = interpretSession(200, { user: { id: 'u1', email: 'ada@example.com' } });
    expect(view).toEqual({ signedIn: true, email: 'ada@example.com' });
  });

  it('maps 401 to signed out, whatever the body', () => {
    expect(interpretSession(401, undefined)).toEqual({ signedIn: false });
    expect(interpretSession(401, { error: 'unauthorized' })).toEqual({ signedIn: false });
  });

  it('rejects a 200 without user.email', () => {
    expect(() => interpretSession(200, {})).toThrow(SessionError);
    expect(() => interpretSession(200, { user: {} })).toThrow(SessionError);
    expect(() => interpretSession(200, { user: { email: 42 } })).toThrow(SessionError);
    expect(() => interpretSession(200, null)).toThrow(SessionError);
  });

  it('rejects other statuses', () => {
    expect(() => interpretSession(500, undefined)).toThrow('HTTP 500');
    expect(() => interpretSession(403, undefined)).toThrow(SessionError);
  });
});

describe('sessionText', () => {
  it('shows the email when signed in', () => {
    expect(sessionText({ signedIn: true, email: 'ada@example.com' })).toBe('Signed in as ada@example.com');
  });

  it('says not signed in otherwise', () => {
    expect(sessionText({ signedIn: false })).toBe('Not signed in');
  });
});

describe('fetchSession', () => {
  const stubFetch = (status: number, body?: unknown) =>
    (async (input: RequestInfo | URL) => {
      expect(String(input)).toBe(SESSION_URL);
      return new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
    }) as typeof fetch;

  it('returns the signed-in session on 200', async () => {
    await expect(fetchSession(stubFetch(200, { user: { email: 'bob@example.com' } }))).resolves.toEqual({
      signedIn: true,
      email: 'bob@example.com',
    });
  });

  it('returns signed out on 401', async () => {
    await expect(fetchSession(stubFetch(401))).resolves.toEqual({ signedIn: false });
  });

  it('throws on a server error', async () => {
    await expect(fetchSession(stubFetch(503))).rejects.toBeInstanceOf(SessionError);
  });
});
