import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError, errorText } from '../lib/api';
import { useSignedIn } from '../auth/session';
import {
  actionsFor,
  assignableMembers,
  describeFilter,
  filterForSaving,
  filterFromSearch,
  filterToSearch,
  inboxUrl,
  isManager,
  isOverdue,
  PRIORITIES,
  recordPath,
  VIEWS,
  type InboxPage as Page,
  type InboxView,
  type Member,
  type Priority,
  type Task,
  type TaskFilter,
  type TaskView,
} from '../lib/inbox';
import { RECORD_TYPES } from '../lib/schema';
import { formatDateTime } from '../lib/money';
import { humanize, shippedProcessId } from '../lib/processes';
import { Empty, ErrorMessage, Loading, TextField, useTitle, useToast } from '../ui/common';
import { CompleteTaskForm } from './TaskFormFields';
import './inbox.css';

const PAGE_SIZE = 25;
// process tasks arrive from the engine on their own: the open list looks again now and then
const REFRESH_MS = 5_000;

function useMembers() {
  return useQuery({ queryKey: ['members'], queryFn: () => api<Member[]>('/api/v1/members') });
}

/** The task inbox: views, filters, saved views, and the selected task with its form. */
export default function InboxPage() {
  useTitle('Inbox');
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromSearch(params), [params]);
  const savedView = params.get('savedView');
  const selectedId = params.get('task');

  const go = (next: TaskFilter, options: { savedView?: string | null; task?: string | null } = {}) => {
    const search = filterToSearch(next);
    if (options.savedView) {
      search.set('savedView', options.savedView);
    }
    const task = options.task === undefined ? selectedId : options.task;
    if (task) {
      search.set('task', task);
    }
    setParams(search);
  };
  const select = (taskId: string | null) => {
    const search = new URLSearchParams(params);
    if (taskId) {
      search.set('task', taskId);
    } else {
      search.delete('task');
    }
    setParams(search);
  };

  return (
    <section className="page inbox-page" aria-labelledby="inbox-title">
      <div className="page-header">
        <h1 id="inbox-title">Inbox</h1>
      </div>
      <ViewTabs current={filter.view} onSelect={(view) => go({ ...filter, view, status: view === 'overdue' ? null : filter.status }, { task: null })} />
      <div className="inbox-tools">
        <FilterBar filter={filter} onChange={(next) => go(next, { task: null })} />
        <SavedViews filter={filter} active={savedView} onApply={(v) => go(v.filter, { savedView: v.id, task: null })} onCleared={() => go(filter)} />
      </div>
      <div className="inbox-layout">
        <div id="inbox-panel" role="tabpanel" aria-labelledby={`inbox-tab-${filter.view}`} className="inbox-list">
          <TaskList filter={filter} savedView={savedView} selectedId={selectedId} onSelect={select} />
        </div>
        {selectedId ? (
          <TaskDetail key={selectedId} taskId={selectedId} onClose={() => select(null)} />
        ) : (
          <aside className="panel inbox-detail inbox-detail-empty" aria-label="Task">
            <p className="muted">Pick a task to see its details and complete it.</p>
          </aside>
        )}
      </div>
    </section>
  );
}

