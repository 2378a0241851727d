import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, errorText } from '../lib/api';
import { fromSearchParams, nextSort, OPS, toSearchParams, type Filter, type ListQuery, type Op } from '../lib/filters';
import { customAsField, parseInput, RECORD_TYPES, valueOf, type CustomFieldDef, type FieldDef, type RecordTypeDef } from '../lib/schema';
import { formatDate, formatDateTime, formatMoney } from '../lib/money';
import { Dialog, Empty, ErrorMessage, Loading, TextField, useTitle, useToast } from '../ui/common';
import { NotFound } from '../App';

type Row = Record<string, unknown> & { id: string; version: number };
type Page = { items: Row[]; nextCursor?: string | null };
type Member = { userId: string; name: string };

export function useFields(type: RecordTypeDef) {
  const custom = useQuery({
    queryKey: ['custom-fields', type.key],
    queryFn: () => api<CustomFieldDef[]>(`/api/v1/custom-fields?entity=${type.key}`),
  });
  const fields = useMemo(() => [...type.fields, ...(custom.data ?? []).map(customAsField)], [type, custom.data]);
  return { fields, custom };
}

export function useMemberNames() {
  const members = useQuery({ queryKey: ['members'], queryFn: () => api<Member[]>('/api/v1/members') });
  return useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m.name])), [members.data]);
}

/** A value as a list cell shows it. */
export function display(field: FieldDef, value: unknown, record: Record<string, unknown>, names: Map<string, string>): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (field.name === 'ownerId') {
    return names.get(String(value)) ?? 'Someone';
  }
  switch (field.kind) {
    case 'number':
      return field.name === 'amount' ? formatMoney(value as number, record.currency as string) : String(value);
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatDateTime(String(value));
    case 'tags':
      return Array.isArray(value) && value.length > 0 ? value.join(', ') : '—';
    case 'enum':
      return String(value).toLowerCase().replace(/^./, (c) => c.toUpperCase());
    default:
      return String(value);
  }
}

function storedColumns(plural: string, fields: FieldDef[]): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(`columns:${plural}`) ?? 'null');
    if (Array.isArray(saved) && saved.length > 0) {
      return saved.filter((n) => fields.some((f) => f.name === n));
    }
  } catch {
    // a broken setting falls back to the defaults
  }
  return fields.filter((f) => f.listed).map((f) => f.name);
}

export default function RecordListPage() {
  const { type: plural = '' } = useParams();
  const type = RECORD_TYPES[plural];
  if (!type) {
    return <NotFound />;
  }
  return <RecordList key={plural} type={type} />;
}

