import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../lib/api';
import { atLeast, useSignedIn } from '../auth/session';
import { formatDateTime } from '../lib/money';
import { elementNames, humanize, shippedProcessId, sortInstances, stateLabel, whereItStands, type InstanceDetail, type ProcessInstance } from '../lib/processes';
import { Empty, ErrorMessage, Loading } from '../ui/common';
import './processes.css';

type Page = { items: ProcessInstance[]; nextCursor: string | null };

// the monitor's projection follows the engine a moment behind: look again while the page is open
const REFRESH_MS = 5_000;

/** The BPMN of a definition, as text (the API answers XML, which api() does not read). */
async function diagramXml(processInstanceKey: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(`/api/v1/process-instances/${processInstanceKey}/diagram`, { headers: { Accept: 'application/xml' }, credentials: 'same-origin', signal });
  const text = await response.text();
  if (!response.ok) {
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text);
    } catch {
      body = { title: `HTTP ${response.status}` };
    }
    throw new ApiError(response.status, body);
  }
  return text;
}

/** The processes bound to a record (its business key names it): where each stands, incidents, a link to the monitor. */
export function ProcessesPanel({ recordId, singular }: { recordId: string; singular: string }) {
  const session = useSignedIn();
  const allowed = atLeast(session.activeOrganization.role, 'MANAGER');
  return (
    <section className="panel" aria-labelledby="processes-title">
      <h2 id="processes-title">Processes</h2>
      {allowed ? <InstanceList recordId={recordId} singular={singular} /> : <Empty>Managers, admins and owners see the processes running for this {singular}.</Empty>}
    </section>
  );
}

function InstanceList({ recordId, singular }: { recordId: string; singular: string }) {
  const instances = useQuery({
    queryKey: ['record-processes', recordId],
    queryFn: ({ signal }) => api<Page>(`/api/v1/process-instances?recordId=${encodeURIComponent(recordId)}&limit=20`, { signal }),
    refetchInterval: REFRESH_MS,
  });
  if (instances.isPending) {
    return <Loading label="Loading processes…" />;
  }
  if (instances.isError) {
    return <ErrorMessage error={instances.error} retry={() => instances.refetch()} />;
  }
  if (instances.data.items.length === 0) {
    return <Empty>No process has run for this {singular} yet.</Empty>;
  }
  return (
    <ul className="plain-list process-list">
      {sortInstances(instances.data.items).map((i) => (
        <InstanceItem key={i.key} instance={i} />
      ))}
    </ul>
  );
}

function InstanceItem({ instance }: { instance: ProcessInstance }) {
  const active = instance.state === 'ACTIVE';
  const detail = useQuery({
    queryKey: ['process-instance', instance.key],
    enabled: active,
    queryFn: ({ signal }) => api<InstanceDetail>(`/api/v1/process-instances/${instance.key}`, { signal }),
    refetchInterval: active ? REFRESH_MS : false,
  });
  // the names come from the definition's BPMN: one fetch per definition version
  const names = useQuery({
    queryKey: ['process-element-names', instance.processDefinitionKey],
    staleTime: Infinity,
    queryFn: async ({ signal }) => elementNames(await diagramXml(instance.key, signal)),
  });
  const nameOf = (id: string) => names.data?.get(id) ?? humanize(id);
  const processName = names.data?.get(instance.bpmnProcessId) ?? humanize(shippedProcessId(instance.bpmnProcessId));
  const at = detail.data ? whereItStands(detail.data, names.data ?? new Map()) : [];
  const incidents = (detail.data?.incidents ?? []).filter((x) => x.state === 'ACTIVE');
  return (
    <li className="process-item" data-instance-key={instance.key}>
      <p className="process-head">
        <strong>{processName}</strong> <span className="muted">v{instance.version}</span> · <span className={`process-state state-${instance.state.toLowerCase()}`}>{stateLabel(instance)}</span>
        {instance.openIncidents > 0 && (
          <span className="process-incidents" role="status">
            {' '}
            · {instance.openIncidents} incident{instance.openIncidents === 1 ? '' : 's'}
          </span>
        )}
      </p>
      {active &&
        (detail.isPending ? (
          <p className="muted">Finding where it stands…</p>
        ) : detail.isError ? (
          <ErrorMessage error={detail.error} retry={() => detail.refetch()} />
        ) : (
          <p>
            {at.length > 0 ? (
              <>
                At: <span className="process-at">{at.join(', ')}</span>
              </>
            ) : (
              <span className="muted">Between steps</span>
            )}
          </p>
        ))}
      {incidents.length > 0 && (
        <ul className="process-incident-list">
          {incidents.map((x) => (
            <li key={x.key} className="field-error">
              {nameOf(x.elementId)}: {x.errorMessage || x.errorType}
            </li>
          ))}
        </ul>
      )}
      <p className="muted process-meta">
        Started <time dateTime={instance.startedAt}>{formatDateTime(instance.startedAt)}</time>
        {instance.endedAt && (
          <>
            , ended <time dateTime={instance.endedAt}>{formatDateTime(instance.endedAt)}</time>
          </>
        )}
        {' · '}
        <Link to={`/monitor/instances/${instance.key}`} aria-label={`Open ${processName} in the monitor`}>
          Open in monitor
        </Link>
      </p>
    </li>
  );
}
