import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, errorText } from '../lib/api';
import { changes, RECORD_TYPES, toInput, valueOf, type FieldDef, type RecordTypeDef } from '../lib/schema';
import { formatDateTime } from '../lib/money';
import { Empty, ErrorMessage, Loading, TextField, useTitle, useToast } from '../ui/common';
import { NotFound } from '../App';
import { display, useFields, useMemberNames } from './RecordListPage';
import type { Stage } from '../lib/board';
import { ProcessesPanel } from './ProcessesPanel';

type RecordData = Record<string, unknown> & { id: string; version: number };
type Activity = { id: string; kind: string; subject?: string; body?: string; data?: Record<string, unknown>; actorId?: string; occurredAt: string };
type Task = { id: string; title: string; dueAt?: string; status: string; priority: string; assigneeId?: string; version: number };
type Pipeline = { id: string; name: string; stages: Stage[] };

export default function RecordPage() {
  const { type: plural = '', id = '' } = useParams();
  const type = RECORD_TYPES[plural];
  if (!type) {
    return <NotFound />;
  }
  return <RecordView key={`${plural}/${id}`} type={type} id={id} />;
}

function RecordView({ type, id }: { type: RecordTypeDef; id: string }) {
  const record = useQuery({ queryKey: [type.key, id], queryFn: () => api<RecordData>(`/api/v1/${type.plural}/${id}`), retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 1 });
  const name = record.data ? type.nameOf(record.data) || `Untitled ${type.singular}` : type.singular;
  useTitle(name);
  if (record.isPending) {
    return <Loading />;
  }
  if (record.isError) {
    return (
      <section className="page">
        <h1>{type.title}</h1>
        <ErrorMessage error={record.error} retry={() => record.refetch()} />
        <p>
          <Link to={`/${type.plural}`}>Back to {type.title.toLowerCase()}</Link>
        </p>
      </section>
    );
  }
  return (
    <article className="page record-page" aria-labelledby="record-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/${type.plural}`}>{type.title}</Link> / <span aria-current="page">{name}</span>
      </nav>
      <div className="page-header">
        <h1 id="record-title">{name}</h1>
        <RecordActions type={type} record={record.data} />
      </div>
      {type.key === 'lead' && typeof record.data.convertedDealId === 'string' && (
        <p className="notice">
          This lead became a deal: <Link to={`/deals/${record.data.convertedDealId}`}>open the deal</Link>
        </p>
      )}
      <div className="record-grid">
        <FieldsPanel type={type} record={record.data} onSaved={(r) => record.refetch().then(() => r)} />
        <div className="record-side">
          <TasksPanel type={type} id={id} />
          <ProcessesPanel recordId={id} singular={type.singular} />
        </div>
        <TimelinePanel type={type} id={id} />
      </div>
    </article>
  );
}

function RecordActions({ type, record }: { type: RecordTypeDef; record: RecordData }) {
  const navigate = useNavigate();
  const toast = useToast();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/${type.plural}/${record.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      toast(`${type.singular[0].toUpperCase()}${type.singular.slice(1)} deleted.`);
      client.invalidateQueries({ queryKey: ['list', type.plural] });
      navigate(`/${type.plural}`);
    },
    onError: (e) => toast(errorText(e), 'error'),
  });
  const convert = useMutation({
    mutationFn: () => api<Record<string, unknown>>(`/api/v1/leads/${record.id}/convert`, { body: {} }),
    onSuccess: (result) => {
      toast('Lead converted.');
      const deal = (result.deal as { id?: string } | undefined)?.id ?? (result.dealId as string | undefined);
      navigate(deal ? `/deals/${deal}` : '/deals');
    },
    onError: (e) => toast(errorText(e), 'error'),
  });
  return (
    <div className="actions">
      {type.key === 'lead' && record.status !== 'CONVERTED' && (
        <button type="button" onClick={() => convert.mutate()} disabled={convert.isPending}>
          Convert to deal
        </button>
      )}
      <button
        type="button"
        className="danger"
        onClick={() => window.confirm(`Delete this ${type.singular}? Its timeline goes too.`) && remove.mutate()}
        disabled={remove.isPending}
      >
        Delete
      </button>
    </div>
  );
}