function RecordList({ type }: { type: RecordTypeDef }) {
  useTitle(type.title);
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => fromSearchParams(params), [params]);
  const setQuery = (q: ListQuery) => setParams(toSearchParams(q), { replace: true });
  const { fields } = useFields(type);
  const names = useMemberNames();
  const toast = useToast();
  const navigate = useNavigate();
  const [columns, setColumns] = useState<string[]>(() => storedColumns(type.plural, type.fields));
  useEffect(() => setColumns(storedColumns(type.plural, fields)), [fields, type.plural]);
  const shown = columns.map((n) => fields.find((f) => f.name === n)).filter((f): f is FieldDef => f !== undefined);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState(query.q);
  const queryString = toSearchParams(query).toString();
  const list = useInfiniteQuery({
    queryKey: ['list', type.plural, queryString],
    queryFn: ({ pageParam, signal }) =>
      api<Page>(`/api/v1/${type.plural}?limit=50${queryString ? `&${queryString}` : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`, { signal }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const chooseColumns = (name: string, on: boolean) => {
    const next = on ? [...columns, name] : columns.filter((c) => c !== name);
    setColumns(next);
    localStorage.setItem(`columns:${type.plural}`, JSON.stringify(next));
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) {
      next.delete(id);
    } else {
      next.add(id);
    }
    setSelected(next);
  };
  const bulk = async (action: 'delete' | 'tag', tag?: string) => {
    const targets = rows.filter((r) => selected.has(r.id));
    const results = await Promise.allSettled(
      targets.map((r) =>
        action === 'delete'
          ? api(`/api/v1/${type.plural}/${r.id}`, { method: 'DELETE' })
          : api(`/api/v1/${type.plural}/${r.id}`, {
              method: 'PATCH',
              body: { tags: Array.from(new Set([...((r.tags as string[]) ?? []), tag!])), version: r.version },
            }),
      ),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    const done = results.length - failed.length;
    toast(
      `${action === 'delete' ? 'Deleted' : 'Tagged'} ${done} of ${results.length}.${failed.length ? ` ${errorText((failed[0] as PromiseRejectedResult).reason)}` : ''}`,
      failed.length ? 'error' : 'info',
    );
    setSelected(new Set());
    list.refetch();
  };
  const [tagText, setTagText] = useState('');

  return (
    <section className="page" aria-labelledby="list-title">
      <div className="page-header">
        <h1 id="list-title">{type.title}</h1>
        <div className="actions">
          <a className="button" href={`/api/v1/${type.plural}/export.csv${queryString ? `?${queryString}` : ''}`} download>
            Export CSV
          </a>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New {type.singular}
          </button>
        </div>
      </div>
      <form
        className="filters"
        role="search"
        aria-label={`Search ${type.title.toLowerCase()}`}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setQuery({ ...query, q: search });
        }}
      >
        <label>
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <button type="submit">Search</button>
        <FilterEditor fields={fields} query={query} onChange={setQuery} />
        <details className="column-chooser">
          <summary>Columns</summary>
          <fieldset>
            <legend className="visually-hidden">Columns to show</legend>
            {fields.map((f) => (
              <label key={f.name} className="check">
                <input type="checkbox" checked={columns.includes(f.name)} onChange={(e) => chooseColumns(f.name, e.target.checked)} />
                {f.label}
              </label>
            ))}
          </fieldset>
        </details>
      </form>
      {selected.size > 0 && (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <span>{selected.size} selected</span>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (tagText.trim()) {
                bulk('tag', tagText.trim());
                setTagText('');
              }
            }}
          >
            <label>
              Tag
              <input value={tagText} onChange={(e) => setTagText(e.target.value)} size={10} />
            </label>
            <button type="submit">Add tag</button>
          </form>
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (window.confirm(`Delete ${selected.size} ${type.title.toLowerCase()}? This cannot be undone.`)) {
                bulk('delete');
              }
            }}
          >
            Delete
          </button>
        </div>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} retry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{query.q || query.filters.length ? 'Nothing matches these filters.' : `No ${type.title.toLowerCase()} yet.`}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="records">
            <caption className="visually-hidden">{type.title}, sortable by column</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select all shown"
                    checked={selected.size > 0 && selected.size === rows.length}
                    onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                  />
                </th>
                {shown.map((f) => {
                  const sort = query.sort === f.name ? 'ascending' : query.sort === `-${f.name}` ? 'descending' : undefined;
                  return (
                    <th key={f.name} scope="col" aria-sort={sort}>
                      <button type="button" className="sort" onClick={() => setQuery({ ...query, sort: nextSort(query.sort, f.name) })}>
                        {f.label}
                        <span aria-hidden="true">{sort === 'ascending' ? ' ▲' : sort === 'descending' ? ' ▼' : ''}</span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <input type="checkbox" aria-label={`Select ${type.nameOf(row) || 'record'}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
                  </td>
                  {shown.map((f, i) => (
                    <td key={f.name}>
                      {i === 0 ? <Link to={`/${type.plural}/${row.id}`}>{type.nameOf(row) || display(f, valueOf(row, f.name), row, names)}</Link> : display(f, valueOf(row, f.name), row, names)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {list.hasNextPage && (
            <button type="button" className="load-more" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </button>
          )}
        </div>
      )}
      <CreateRecord type={type} fields={fields} open={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/${type.plural}/${id}`)} />
    </section>
  );
}

function FilterEditor({ fields, query, onChange }: { fields: FieldDef[]; query: ListQuery; onChange: (q: ListQuery) => void }) {
  const [draft, setDraft] = useState<Filter>({ field: fields[0]?.name ?? 'tags', op: 'eq', value: '' });
  return (
    <div className="filter-editor">
      {query.filters.length > 0 && (
        <ul className="chips" aria-label="Active filters">
          {query.filters.map((f, i) => (
            <li key={`${f.field}-${f.op}-${i}`}>
              {fields.find((x) => x.name === f.field)?.label ?? f.field} {f.op} {f.value}
              <button type="button" className="link" aria-label={`Remove filter on ${f.field}`} onClick={() => onChange({ ...query, filters: query.filters.filter((_, j) => j !== i) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <fieldset className="inline">
        <legend className="visually-hidden">Add a filter</legend>
        <label>
          Filter
          <select value={draft.field} onChange={(e) => setDraft({ ...draft, field: e.target.value })}>
            {fields.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">Operator</span>
          <select value={draft.op} onChange={(e) => setDraft({ ...draft, op: e.target.value as Op })} aria-label="Operator">
            {OPS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">Value</span>
          <input value={draft.value} onChange={(e) => setDraft({ ...draft, value: e.target.value })} aria-label="Filter value" size={10} />
        </label>
        <button
          type="button"
          onClick={() => {
            onChange({ ...query, filters: [...query.filters, draft] });
            setDraft({ ...draft, value: '' });
          }}
        >
          Add filter
        </button>
      </fieldset>
    </div>
  );
}

function CreateRecord({ type, fields, open, onClose, onCreated }: { type: RecordTypeDef; fields: FieldDef[]; open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const inputs = fields.filter((f) => f.onCreate || (f.required && !f.readOnly));
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (open) {
      setValues(type.key === 'deal' ? { currency: 'EUR' } : {});
      setError(null);
    }
  }, [open, type.key]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    for (const f of inputs) {
      const value = parseInput(f.kind, values[f.name] ?? '');
      if (value === null) {
        continue;
      }
      if (f.name.startsWith('custom.')) {
        custom[f.name.slice(7)] = value;
      } else {
        body[f.name] = value;
      }
    }
    if (Object.keys(custom).length) {
      body.custom = custom;
    }
    setSaving(true);
    try {
      const created = await api<{ id: string }>(`/api/v1/${type.plural}`, { body });
      onCreated(created.id);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog title={`New ${type.singular}`} open={open} onClose={onClose}>
      <form onSubmit={submit} className="stack" noValidate>
        {inputs.map((f, i) => (
          <TextField
            key={f.name}
            label={`${f.label}${f.required ? ' (required)' : ''}`}
            type={f.kind === 'date' ? 'date' : f.kind === 'email' ? 'email' : 'text'}
            value={values[f.name] ?? ''}
            autoFocus={i === 0}
            onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
          />
        ))}
        {error !== null && <ErrorMessage error={error} />}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Creating…' : `Create ${type.singular}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
