import { describe, expect, it } from 'vitest';
import { fromSearchParams, isComplete, nextSort, parseFilter, serialiseFilter, setFilter, toSearchParams, type ListQuery } from './filters';

describe('filter serialisation', () => {
  it('writes field:op:value and reads it back, colons in values included', () => {
    const filter = { field: 'custom.url', op: 'eq' as const, value: 'https://x.example:8443/a' };
    expect(serialiseFilter(filter)).toBe('custom.url:eq:https://x.example:8443/a');
    expect(parseFilter(serialiseFilter(filter))).toEqual(filter);
  });

  it('writes ops without a value as field:op', () => {
    expect(serialiseFilter({ field: 'email', op: 'empty', value: 'ignored' })).toBe('email:empty');
    expect(parseFilter('email:notempty')).toEqual({ field: 'email', op: 'notempty', value: '' });
  });

  it('rejects what is not a filter', () => {
    expect(parseFilter('amount')).toBeUndefined();
    expect(parseFilter(':eq:1')).toBeUndefined();
    expect(parseFilter('amount:like:1')).toBeUndefined();
    expect(parseFilter('amount:gte')).toBeUndefined();
  });

  it('round-trips a query through the URL, dropping incomplete filters and blank search', () => {
    const query: ListQuery = {
      filters: [
        { field: 'tags', op: 'has', value: 'vip' },
        { field: 'ownerId', op: 'eq', value: 'me' },
        { field: 'amount', op: 'gte', value: '  ' },
      ],
      q: '  acme ',
      sort: '-amount',
    };
    const params = toSearchParams(query, { limit: '50', cursor: undefined });
    expect(params.toString()).toBe('filter=tags%3Ahas%3Avip&filter=ownerId%3Aeq%3Ame&q=acme&sort=-amount&limit=50');
    expect(fromSearchParams(params)).toEqual({ filters: query.filters.slice(0, 2), q: 'acme', sort: '-amount' });
  });

  it('drops malformed filters from a URL someone edited', () => {
    expect(fromSearchParams(new URLSearchParams('filter=bad&filter=tags:has:x')).filters).toEqual([{ field: 'tags', op: 'has', value: 'x' }]);
  });

  it('knows a complete filter', () => {
    expect(isComplete({ field: 'a', op: 'eq', value: '1' })).toBe(true);
    expect(isComplete({ field: 'a', op: 'eq', value: ' ' })).toBe(false);
    expect(isComplete({ field: '', op: 'empty', value: '' })).toBe(false);
    expect(isComplete({ field: 'a', op: 'empty', value: '' })).toBe(true);
  });
});

describe('setFilter and nextSort', () => {
  it('replaces the one filter on a field and op, and removes it when cleared', () => {
    let q: ListQuery = { filters: [{ field: 'tags', op: 'has', value: 'a' }], q: '', sort: '' };
    q = setFilter(q, 'ownerId', 'eq', 'me');
    q = setFilter(q, 'tags', 'has', 'b');
    expect(q.filters).toEqual([{ field: 'ownerId', op: 'eq', value: 'me' }, { field: 'tags', op: 'has', value: 'b' }]);
    expect(setFilter(q, 'ownerId', 'eq', '').filters).toEqual([{ field: 'tags', op: 'has', value: 'b' }]);
  });

  it('cycles ascending, descending, none', () => {
    expect(nextSort('', 'amount')).toBe('amount');
    expect(nextSort('amount', 'amount')).toBe('-amount');
    expect(nextSort('-amount', 'amount')).toBe('');
    expect(nextSort('-title', 'amount')).toBe('amount');
  });
});