function DealStage({ record }: { record: RecordData }) {
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: () => api<Pipeline[]>('/api/v1/pipelines') });
  const client = useQueryClient();
  const toast = useToast();
  const pipeline = pipelines.data?.find((p) => p.id === record.pipelineId);
  const move = useMutation({
    mutationFn: (stageId: string) => api(`/api/v1/deals/${record.id}/move`, { body: { stageId, version: record.version } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['deal', record.id] }),
    onError: (e) => {
      toast(errorText(e), 'error');
      client.invalidateQueries({ queryKey: ['deal', record.id] });
    },
  });
  if (!pipeline) {
    return null;
  }
  return (
    <div className="field">
      <label htmlFor="deal-stage">Stage ({pipeline.name})</label>
      <select id="deal-stage" value={String(record.stageId)} onChange={(e) => move.mutate(e.target.value)} disabled={move.isPending}>
        {pipeline.stages.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function FieldsPanel({ type, record, onSaved }: { type: RecordTypeDef; record: RecordData; onSaved: (r: RecordData) => void }) {
  const { fields } = useFields(type);
  const names = useMemberNames();
  // memoised: `initial` below must stay the same object between renders, or its effect sets state on every render
  const editable = useMemo(() => fields.filter((f) => !f.readOnly && f.kind !== 'reference'), [fields]);
  const initial = useMemo(() => Object.fromEntries(editable.map((f) => [f.name, toInput(f.kind, valueOf(record, f.name))])), [editable, record]);
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [conflict, setConflict] = useState<string | null>(null);
  const toast = useToast();
  useEffect(() => setValues(initial), [initial]);
  const save = useMutation({
    mutationFn: () => api<RecordData>(`/api/v1/${type.plural}/${record.id}`, { method: 'PATCH', body: { ...changes(editable, initial, values), version: record.version } }),
    onSuccess: (saved) => {
      setConflict(null);
      toast('Saved.');
      onSaved(saved);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        setConflict('Someone else changed this record meanwhile. Their version is shown now; make your change again.');
        onSaved(record);
      }
    },
  });
  const dirty = editable.some((f) => initial[f.name] !== values[f.name]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const readOnly = fields.filter((f) => f.readOnly || f.kind === 'reference');
  return (
    <section className="panel fields-panel" aria-labelledby="fields-title">
      <h2 id="fields-title">Details</h2>
      {type.key === 'deal' && <DealStage record={record} />}
      <form onSubmit={submit} noValidate className="stack">
        {editable.map((f) =>
          f.kind === 'enum' && f.options?.length ? (
            <div className="field" key={f.name}>
              <label htmlFor={`f-${f.name}`}>{f.label}</label>
              <select id={`f-${f.name}`} value={values[f.name] ?? ''} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
                <option value="">—</option>
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <TextField
              key={f.name}
              id={`f-${f.name}`}
              label={f.label}
              type={f.kind === 'date' ? 'date' : f.kind === 'email' ? 'email' : 'text'}
              value={values[f.name] ?? ''}
              hint={f.kind === 'tags' ? 'Comma-separated' : undefined}
              error={save.error instanceof ApiError ? save.error.fieldMessage(f.name) : undefined}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            />
          ),
        )}
        {conflict && (
          <p className="form-error" role="alert">
            {conflict}
          </p>
        )}
        {save.isError && !conflict && <ErrorMessage error={save.error} />}
        <div className="actions">
          <button type="button" disabled={!dirty} onClick={() => setValues(initial)}>
            Discard
          </button>
          <button type="submit" className="primary" disabled={!dirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      <dl className="facts">
        {readOnly.map((f: FieldDef) => (
          <div key={f.name}>
            <dt>{f.label}</dt>
            <dd>{display(f, valueOf(record, f.name), record, names)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const KIND_LABEL: Record<string, string> = { CALL: 'Call', MEETING: 'Meeting', EMAIL: 'Email', NOTE: 'Note', STAGE_CHANGE: 'Stage change', SYSTEM: 'Update' };

function TimelinePanel({ type, id }: { type: RecordTypeDef; id: string }) {
  const timeline = useQuery({ queryKey: ['timeline', type.key, id], queryFn: () => api<Activity[]>(`/api/v1/${type.plural}/${id}/timeline?limit=100`) });
  const names = useMemberNames();
  const [kind, setKind] = useState('NOTE');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () => api(`/api/v1/${type.plural}/${id}/activities`, { body: { kind, subject: subject.trim() || undefined, body: body.trim() || undefined } }),
    onSuccess: () => {
      setSubject('');
      setBody('');
      timeline.refetch();
    },
  });
  return (
    <section className="panel timeline-panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim() || subject.trim()) {
            add.mutate();
          }
        }}
      >
        <div className="row">
          <div className="field">
            <label htmlFor="activity-kind">Log a</label>
            <select id="activity-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="NOTE">Note</option>
              <option value="CALL">Call</option>
              <option value="MEETING">Meeting</option>
              <option value="EMAIL">Email</option>
            </select>
          </div>
          <TextField label="Subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="activity-body">Notes</label>
          <textarea id="activity-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        {add.isError && <ErrorMessage error={add.error} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={add.isPending}>
            Add to timeline
          </button>
        </div>
      </form>
      {timeline.isPending ? (
        <Loading />
      ) : timeline.isError ? (
        <ErrorMessage error={timeline.error} retry={() => timeline.refetch()} />
      ) : timeline.data.length === 0 ? (
        <Empty>Nothing has happened yet.</Empty>
      ) : (
        <ol className="timeline">
          {timeline.data.map((a) => (
            <li key={a.id} className={`activity activity-${a.kind.toLowerCase()}`}>
              <p className="activity-head">
                <strong>{KIND_LABEL[a.kind] ?? a.kind}</strong>
                {a.subject ? ` · ${a.subject}` : ''}
                <span className="muted">
                  {' '}
                  {a.actorId ? `${names.get(a.actorId) ?? 'Someone'}, ` : ''}
                  <time dateTime={a.occurredAt}>{formatDateTime(a.occurredAt)}</time>
                </span>
              </p>
              {a.body && <p className="activity-body">{a.body}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function TasksPanel({ type, id }: { type: RecordTypeDef; id: string }) {
  const tasks = useQuery({ queryKey: ['tasks', type.key, id], queryFn: () => api<Task[]>(`/api/v1/tasks?recordType=${type.key}&recordId=${id}`) });
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const toast = useToast();
  const add = useMutation({
    mutationFn: () =>
      api('/api/v1/tasks', { body: { title: title.trim(), dueAt: due ? new Date(`${due}T17:00:00`).toISOString() : undefined, recordType: type.key, recordId: id } }),
    onSuccess: () => {
      setTitle('');
      setDue('');
      tasks.refetch();
    },
  });
  const complete = useMutation({
    mutationFn: (taskId: string) => api(`/api/v1/tasks/${taskId}/complete`, { body: {} }),
    onSuccess: () => tasks.refetch(),
    onError: (e) => toast(errorText(e), 'error'),
  });
  return (
    <section className="panel" aria-labelledby="tasks-title">
      <h2 id="tasks-title">Tasks</h2>
      {tasks.isPending ? (
        <Loading />
      ) : tasks.isError ? (
        <ErrorMessage error={tasks.error} retry={() => tasks.refetch()} />
      ) : tasks.data.length === 0 ? (
        <Empty>No tasks.</Empty>
      ) : (
        <ul className="tasks">
          {tasks.data.map((t) => (
            <li key={t.id} className={t.status === 'DONE' ? 'done' : undefined}>
              <label className="check">
                <input type="checkbox" checked={t.status === 'DONE'} disabled={t.status !== 'OPEN' || complete.isPending} onChange={() => complete.mutate(t.id)} />
                {t.title}
              </label>
              {t.dueAt && <span className="muted"> due {formatDateTime(t.dueAt)}</span>}
            </li>
          ))}
        </ul>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (title.trim()) {
            add.mutate();
          }
        }}
      >
        <TextField label="New task" value={title} onChange={(e) => setTitle(e.target.value)} />
        <TextField label="Due" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        <button type="submit" disabled={add.isPending}>
          Add task
        </button>
      </form>
      {add.isError && <ErrorMessage error={add.error} />}
    </section>
  );
}
