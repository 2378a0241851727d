import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../lib/api';
import {
  filtersFromUrl,
  filtersToUrl,
  instanceQuery,
  recordLink,
  shippedProcessId,
  SHIPPED_PROCESSES,
  type Incident,
  type MonitorFilters,
  type Page,
  type ProcessInstance,
} from '../lib/monitor';
import { PROCESS_READ } from '../lib/permissions';
import { usePermission } from '../auth/permissions';
import { Empty, ErrorMessage, Loading, useTitle } from '../ui/common';
import { Forbidden } from '../automation/Forbidden';

/** Process instances by process and state, and the open incidents, for the organisation. */
export default function MonitorPage() {
  useTitle('Monitor');
  const allowed = usePermission(PROCESS_READ);
  const [params, setParams] = useSearchParams();
  const filters = filtersFromUrl(params);
  const instances = useInfiniteQuery({
    queryKey: ['monitor', 'instances', filters],
    queryFn: ({ pageParam }) => api<Page<ProcessInstance>>(`/api/v1/process-instances?${instanceQuery(filters, pageParam)}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: allowed === true,
  });
  const incidents = useQuery({
    queryKey: ['monitor', 'incidents', filters.process],
    queryFn: () =>
      api<Page<Incident>>(`/api/v1/incidents?limit=20${filters.process ? `&bpmnProcessId=${encodeURIComponent(filters.process)}` : ''}`),
    enabled: allowed === true,
  });
  if (allowed === false || (instances.error instanceof ApiError && instances.error.status === 403)) {
    return <Forbidden title="Monitor" need="watching running processes" />;
  }
  const change = (next: Partial<MonitorFilters>) => setParams(filtersToUrl({ ...filters, ...next }));
  const rows = instances.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="page" aria-labelledby="monitor-title">
      <header className="page-header">
        <h1 id="monitor-title">Monitor</h1>
        <button type="button" onClick={() => Promise.all([instances.refetch(), incidents.refetch()])} disabled={instances.isFetching}>
          {instances.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      <form className="filters" aria-label="Filter instances" onSubmit={(e) => e.preventDefault()}>
        <label>
          Process
          <select value={filters.process} onChange={(e) => change({ process: e.target.value })}>
            <option value="">All processes</option>
            {SHIPPED_PROCESSES.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={filters.state} onChange={(e) => change({ state: e.target.value as MonitorFilters['state'] })}>
            <option value="">Any state</option>
            <option value="ACTIVE">Active</option>
            <option value="COMPLETED">Completed</option>
            <option value="TERMINATED">Terminated</option>
          </select>
        </label>
        <label>
          Incidents
          <select value={filters.incidents} onChange={(e) => change({ incidents: e.target.value as MonitorFilters['incidents'] })}>
            <option value="">With or without</option>
            <option value="with">With open incidents</option>
            <option value="without">Without incidents</option>
          </select>
        </label>
      </form>
      <h2>Instances</h2>
      {allowed === undefined || instances.isPending ? (
        <Loading label="Loading instances…" />
      ) : instances.isError ? (
        <ErrorMessage error={instances.error} retry={() => instances.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>No process instances match these filters.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="records monitor-instances">
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">Process</th>
                <th scope="col">State</th>
                <th scope="col">Incidents</th>
                <th scope="col">Record</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((instance) => {
                const shipped = shippedProcessId(instance.bpmnProcessId);
                const record = recordLink(instance.businessKey);
                return (
                  <tr key={instance.key} data-key={instance.key}>
                    <th scope="row">
                      <Link to={`/monitor/instances/${instance.key}`}>{instance.key}</Link>
                    </th>
                    <td>
                      {shipped} <span className="muted">{shipped === instance.bpmnProcessId ? `v${instance.version}` : `own version (engine v${instance.version})`}</span>
                    </td>
                    <td>{instance.state.toLowerCase()}</td>
                    <td>{instance.openIncidents > 0 ? <strong className="danger">{instance.openIncidents} open</strong> : '—'}</td>
                    <td>{record ? <Link to={record.href}>{record.label}</Link> : (instance.businessKey ?? '—')}</td>
                    <td>
                      <time dateTime={instance.startedAt}>{new Date(instance.startedAt).toLocaleString()}</time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {instances.hasNextPage && (
        <p>
          <button type="button" onClick={() => instances.fetchNextPage()} disabled={instances.isFetchingNextPage}>
            {instances.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </p>
      )}
      <h2>Open incidents</h2>
      {incidents.isPending ? (
        <Loading label="Loading incidents…" />
      ) : incidents.isError ? (
        <ErrorMessage error={incidents.error} retry={() => incidents.refetch()} />
      ) : incidents.data.items.length === 0 ? (
        <Empty>No open incidents.</Empty>
      ) : (
        <ul className="open-incidents">
          {incidents.data.items.map((incident) => (
            <li key={incident.key}>
              <Link to={`/monitor/instances/${incident.processInstanceKey}`}>
                {shippedProcessId(incident.bpmnProcessId)} · {incident.elementId}
              </Link>{' '}
              <code>{incident.errorType}</code> {incident.errorMessage}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
