/**
 * A record's running processes as the monitor API shows them (crm-api monitor/ProcessMonitorController):
 * where each instance stands in words, with its elements' names read from the definition's BPMN.
 */

export type ProcessInstance = {
  key: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  parentInstanceKey?: string | null;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  hasIncident: boolean;
  openIncidents: number;
  businessKey?: string | null;
  recordId?: string | null;
  startedAt: string;
  endedAt?: string | null;
};

export type ProcessElement = { key: string; elementId: string; elementType: string; state: string; startedAt: string; endedAt?: string | null };
export type ProcessIncident = { key: string; elementId: string; errorType: string; errorMessage?: string | null; state: string; createdAt: string };
export type InstanceDetail = {
  instance: ProcessInstance;
  elements: ProcessElement[];
  activeElementIds: string[];
  incidents: ProcessIncident[];
};

/** The shipped id of a process: an organisation's own version runs as `<id>.o<org>` (docs/processes.md). */
export function shippedProcessId(bpmnProcessId: string): string {
  const at = bpmnProcessId.indexOf('.o');
  return at > 0 ? bpmnProcessId.slice(0, at) : bpmnProcessId;
}

/** An id made readable: `task_qualify_lead` → "Qualify lead", `lead-to-close` → "Lead to close". */
export function humanize(id: string): string {
  const words = id
    .replace(/^(task|gateway|event|start|end|timer|msg|boundary|subprocess)_/, '')
    .split(/[_\-.\s]+/)
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : id;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1].toLowerCase() === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/**
 * The names of a BPMN definition's elements by id, read from the start tags of the process part (the
 * diagram part repeats ids as bpmnElement, not as id, so it adds nothing). Elements without a name are left
 * out: callers fall back to {@link humanize}.
 */
export function elementNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  const tag = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)\s([^<>]*?)\/?>/g;
  for (const match of xml.matchAll(tag)) {
    const attributes = match[3];
    const id = /(?:^|\s)id\s*=\s*"([^"]*)"/.exec(attributes)?.[1];
    const name = /(?:^|\s)name\s*=\s*"([^"]*)"/.exec(attributes)?.[1];
    if (id && name && !names.has(id)) {
      names.set(decode(id), decode(name).replace(/\s+/g, ' ').trim());
    }
  }
  return names;
}

/** Where an instance stands: its active elements' names (not the containers it is inside of, when inside). */
export function whereItStands(detail: Pick<InstanceDetail, 'elements' | 'activeElementIds'>, names: Map<string, string>): string[] {
  const active = detail.elements.filter((e) => e.state === 'ACTIVE' && e.elementType !== 'PROCESS');
  const containers = new Set(['SUB_PROCESS', 'EVENT_SUB_PROCESS', 'MULTI_INSTANCE_BODY']);
  const leaves = active.filter((e) => !containers.has(e.elementType));
  const shown = (leaves.length > 0 ? leaves : active).map((e) => e.elementId);
  const ids = shown.length > 0 ? shown : detail.activeElementIds;
  return [...new Set(ids)].map((id) => names.get(id) ?? humanize(id));
}

const STATE_LABEL: Record<string, string> = { ACTIVE: 'Running', COMPLETED: 'Completed', TERMINATED: 'Cancelled' };

export function stateLabel(instance: Pick<ProcessInstance, 'state'>): string {
  return STATE_LABEL[instance.state] ?? instance.state.toLowerCase();
}

/** Running ones first, then newest first. */
export function sortInstances<T extends Pick<ProcessInstance, 'state' | 'startedAt' | 'key'>>(instances: T[]): T[] {
  return [...instances].sort((a, b) => {
    const running = Number(b.state === 'ACTIVE') - Number(a.state === 'ACTIVE');
    return running !== 0 ? running : b.startedAt.localeCompare(a.startedAt);
  });
}