/** My tasks / Team / Unassigned / Overdue as tabs: arrow keys, Home and End move between them. */
function ViewTabs({ current, onSelect }: { current: InboxView; onSelect: (view: InboxView) => void }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const last = VIEWS.length - 1;
    const next = e.key === 'ArrowRight' ? (index === last ? 0 : index + 1) : e.key === 'ArrowLeft' ? (index === 0 ? last : index - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (next === null) {
      return;
    }
    e.preventDefault();
    refs.current[next]?.focus();
    onSelect(VIEWS[next].key);
  };
  return (
    <div role="tablist" aria-label="Inbox views" className="tabs">
      {VIEWS.map((v, i) => (
        <button
          key={v.key}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`inbox-tab-${v.key}`}
          aria-selected={current === v.key}
          aria-controls="inbox-panel"
          tabIndex={current === v.key ? 0 : -1}
          onClick={() => onSelect(v.key)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}

function FilterBar({ filter, onChange }: { filter: TaskFilter; onChange: (filter: TaskFilter) => void }) {
  const priorities = filter.priority ?? [];
  const toggle = (p: Priority, on: boolean) => onChange({ ...filter, priority: on ? [...priorities, p] : priorities.filter((x) => x !== p) });
  const narrowed = priorities.length > 0 || !!filter.source || (!!filter.status && filter.status !== 'OPEN') || !!filter.recordType;
  return (
    <form className="filter-bar" aria-label="Filter tasks" onSubmit={(e) => e.preventDefault()}>
      <fieldset className="inline">
        <legend>Priority</legend>
        {PRIORITIES.map((p) => (
          <label key={p} className="check">
            <input type="checkbox" checked={priorities.includes(p)} onChange={(e) => toggle(p, e.target.checked)} />
            {p.toLowerCase()}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="inbox-source">Source</label>
        <select id="inbox-source" value={filter.source ?? ''} onChange={(e) => onChange({ ...filter, source: (e.target.value || null) as TaskFilter['source'] })}>
          <option value="">All tasks</option>
          <option value="process">From processes</option>
          <option value="manual">Made by hand</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="inbox-status">Status</label>
        <select
          id="inbox-status"
          value={filter.view === 'overdue' ? 'OPEN' : (filter.status ?? 'OPEN')}
          disabled={filter.view === 'overdue'}
          onChange={(e) => onChange({ ...filter, status: e.target.value as TaskFilter['status'] })}
        >
          <option value="OPEN">Open</option>
          <option value="DONE">Done</option>
          <option value="CANCELLED">Cancelled</option>
        </select>
      </div>
      {filter.recordType && <p className="chip">Tasks of one {filter.recordType}</p>}
      {narrowed && (
        <button type="button" className="link" onClick={() => onChange({ view: filter.view })}>
          Clear filters
        </button>
      )}
    </form>
  );
}

/** Saved views shared in the organisation: apply, save the current filter under a name, delete. */
function SavedViews({ filter, active, onApply, onCleared }: { filter: TaskFilter; active: string | null; onApply: (view: TaskView) => void; onCleared: () => void }) {
  const session = useSignedIn();
  const client = useQueryClient();
  const toast = useToast();
  const views = useQuery({ queryKey: ['task-views'], queryFn: () => api<TaskView[]>('/api/v1/task-views') });
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: () => api<TaskView>('/api/v1/task-views', { body: { name: name.trim(), filter: filterForSaving(filter) } }),
    onSuccess: (view) => {
      setName('');
      client.invalidateQueries({ queryKey: ['task-views'] });
      toast(`View “${view.name}” saved for everyone in the organisation.`);
      onApply(view);
    },
    onError: (e) => setNameError(e instanceof ApiError && e.status === 409 ? 'A view with this name already exists.' : errorText(e)),
  });
  const remove = useMutation({
    mutationFn: (view: TaskView) => api(`/api/v1/task-views/${view.id}`, { method: 'DELETE' }),
    onSuccess: (_, view) => {
      client.invalidateQueries({ queryKey: ['task-views'] });
      toast(`View “${view.name}” deleted.`);
      if (view.id === active) {
        onCleared();
      }
    },
    onError: (e) => toast(errorText(e), 'error'),
  });
  const manager = isManager(session.activeOrganization.role);
  return (
    <section className="saved-views" aria-labelledby="saved-views-title">
      <h2 id="saved-views-title">Saved views</h2>
      {views.isPending ? (
        <Loading />
      ) : views.isError ? (
        <ErrorMessage error={views.error} retry={() => views.refetch()} />
      ) : views.data.length === 0 ? (
        <p className="muted">No saved views yet.</p>
      ) : (
        <ul className="view-list">
          {views.data.map((v) => (
            <li key={v.id}>
              <button type="button" className="view-chip" aria-pressed={v.id === active} title={describeFilter(v.filter)} onClick={() => onApply(v)}>
                {v.name}
              </button>
              {(manager || v.createdBy === session.user.id) && (
                <button type="button" className="link danger" aria-label={`Delete view ${v.name}`} disabled={remove.isPending} onClick={() => window.confirm(`Delete the view “${v.name}” for everyone?`) && remove.mutate(v)}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {session.activeOrganization.role !== 'VIEWER' && (
        <form
          className="row"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) {
              setNameError('Give the view a name.');
              return;
            }
            if (name.trim().length > 100) {
              setNameError('Use at most 100 characters.');
              return;
            }
            setNameError(undefined);
            save.mutate();
          }}
        >
          <TextField label="Save current filter as" value={name} maxLength={100} error={nameError} onChange={(e) => setName(e.target.value)} hint={describeFilter(filter)} />
          <button type="submit" disabled={save.isPending}>
            Save view
          </button>
        </form>
      )}
    </section>
  );
}

function TaskList({ filter, savedView, selectedId, onSelect }: { filter: TaskFilter; savedView: string | null; selectedId: string | null; onSelect: (id: string) => void }) {
  const key = savedView ? `saved:${savedView}` : filterToSearch(filter).toString();
  const query = useInfiniteQuery({
    queryKey: ['inbox', key],
    queryFn: ({ pageParam, signal }) => api<Page>(inboxUrl(filter, { savedView, cursor: pageParam, limit: PAGE_SIZE }), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: REFRESH_MS,
  });
  const members = useMembers();
  const session = useSignedIn();
  const names = useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m.userId === session.user.id ? 'You' : m.name])), [members.data, session.user.id]);
  if (query.isPending) {
    return <Loading label="Loading tasks…" />;
  }
  if (query.isError) {
    return <ErrorMessage error={query.error} retry={() => query.refetch()} />;
  }
  const tasks = query.data.pages.flatMap((p) => p.items);
  if (tasks.length === 0) {
    const view = VIEWS.find((v) => v.key === filter.view);
    return <Empty>{savedView || (filter.priority?.length ?? 0) > 0 || filter.source || filter.status ? 'No tasks match this filter.' : view?.empty}</Empty>;
  }
  return (
    <>
      <p className="muted" aria-live="polite">
        {tasks.length}
        {query.hasNextPage ? '+' : ''} task{tasks.length === 1 ? '' : 's'}
      </p>
      <ul className="task-list" aria-label="Tasks">
        {tasks.map((t) => (
          <TaskRow key={t.id} task={t} selected={t.id === selectedId} assignee={t.assigneeId ? (names.get(t.assigneeId) ?? 'Someone') : null} onSelect={() => onSelect(t.id)} />
        ))}
      </ul>
      {query.hasNextPage && (
        <div className="load-more">
          <button type="button" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? 'Loading…' : 'Load more tasks'}
          </button>
        </div>
      )}
    </>
  );
}

/** A record's name for a task: the same query (and cache) as the record page. */
function useRecordName(task: Pick<Task, 'recordType' | 'recordId'>) {
  const path = recordPath(task);
  const type = path ? RECORD_TYPES[path.split('/')[1]] : undefined;
  const record = useQuery({
    queryKey: [type?.key, task.recordId],
    enabled: !!type,
    staleTime: 60_000,
    retry: (n, e) => !(e instanceof ApiError && (e.status === 404 || e.status === 403)) && n < 1,
    queryFn: () => api<Record<string, unknown> & { id: string; version: number }>(`/api/v1/${type?.plural}/${task.recordId}`),
  });
  const name = record.data && type ? type.nameOf(record.data) : null;
  return { path, type, name: name || (type ? `This ${type.singular}` : null) };
}

function TaskRow({ task, selected, assignee, onSelect }: { task: Task; selected: boolean; assignee: string | null; onSelect: () => void }) {
  const record = useRecordName(task);
  const overdue = isOverdue(task);
  return (
    <li className={`task-row${selected ? ' selected' : ''}`} data-task-id={task.id}>
      <div className="task-row-main">
        <button type="button" className="link task-title" aria-current={selected ? 'true' : undefined} onClick={onSelect}>
          {task.title}
        </button>
        {record.path && (
          <Link to={record.path} className="task-record">
            {record.name}
          </Link>
        )}
      </div>
      <div className="task-row-meta">
        {task.priority !== 'NORMAL' && <span className={`badge priority-${task.priority.toLowerCase()}`}>{task.priority.toLowerCase()}</span>}
        {task.dueAt && (
          <span className={overdue ? 'overdue' : 'muted'}>
            {overdue ? 'Overdue · ' : 'Due '}
            <time dateTime={task.dueAt}>{formatDateTime(task.dueAt)}</time>
          </span>
        )}
        <span className="muted">{assignee ?? 'Unassigned'}</span>
        {task.status !== 'OPEN' && <span className="badge">{task.status.toLowerCase()}</span>}
      </div>
    </li>
  );
}

function TaskDetail({ taskId, onClose }: { taskId: string; onClose: () => void }) {
  const session = useSignedIn();
  const client = useQueryClient();
  const toast = useToast();
  const task = useQuery({
    queryKey: ['task', taskId],
    queryFn: () => api<Task>(`/api/v1/tasks/${taskId}`),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 1,
  });
  const members = useMembers();
  const [assignTo, setAssignTo] = useState('');
  const refresh = (updated?: Task) => {
    if (updated) {
      client.setQueryData(['task', taskId], updated);
    }
    client.invalidateQueries({ queryKey: ['inbox'] });
    client.invalidateQueries({ queryKey: ['task', taskId] });
  };
  const onActionError = (e: unknown) => {
    toast(errorText(e), 'error');
    refresh();
  };
  const claim = useTaskAction(taskId, 'claim', (t) => {
    refresh(t);
    toast('Task claimed: it is yours now.');
  }, onActionError);
  const unclaim = useTaskAction(taskId, 'unclaim', (t) => {
    refresh(t);
    toast('Task given back to its candidates.');
  }, onActionError);
  const assign = useTaskAction(taskId, 'assign', (t) => {
    refresh(t);
    toast('Task assigned.');
  }, onActionError);
  const complete = useMutation({
    mutationFn: (variables: Record<string, unknown>) => api<Task>(`/api/v1/tasks/${taskId}/complete`, { body: task.data?.source === 'PROCESS' ? { variables } : {} }),
    onSuccess: (updated) => {
      refresh(updated);
      toast(`Completed “${updated.title}”.`);
      onClose();
    },
    onError: (e) => {
      // 409: the process moved on without this task; it is closed now
      if (e instanceof ApiError && e.status === 409) {
        toast(errorText(e), 'error');
        refresh();
      }
    },
  });
  const record = useRecordName(task.data ?? {});
  const headingId = `task-${taskId}-title`;

  if (task.isPending) {
    return (
      <aside className="panel inbox-detail" aria-label="Task">
        <Loading label="Loading the task…" />
      </aside>
    );
  }
  if (task.isError) {
    return (
      <aside className="panel inbox-detail" aria-label="Task">
        <ErrorMessage error={task.error} retry={task.error instanceof ApiError && task.error.status === 404 ? undefined : () => task.refetch()} />
        <button type="button" onClick={onClose}>
          Close
        </button>
      </aside>
    );
  }
  const t = task.data;
  const me = (members.data ?? []).find((m) => m.userId === session.user.id);
  const can = actionsFor(t, { userId: session.user.id, role: session.activeOrganization.role, teamIds: me?.teamIds ?? [] });
  const names = new Map((members.data ?? []).map((m) => [m.userId, m.name]));
  const candidates = assignableMembers(t, members.data ?? []);
  const overdue = isOverdue(t);
  return (
    <aside className="panel inbox-detail" aria-labelledby={headingId}>
      <div className="detail-header">
        <h2 id={headingId}>{t.title}</h2>
        <button type="button" className="link" aria-label="Close task" onClick={onClose}>
          ×
        </button>
      </div>
      {t.description && <p>{t.description}</p>}
      <dl className="facts">
        {record.path && (
          <div>
            <dt>{record.type ? record.type.singular[0].toUpperCase() + record.type.singular.slice(1) : 'Record'}</dt>
            <dd>
              <Link to={record.path}>{record.name}</Link>
            </dd>
          </div>
        )}
        <div>
          <dt>Assignee</dt>
          <dd>{t.assigneeId ? (t.assigneeId === session.user.id ? 'You' : (names.get(t.assigneeId) ?? 'Someone')) : 'Unassigned'}</dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd className={overdue ? 'overdue' : undefined}>{t.dueAt ? `${formatDateTime(t.dueAt)}${overdue ? ' (overdue)' : ''}` : '—'}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{t.priority.toLowerCase()}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{t.status.toLowerCase()}</dd>
        </div>
        {t.process && (
          <div>
            <dt>Process</dt>
            <dd>
              {humanize(shippedProcessId(t.process.bpmnProcessId))}
              {isManager(session.activeOrganization.role) && (
                <>
                  {' · '}
                  <Link to={`/monitor/instances/${t.process.processInstanceKey}`}>open in monitor</Link>
                </>
              )}
            </dd>
          </div>
        )}
        {t.process?.candidateRole === 'MANAGER' && (
          <div>
            <dt>Who may take it</dt>
            <dd>Managers</dd>
          </div>
        )}
      </dl>
      <div className="actions detail-actions">
        {can.claim && (
          <button type="button" className="primary" disabled={claim.isPending} onClick={() => claim.mutate(undefined)}>
            Claim
          </button>
        )}
        {can.unclaim && (
          <button type="button" disabled={unclaim.isPending} onClick={() => unclaim.mutate(undefined)}>
            {t.assigneeId === session.user.id ? 'Unclaim' : 'Unassign'}
          </button>
        )}
      </div>
      {can.assign && (
        <form
          className="row assign-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (assignTo) {
              assign.mutate({ userId: assignTo }, { onSuccess: () => setAssignTo('') });
            }
          }}
        >
          <div className="field">
            <label htmlFor={`assign-${taskId}`}>Assign to</label>
            <select id={`assign-${taskId}`} value={assignTo} onChange={(e) => setAssignTo(e.target.value)} disabled={members.isPending}>
              <option value="">Choose a member…</option>
              {candidates.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                  {m.userId === session.user.id ? ' (you)' : ''}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={!assignTo || assign.isPending}>
            Assign
          </button>
        </form>
      )}
      {t.status === 'OPEN' ? (
        can.complete ? (
          <section aria-labelledby={`${headingId}-complete`} className="complete-section">
            <h3 id={`${headingId}-complete`}>Complete</h3>
            <CompleteTaskForm task={t} members={members.data ?? []} pending={complete.isPending} error={complete.error} onComplete={(v) => complete.mutate(v)} />
          </section>
        ) : (
          <p className="notice">{t.assigneeId ? 'Only its assignee or a manager can complete this task.' : 'Claim this task to complete it.'}</p>
        )
      ) : (
        <p className="notice">
          This task is {t.status.toLowerCase()}
          {t.completedAt ? ` since ${formatDateTime(t.completedAt)}` : ''}.
        </p>
      )}
    </aside>
  );
}

/** Claim, unclaim or assign: POST /api/v1/tasks/{id}/{action}. */
function useTaskAction(taskId: string, action: 'claim' | 'unclaim' | 'assign', onSuccess: (t: Task) => void, onError: (e: unknown) => void) {
  return useMutation({ mutationFn: (body?: { userId: string }) => api<Task>(`/api/v1/tasks/${taskId}/${action}`, { body: body ?? {} }), onSuccess, onError });
}
