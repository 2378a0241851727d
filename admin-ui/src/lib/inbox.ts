/**
 * The task inbox's filters (crm-api task/TaskFilter) as URL search parameters, both for this page's address
 * and for GET /api/v1/tasks/inbox; who may act on a task; where a task's record lives.
 */
import type { TaskForm } from './taskForm';

export type InboxView = 'mine' | 'team' | 'unassigned' | 'overdue';
export type Priority = 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';
export type TaskStatus = 'OPEN' | 'DONE' | 'CANCELLED';

export const VIEWS: { key: InboxView; label: string; empty: string }[] = [
  { key: 'mine', label: 'My tasks', empty: 'Nothing assigned to you. Enjoy the quiet, or pick something from Unassigned.' },
  { key: 'team', label: 'Team', empty: 'Your teams have no open tasks.' },
  { key: 'unassigned', label: 'Unassigned', empty: 'No unassigned tasks you could take.' },
  { key: 'overdue', label: 'Overdue', empty: 'Nothing is overdue.' },
];
export const PRIORITIES: Priority[] = ['URGENT', 'HIGH', 'NORMAL', 'LOW'];
export const STATUSES: TaskStatus[] = ['OPEN', 'DONE', 'CANCELLED'];

/** The API's TaskFilter: what a saved view stores. */
export type TaskFilter = {
  view: InboxView;
  status?: TaskStatus | null;
  priority?: Priority[];
  source?: 'process' | 'manual' | null;
  recordType?: string | null;
  recordId?: string | null;
};

export type TaskView = { id: string; name: string; filter: TaskFilter; createdBy: string; version: number };

export type ProcessLink = {
  jobKey: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  formKey?: string | null;
  candidateTeamIds: string[];
  candidateRole?: string | null;
};

export type Task = {
  id: string;
  title: string;
  description?: string | null;
  dueAt?: string | null;
  assigneeId?: string | null;
  priority: Priority;
  status: TaskStatus;
  recordType?: string | null;
  recordId?: string | null;
  createdBy?: string | null;
  version: number;
  createdAt: string;
  completedAt?: string | null;
  source: 'PROCESS' | 'MANUAL';
  process?: ProcessLink | null;
  form?: TaskForm | null;
};

export type InboxPage = { items: Task[]; nextCursor: string | null };

const isView = (v: string | null): v is InboxView => VIEWS.some((x) => x.key === v);
const isPriority = (v: string): v is Priority => (PRIORITIES as string[]).includes(v);
const isStatus = (v: string | null): v is TaskStatus => (STATUSES as (string | null)[]).includes(v);

/** The filter a page address describes; anything unknown is dropped, the view defaults to mine. */
export function filterFromSearch(params: URLSearchParams): TaskFilter {
  const view = params.get('view');
  const status = params.get('status');
  const source = params.get('source');
  const recordType = params.get('recordType');
  const recordId = params.get('recordId');
  const filter: TaskFilter = { view: isView(view) ? view : 'mine' };
  const priority = [...new Set(params.getAll('priority').filter(isPriority))];
  if (priority.length > 0) {
    filter.priority = priority;
  }
  if (isStatus(status) && filter.view !== 'overdue') {
    filter.status = status;
  }
  if (source === 'process' || source === 'manual') {
    filter.source = source;
  }
  if (recordType && recordId && ['company', 'contact', 'lead', 'deal'].includes(recordType)) {
    filter.recordType = recordType;
    filter.recordId = recordId;
  }
  return filter;
}

/** A filter as search parameters (the page's and the API's are the same names); defaults left out. */
export function filterToSearch(filter: TaskFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.view !== 'mine') {
    params.set('view', filter.view);
  }
  if (filter.status && filter.status !== 'OPEN' && filter.view !== 'overdue') {
    params.set('status', filter.status);
  }
  for (const p of filter.priority ?? []) {
    params.append('priority', p);
  }
  if (filter.source) {
    params.set('source', filter.source);
  }
  if (filter.recordType && filter.recordId) {
    params.set('recordType', filter.recordType);
    params.set('recordId', filter.recordId);
  }
  return params;
}

