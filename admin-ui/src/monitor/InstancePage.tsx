// One process instance on its diagram (bpmn-js NavigatedViewer, loaded on demand): active elements, the completed
// path and incidents marked, with a legend and the same facts as a list; retry, cancel and move.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { api, ApiError } from '../lib/api';
import {
  elementStatuses,
  movableTarget,
  recordLink,
  shippedProcessId,
  STATUS_LABEL,
  STATUS_MARKER,
  type ElementStatus,
  type InstanceDetail,
} from '../lib/monitor';
import { PROCESS_OPERATE, PROCESS_READ } from '../lib/permissions';
import { usePermission } from '../auth/permissions';
import { Dialog, ErrorMessage, Loading, useTitle, useToast } from '../ui/common';
import { Forbidden } from '../automation/Forbidden';
import { fit, flowNodes, focusElement, showStatuses } from '../automation/diagram';

type FlowNode = { id: string; name: string; type: string };

export default function InstancePage() {
  const { key = '' } = useParams();
  useTitle(`Instance ${key}`);
  const allowed = usePermission(PROCESS_READ);
  const operate = usePermission(PROCESS_OPERATE) === true;
  const detailKey = ['monitor', 'instance', key];
  const detail = useQuery({
    queryKey: detailKey,
    queryFn: () => api<InstanceDetail>(`/api/v1/process-instances/${encodeURIComponent(key)}`),
    enabled: allowed === true && /^\d{1,19}$/.test(key),
    // the projection follows the engine a moment later: keep a running instance fresh
    refetchInterval: (query) => (query.state.data?.instance.state === 'ACTIVE' ? 3000 : false),
  });
  const diagram = useQuery({
    queryKey: ['monitor', 'diagram', key],
    queryFn: () => api<string>(`/api/v1/process-instances/${encodeURIComponent(key)}/diagram`, { text: true }),
    enabled: allowed === true && detail.isSuccess,
    staleTime: Infinity,
  });
  const canvasRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<NavigatedViewer | null>(null);
  const painted = useRef(new Map<string, ElementStatus>());
  const [nodes, setNodes] = useState<FlowNode[]>([]);
  const [shown, setShown] = useState(false);
  const [moveTo, setMoveTo] = useState('');
  const statuses = useMemo(() => (detail.data ? elementStatuses(detail.data) : new Map<string, ElementStatus>()), [detail.data]);

  useEffect(() => {
    if (!canvasRef.current) {
      return;
    }
    const viewer = new NavigatedViewer({ container: canvasRef.current });
    viewer.on('element.click', (event: { element: { id: string; type: string } }) => {
      if (movableTarget(event.element.type)) {
        setMoveTo(event.element.id);
      }
    });
    viewerRef.current = viewer;
    return () => {
      viewerRef.current = null;
      viewer.destroy();
    };
  }, [allowed]);

  useEffect(() => {
    const viewer = viewerRef.current;
    if (!viewer || !diagram.data) {
      return;
    }
    let live = true;
    viewer.importXML(diagram.data).then(() => {
      if (live) {
        fit(viewer);
        painted.current = new Map();
        setNodes(flowNodes(viewer));
        setShown(true);
      }
    });
    return () => {
      live = false;
    };
  }, [diagram.data]);

  useEffect(() => {
    const viewer = viewerRef.current;
    if (viewer && shown) {
      showStatuses(viewer, statuses, painted.current);
      painted.current = statuses;
    }
  }, [statuses, shown]);

  if (allowed === false || (detail.error instanceof ApiError && detail.error.status === 403)) {
    return <Forbidden title="Monitor" need="watching running processes" />;
  }
  const names = new Map(nodes.map((n) => [n.id, n.name || n.id]));
  const label = (id: string) => names.get(id) ?? id;
  const instance = detail.data?.instance;
  const record = recordLink(instance?.businessKey ?? null);
  const openIncidents = detail.data?.incidents.filter((i) => i.state === 'ACTIVE') ?? [];
  return (
    <section className="page instance-page" aria-labelledby="instance-title">
      <nav aria-label="Breadcrumb" className="muted">
        <Link to="/monitor">Monitor</Link> / Instance {key}
      </nav>
      <header className="page-header">
        <h1 id="instance-title">
          {instance ? `${shippedProcessId(instance.bpmnProcessId)} · ${key}` : `Instance ${key}`}
        </h1>
        {instance && (
          <p className="muted">
            <span data-testid="instance-state">{instance.state.toLowerCase()}</span> · started{' '}
            <time dateTime={instance.startedAt}>{new Date(instance.startedAt).toLocaleString()}</time>
            {record && (
              <>
                {' '}
                · <Link to={record.href}>{record.label}</Link>
              </>
            )}
          </p>
        )}
      </header>
      {(allowed === undefined || detail.isPending) && !detail.isError && <Loading label="Loading the instance…" />}
      {detail.isError && (
        <ErrorMessage error={detail.error} retry={detail.error instanceof ApiError && detail.error.status === 404 ? undefined : () => detail.refetch()} />
      )}
      {diagram.isError && <ErrorMessage error={diagram.error} retry={() => diagram.refetch()} />}
      <ul className="legend" aria-label="Legend">
        {(['active', 'completed', 'taken', 'incident', 'terminated'] as ElementStatus[]).map((status) => (
          <li key={status}>
            <span className={`swatch ${STATUS_MARKER[status]}`} aria-hidden="true" /> {STATUS_LABEL[status]}
          </li>
        ))}
      </ul>
      <div
        ref={canvasRef}
        className="diagram-canvas"
        role="img"
        aria-label="The instance's diagram; its elements and their states are listed below"
        data-ready={shown ? 'true' : 'false'}
        hidden={!detail.isSuccess}
      />
      {detail.data && operate && detail.data.instance.state === 'ACTIVE' && (
        <Actions
          instanceKey={key}
          active={detail.data.activeElementIds}
          nodes={nodes.filter((n) => movableTarget(n.type))}
          label={label}
          moveTo={moveTo}
          setMoveTo={setMoveTo}
          onDone={() => detail.refetch()}
        />
      )}
      {detail.data && (
        <div className="instance-facts">
          <section aria-labelledby="incidents-title">
            <h2 id="incidents-title">Incidents ({openIncidents.length} open)</h2>
            {detail.data.incidents.length === 0 ? (
              <p className="muted">No incidents.</p>
            ) : (
              <ul className="incident-list">
                {detail.data.incidents.map((incident) => (
                  <li key={incident.key} className={incident.state === 'ACTIVE' ? 'open' : 'resolved'}>
                    <button type="button" className="link" onClick={() => viewerRef.current && focusElement(viewerRef.current, incident.elementId)}>
                      {label(incident.elementId)}
                    </button>{' '}
                    <code>{incident.errorType}</code> <span className="incident-message">{incident.errorMessage}</span>{' '}
                    <span className="muted">({incident.state === 'ACTIVE' ? 'open' : 'resolved'})</span>
                    {operate && incident.state === 'ACTIVE' && <RetryButton instanceKey={key} incidentKey={incident.key} onDone={() => detail.refetch()} />}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="elements-title">
            <h2 id="elements-title">Elements</h2>
            <ul className="element-list" aria-label="Elements of the instance and their states">
              {[...statuses]
                .filter(([, status]) => status !== 'taken')
                .map(([id, status]) => (
                  <li key={id} data-element-id={id} data-status={status}>
                    <span className={`swatch ${STATUS_MARKER[status]}`} aria-hidden="true" />{' '}
                    <button type="button" className="link" onClick={() => viewerRef.current && focusElement(viewerRef.current, id)}>
                      {label(id)}
                    </button>{' '}
                    <span>{STATUS_LABEL[status].toLowerCase()}</span>
                  </li>
                ))}
            </ul>
          </section>
        </div>
      )}
    </section>
  );
}

function RetryButton({ instanceKey, incidentKey, onDone }: { instanceKey: string; incidentKey: string; onDone: () => void }) {
  const toast = useToast();
  const retry = useMutation({
    mutationFn: () => api(`/api/v1/process-instances/${instanceKey}/incidents/${incidentKey}/retry`, { method: 'POST' }),
    onSuccess: () => {
      toast('Retrying: the job gets another attempt.');
      onDone();
    },
    onError: (error) => toast(error instanceof ApiError ? (error.detail ?? error.title) : 'Could not retry.', 'error'),
  });
  return (
    <button type="button" onClick={() => retry.mutate()} disabled={retry.isPending}>
      {retry.isPending ? 'Retrying…' : 'Retry'}
    </button>
  );
}

function Actions({
  instanceKey,
  active,
  nodes,
  label,
  moveTo,
  setMoveTo,
  onDone,
}: {
  instanceKey: string;
  active: string[];
  nodes: FlowNode[];
  label: (id: string) => string;
  moveTo: string;
  setMoveTo: (id: string) => void;
  onDone: () => void;
}) {
  const client = useQueryClient();
  const toast = useToast();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [moveFrom, setMoveFrom] = useState('');
  const from = moveFrom || active[0] || '';
  const cancel = useMutation({
    mutationFn: () => api(`/api/v1/process-instances/${instanceKey}/cancel`, { method: 'POST' }),
    onSuccess: () => {
      setConfirmCancel(false);
      toast('Cancelling the instance.');
      client.invalidateQueries({ queryKey: ['monitor', 'instances'] });
      onDone();
    },
  });
  const move = useMutation({
    mutationFn: () => api(`/api/v1/process-instances/${instanceKey}/move`, { method: 'POST', body: { from, to: moveTo } }),
    onSuccess: () => {
      toast(`Moving from ${label(from)} to ${label(moveTo)}.`);
      setMoveTo('');
      onDone();
    },
  });
  return (
    <section className="instance-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <form
        className="filters"
        aria-label="Move the instance"
        onSubmit={(e) => {
          e.preventDefault();
          move.mutate();
        }}
      >
        <label>
          Move from
          <select value={from} onChange={(e) => setMoveFrom(e.target.value)} disabled={active.length === 0}>
            {active.map((id) => (
              <option key={id} value={id}>
                {label(id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          to (or click an element on the diagram)
          <select value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
            <option value="">Choose an element…</option>
            {nodes.map((node) => (
              <option key={node.id} value={node.id}>
                {node.name || node.id}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!from || !moveTo || moveTo === from || move.isPending}>
          {move.isPending ? 'Moving…' : 'Move'}
        </button>
        <button type="button" className="danger" onClick={() => setConfirmCancel(true)}>
          Cancel instance…
        </button>
      </form>
      {move.isError && <ErrorMessage error={move.error} />}
      <Dialog title="Cancel this instance?" open={confirmCancel} onClose={() => setConfirmCancel(false)}>
        <p>The instance stops where it is and ends as terminated; its open tasks are closed. This cannot be undone.</p>
        {cancel.isError && <ErrorMessage error={cancel.error} />}
        <div className="actions">
          <button type="button" onClick={() => setConfirmCancel(false)}>
            Keep it running
          </button>
          <button type="button" className="primary" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel instance'}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
