import { describe, expect, it } from 'vitest';
import {
  elementStatuses,
  filtersFromUrl,
  filtersToUrl,
  instanceQuery,
  movableTarget,
  NO_FILTERS,
  recordLink,
  shippedProcessId,
  type Incident,
  type PathElement,
} from './monitor';

const el = (elementId: string, state: string, elementType = 'SERVICE_TASK'): PathElement => ({
  key: `${elementId}-${state}`,
  elementId,
  elementType,
  state,
  startedAt: null,
  endedAt: null,
});

const incident = (elementId: string, state: string): Incident => ({
  key: '1',
  processInstanceKey: '2',
  bpmnProcessId: 'lead-to-close',
  elementId,
  elementInstanceKey: '3',
  errorType: 'JOB_NO_RETRIES',
  errorMessage: 'boom',
  jobKey: '4',
  state,
  createdAt: '2026-01-01T00:00:00Z',
  resolvedAt: null,
});

describe('elementStatuses', () => {
  it('marks the completed path, taken flows and where the instance is now', () => {
    const statuses = elementStatuses({
      elements: [
        el('lead-to-close', 'ACTIVE', 'PROCESS'),
        el('start_lead_created', 'COMPLETED', 'START_EVENT'),
        el('flow_to_route_lead', 'TAKEN', 'SEQUENCE_FLOW'),
        el('task_route_lead', 'COMPLETED'),
        el('task_qualify_lead', 'ACTIVE', 'USER_TASK'),
      ],
      incidents: [],
    });
    expect(Object.fromEntries(statuses)).toEqual({
      start_lead_created: 'completed',
      flow_to_route_lead: 'taken',
      task_route_lead: 'completed',
      task_qualify_lead: 'active',
    });
  });

  it('shows a looped element by its strongest state and an open incident above all', () => {
    const statuses = elementStatuses({
      elements: [el('task_stage', 'COMPLETED'), el('task_stage', 'ACTIVE'), el('task_stage', 'COMPLETED'), el('task_fail', 'ACTIVE')],
      incidents: [incident('task_fail', 'ACTIVE'), incident('task_stage', 'RESOLVED')],
    });
    expect(statuses.get('task_stage')).toBe('active');
    expect(statuses.get('task_fail')).toBe('incident');
  });
});

describe('filters', () => {
  it('round-trips through the page URL', () => {
    const filters = { process: 'lead-to-close', state: 'ACTIVE', incidents: 'with' } as const;
    expect(filtersFromUrl(filtersToUrl(filters))).toEqual(filters);
    expect(filtersToUrl(NO_FILTERS).toString()).toBe('');
  });

  it('ignores values the API would refuse', () => {
    expect(filtersFromUrl(new URLSearchParams('state=RUNNING&incidents=maybe&process=<script>'))).toEqual(NO_FILTERS);
  });

  it('becomes the API query', () => {
    expect(instanceQuery({ process: 'trial', state: 'COMPLETED', incidents: 'without' }, 'abc', 20).toString()).toBe(
      'bpmnProcessId=trial&state=COMPLETED&hasIncident=false&limit=20&cursor=abc',
    );
    expect(instanceQuery(NO_FILTERS).toString()).toBe('limit=50');
  });
});

describe('names and links', () => {
  it("finds the shipped process of an organisation's own version", () => {
    expect(shippedProcessId('lead-to-close.o0123456789abcdef0123456789abcdef')).toBe('lead-to-close');
    expect(shippedProcessId('lead-to-close')).toBe('lead-to-close');
    expect(shippedProcessId('my.other')).toBe('my.other');
  });

  it('links a business key to its record page', () => {
    expect(recordLink('lead:0b8a3f1e-7c2d-4e5f-9a1b-2c3d4e5f6a7b')?.href).toBe('/leads/0b8a3f1e-7c2d-4e5f-9a1b-2c3d4e5f6a7b');
    expect(recordLink('company:0b8a3f1e-7c2d-4e5f-9a1b-2c3d4e5f6a7b')?.href).toBe('/companies/0b8a3f1e-7c2d-4e5f-9a1b-2c3d4e5f6a7b');
    expect(recordLink('trial:xyz')).toBeUndefined();
    expect(recordLink(null)).toBeUndefined();
  });

  it('offers only flow nodes an instance can be moved to', () => {
    expect(movableTarget('bpmn:UserTask')).toBe(true);
    expect(movableTarget('bpmn:ExclusiveGateway')).toBe(true);
    expect(movableTarget('bpmn:StartEvent')).toBe(false);
    expect(movableTarget('bpmn:BoundaryEvent')).toBe(false);
    expect(movableTarget('bpmn:SequenceFlow')).toBe(false);
  });
});
