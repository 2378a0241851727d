/** The process monitor's data and the pure rules behind it: filters, markers for an instance's path. */

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export type ProcessInstance = {
  key: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  parentInstanceKey?: string | null;
  state: InstanceState;
  hasIncident: boolean;
  openIncidents: number;
  businessKey?: string | null;
  recordId?: string | null;
  startedAt: string;
  endedAt?: string | null;
};

export type PathElement = {
  key: string;
  elementId: string;
  elementType: string;
  /** ACTIVE, COMPLETED, TERMINATED, or TAKEN for a sequence flow. */
  state: string;
  startedAt?: string | null;
  endedAt?: string | null;
};

export type Incident = {
  key: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  errorType: string;
  errorMessage?: string | null;
  jobKey?: string | null;
  state: string;
  createdAt: string;
  resolvedAt?: string | null;
};

export type InstanceDetail = {
  instance: ProcessInstance;
  elements: PathElement[];
  activeElementIds: string[];
  incidents: Incident[];
  jobs: unknown[];
};

export type Page<T> = { items: T[]; nextCursor?: string | null };

/** The instance list's filters, as the page URL and the API take them. */
export type MonitorFilters = {
  process: string;
  state: '' | InstanceState;
  incidents: '' | 'with' | 'without';
};

export const NO_FILTERS: MonitorFilters = { process: '', state: '', incidents: '' };

/** The shipped processes, for the process filter (an organisation's own versions keep these ids). */
export const SHIPPED_PROCESSES = [
  { id: 'lead-to-close', name: 'Lead to close' },
  { id: 'trial', name: 'Trial' },
  { id: 'onboarding', name: 'Onboarding' },
];

/** The record page of an instance's business key (`lead:<id>`, `deal:<id>`), if it is one the app shows. */
export function recordLink(businessKey: string | null | undefined): { href: string; label: string } | undefined {
  const match = businessKey?.match(/^(lead|deal|contact|company):([0-9a-f-]{36})$/);
  if (!match) {
    return undefined;
  }
  const plural = match[1] === 'company' ? 'companies' : `${match[1]}s`;
  return { href: `/${plural}/${match[2]}`, label: `${match[1][0].toUpperCase()}${match[1].slice(1)} ${match[2].slice(0, 8)}` };
}

const STATES: InstanceState[] = ['ACTIVE', 'COMPLETED', 'TERMINATED'];

/** Filters from the page URL; anything unknown is ignored, so an edited URL cannot break the page. */
export function filtersFromUrl(params: URLSearchParams): MonitorFilters {
  const state = params.get('state') ?? '';
  const incidents = params.get('incidents') ?? '';
  const process = params.get('process') ?? '';
  return {
    process: /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/.test(process) ? process : '',
    state: (STATES as string[]).includes(state) ? (state as InstanceState) : '',
    incidents: incidents === 'with' || incidents === 'without' ? incidents : '',
  };
}

/** The page URL's query for the filters (empty ones left out). */
export function filtersToUrl(filters: MonitorFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.process) params.set('process', filters.process);
  if (filters.state) params.set('state', filters.state);
  if (filters.incidents) params.set('incidents', filters.incidents);
  return params;
}

/** The query of GET /api/v1/process-instances for the filters and a page cursor. */
export function instanceQuery(filters: MonitorFilters, cursor?: string | null, limit = 50): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.process) params.set('bpmnProcessId', filters.process);
  if (filters.state) params.set('state', filters.state);
  if (filters.incidents) params.set('hasIncident', String(filters.incidents === 'with'));
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params;
}

/**
 * The shipped process an engine id belongs to: an organisation's own version runs as
 * `<shipped id>.o<org id>`.
 */
export function shippedProcessId(bpmnProcessId: string): string {
  const own = bpmnProcessId.lastIndexOf('.o');
  return own > 0 && /^[0-9a-f]{32}$/.test(bpmnProcessId.slice(own + 2)) ? bpmnProcessId.slice(0, own) : bpmnProcessId;
}

/** How an element shows on the instance's diagram, strongest first. */
export type ElementStatus = 'incident' | 'active' | 'completed' | 'terminated' | 'taken';

/** The canvas marker class of each status (styled in monitor.css). */
export const STATUS_MARKER: Record<ElementStatus, string> = {
  incident: 'nexa-incident',
  active: 'nexa-active',
  completed: 'nexa-completed',
  terminated: 'nexa-terminated',
  taken: 'nexa-taken',
};

export const STATUS_LABEL: Record<ElementStatus, string> = {
  incident: 'Incident',
  active: 'Active',
  completed: 'Completed',
  terminated: 'Terminated',
  taken: 'Taken (sequence flow)',
};

const RANK: Record<ElementStatus, number> = { incident: 5, active: 4, completed: 3, terminated: 2, taken: 1 };

function statusOf(state: string): ElementStatus | undefined {
  switch (state) {
    case 'ACTIVE':
      return 'active';
    case 'COMPLETED':
      return 'completed';
    case 'TERMINATED':
      return 'terminated';
    case 'TAKEN':
      return 'taken';
    default:
      return undefined;
  }
}

/**
 * One status per element the instance touched. An element entered several times (a loop) shows its
 * strongest status: still active beats completed before; an open incident beats everything.
 */
export function elementStatuses(detail: Pick<InstanceDetail, 'elements' | 'incidents'>): Map<string, ElementStatus> {
  const statuses = new Map<string, ElementStatus>();
  const raise = (elementId: string, status: ElementStatus) => {
    const current = statuses.get(elementId);
    if (!current || RANK[status] > RANK[current]) {
      statuses.set(elementId, status);
    }
  };
  for (const element of detail.elements) {
    if (element.elementType === 'PROCESS') {
      continue;
    }
    const status = statusOf(element.state);
    if (status) {
      raise(element.elementId, status);
    }
  }
  for (const incident of detail.incidents) {
    if (incident.state === 'ACTIVE') {
      raise(incident.elementId, 'incident');
    }
  }
  return statuses;
}

/** Element types a move may activate: flow nodes other than start events and boundary events. */
export function movableTarget(type: string): boolean {
  return /^bpmn:(.*Task|SubProcess|CallActivity|ExclusiveGateway|ParallelGateway|InclusiveGateway|EventBasedGateway|IntermediateCatchEvent|IntermediateThrowEvent|EndEvent)$/.test(
    type,
  );
}
