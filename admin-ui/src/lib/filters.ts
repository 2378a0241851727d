/** List and board filters as the API takes them (filter=field:op:value, q, sort) and as the URL keeps them. */

export const OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'in', 'empty', 'notempty', 'has'] as const;
export type Op = (typeof OPS)[number];

export type Filter = { field: string; op: Op; value: string };

export type ListQuery = {
  filters: Filter[];
  q: string;
  sort: string;
};

export const emptyQuery: ListQuery = { filters: [], q: '', sort: '' };

/** Ops that take no value. */
export function valueless(op: Op): boolean {
  return op === 'empty' || op === 'notempty';
}

/** "tags:has:vip"; the value may itself contain colons. */
export function serialiseFilter(filter: Filter): string {
  return valueless(filter.op) ? `${filter.field}:${filter.op}` : `${filter.field}:${filter.op}:${filter.value}`;
}

/** The inverse of serialiseFilter; undefined for something that is not a filter. */
export function parseFilter(text: string): Filter | undefined {
  const first = text.indexOf(':');
  if (first <= 0) {
    return undefined;
  }
  const field = text.slice(0, first);
  const rest = text.slice(first + 1);
  const second = rest.indexOf(':');
  const op = (second < 0 ? rest : rest.slice(0, second)) as Op;
  if (!OPS.includes(op)) {
    return undefined;
  }
  if (valueless(op)) {
    return { field, op, value: '' };
  }
  if (second < 0) {
    return undefined;
  }
  return { field, op, value: rest.slice(second + 1) };
}

/** A filter is sent only when it is complete. */
export function isComplete(filter: Filter): boolean {
  return filter.field.length > 0 && (valueless(filter.op) || filter.value.trim().length > 0);
}

/** The query string for the API (and for the page URL, so filters survive reload and can be shared). */
export function toSearchParams(query: ListQuery, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const filter of query.filters) {
    if (isComplete(filter)) {
      params.append('filter', serialiseFilter({ ...filter, value: filter.value.trim() }));
    }
  }
  if (query.q.trim()) {
    params.set('q', query.q.trim());
  }
  if (query.sort) {
    params.set('sort', query.sort);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== '') {
      params.set(key, value);
    }
  }
  return params;
}

/** Reads a ListQuery back from a URL's search params; malformed filters are dropped. */
export function fromSearchParams(params: URLSearchParams): ListQuery {
  const filters = params
    .getAll('filter')
    .map(parseFilter)
    .filter((f): f is Filter => f !== undefined);
  return { filters, q: params.get('q') ?? '', sort: params.get('sort') ?? '' };
}

/** Replaces (or removes, with an empty value) the single filter on one field and op. */
export function setFilter(query: ListQuery, field: string, op: Op, value: string): ListQuery {
  const others = query.filters.filter((f) => !(f.field === field && f.op === op));
  return { ...query, filters: value === '' && !valueless(op) ? others : [...others, { field, op, value }] };
}

/** The value of the filter on one field and op, or ''. */
export function filterValue(query: ListQuery, field: string, op: Op): string {
  return query.filters.find((f) => f.field === field && f.op === op)?.value ?? '';
}

/** Toggles the sort on a column: field → -field → none. */
export function nextSort(current: string, field: string): string {
  if (current === field) {
    return `-${field}`;
  }
  if (current === `-${field}`) {
    return '';
  }
  return field;
}