/** The inbox API's address for one page: a saved view by id, else the filter; the cursor of the page. */
export function inboxUrl(filter: TaskFilter, options: { savedView?: string | null; cursor?: string | null; limit?: number } = {}): string {
  const params = options.savedView ? new URLSearchParams({ savedView: options.savedView }) : filterToSearch(filter);
  params.set('limit', String(options.limit ?? 25));
  if (options.cursor) {
    params.set('cursor', options.cursor);
  }
  return `/api/v1/tasks/inbox?${params}`;
}

/** The filter as a saved view stores it (TaskFilter: empty priority list, nulls for the rest). */
export function filterForSaving(filter: TaskFilter): TaskFilter {
  return {
    view: filter.view,
    status: filter.view === 'overdue' ? null : (filter.status ?? null),
    priority: filter.priority ?? [],
    source: filter.source ?? null,
    recordType: filter.recordType ?? null,
    recordId: filter.recordId ?? null,
  };
}

/** Two filters select the same tasks. */
export function sameFilter(a: TaskFilter, b: TaskFilter): boolean {
  const normal = (f: TaskFilter) => filterToSearch({ ...f, priority: [...(f.priority ?? [])].sort() }).toString();
  return normal(a) === normal(b);
}

/** A filter in words, for a saved view's summary: "Unassigned · high, urgent · process tasks". */
export function describeFilter(filter: TaskFilter): string {
  const parts = [VIEWS.find((v) => v.key === filter.view)?.label ?? filter.view];
  if (filter.status && filter.status !== 'OPEN') {
    parts.push(filter.status.toLowerCase());
  }
  if (filter.priority && filter.priority.length > 0) {
    parts.push(filter.priority.map((p) => p.toLowerCase()).join(', '));
  }
  if (filter.source) {
    parts.push(filter.source === 'process' ? 'process tasks' : 'tasks made by hand');
  }
  if (filter.recordType) {
    parts.push(`one ${filter.recordType}`);
  }
  return parts.join(' · ');
}

const PLURAL: Record<string, string> = { company: 'companies', contact: 'contacts', lead: 'leads', deal: 'deals' };

/** The app route of the task's record, e.g. /leads/<id>; null when it has none. */
export function recordPath(task: Pick<Task, 'recordType' | 'recordId'>): string | null {
  if (!task.recordType || !task.recordId || !PLURAL[task.recordType]) {
    return null;
  }
  return `/${PLURAL[task.recordType]}/${task.recordId}`;
}

export function isOverdue(task: Pick<Task, 'dueAt' | 'status'>, now: Date = new Date()): boolean {
  return task.status === 'OPEN' && !!task.dueAt && new Date(task.dueAt).getTime() < now.getTime();
}

export type Role = 'OWNER' | 'ADMIN' | 'MANAGER' | 'MEMBER' | 'VIEWER';
export type Member = { userId: string; name: string; email?: string; role: Role; teamIds: string[] };

export const isManager = (role: Role) => role === 'OWNER' || role === 'ADMIN' || role === 'MANAGER';

/** Whether a member may hold a process task: in a candidate team (when it names any), a manager when it asks one. */
export function isCandidate(task: Task, member: Member): boolean {
  const process = task.process;
  if (!process) {
    return true;
  }
  const byTeam = process.candidateTeamIds.length === 0 || process.candidateTeamIds.some((t) => member.teamIds.includes(t));
  const byRole = !process.candidateRole || isManager(member.role);
  return byTeam && byRole;
}

/** The members a manager may assign the task to (VIEWERs cannot work tasks). */
export function assignableMembers(task: Task, members: Member[]): Member[] {
  return members.filter((m) => m.role !== 'VIEWER' && m.userId !== task.assigneeId && isCandidate(task, m)).sort((a, b) => a.name.localeCompare(b.name));
}

/** What the signed-in user may do with a task, as the API decides it (task/TaskWork). */
export function actionsFor(task: Task, me: { userId: string; role: Role; teamIds: string[] }): { claim: boolean; unclaim: boolean; assign: boolean; complete: boolean } {
  const open = task.status === 'OPEN';
  const manager = isManager(me.role);
  const worker = me.role !== 'VIEWER';
  const mine = task.assigneeId === me.userId;
  const candidate = isCandidate(task, { userId: me.userId, name: '', role: me.role, teamIds: me.teamIds });
  return {
    claim: open && worker && !task.assigneeId && candidate,
    unclaim: open && worker && !!task.assigneeId && (mine || manager),
    assign: open && manager,
    complete: open && worker && (task.source === 'MANUAL' || mine || manager),
  };
}
