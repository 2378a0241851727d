import { describe, expect, it } from 'vitest';
import { elementNames, humanize, shippedProcessId, sortInstances, stateLabel, whereItStands } from './processes';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs">
  <bpmn:process id="lead-to-close" name="Lead to close" isExecutable="true">
    <bpmn:startEvent id="start_lead_created" name="Lead created"/>
    <bpmn:userTask id="task_qualify_lead" name="Qualify&#10;lead">
      <bpmn:extensionElements/>
    </bpmn:userTask>
    <bpmn:subProcess id="subprocess_checklist" name="Checklist &amp; more"/>
    <bpmn:serviceTask id="task_score_lead"/>
  </bpmn:process>
  <bpmndi:BPMNShape id="task_qualify_lead_di" bpmnElement="task_qualify_lead"/>
</bpmn:definitions>`;

describe('process instances', () => {
  it('read element names from the BPMN, entities decoded', () => {
    const names = elementNames(XML);
    expect(names.get('task_qualify_lead')).toBe('Qualify lead');
    expect(names.get('subprocess_checklist')).toBe('Checklist & more');
    expect(names.get('lead-to-close')).toBe('Lead to close');
    expect(names.has('task_score_lead')).toBe(false);
    expect(names.has('task_qualify_lead_di')).toBe(false);
  });

  it('say where an instance stands: the innermost active elements, by name', () => {
    const names = elementNames(XML);
    const elements = [
      { key: '1', elementId: 'lead-to-close', elementType: 'PROCESS', state: 'ACTIVE', startedAt: 'a' },
      { key: '2', elementId: 'subprocess_checklist', elementType: 'SUB_PROCESS', state: 'ACTIVE', startedAt: 'b' },
      { key: '3', elementId: 'task_qualify_lead', elementType: 'USER_TASK', state: 'ACTIVE', startedAt: 'c' },
      { key: '4', elementId: 'task_score_lead', elementType: 'SERVICE_TASK', state: 'ACTIVE', startedAt: 'd' },
      { key: '5', elementId: 'start_lead_created', elementType: 'START_EVENT', state: 'COMPLETED', startedAt: 'e' },
    ];
    expect(whereItStands({ elements, activeElementIds: [] }, names)).toEqual(['Qualify lead', 'Score lead']);
    expect(whereItStands({ elements: elements.slice(0, 2), activeElementIds: [] }, names)).toEqual(['Checklist & more']);
    expect(whereItStands({ elements: [], activeElementIds: ['gateway_wait_in_stage'] }, names)).toEqual(['Wait in stage']);
  });

  it('name ids and states readably', () => {
    expect(humanize('task_record_loss_reason')).toBe('Record loss reason');
    expect(humanize('lead-to-close')).toBe('Lead to close');
    expect(shippedProcessId('lead-to-close.o0190a7c47b3e7a118c1d2f0e5b6a9d01')).toBe('lead-to-close');
    expect(shippedProcessId('onboarding')).toBe('onboarding');
    expect(stateLabel({ state: 'TERMINATED' })).toBe('Cancelled');
  });

  it('list running ones first, newest first', () => {
    const sorted = sortInstances([
      { key: 'old-done', state: 'COMPLETED' as const, startedAt: '2030-01-01' },
      { key: 'old-running', state: 'ACTIVE' as const, startedAt: '2030-01-02' },
      { key: 'new-done', state: 'COMPLETED' as const, startedAt: '2030-01-05' },
      { key: 'new-running', state: 'ACTIVE' as const, startedAt: '2030-01-04' },
    ]);
    expect(sorted.map((i) => i.key)).toEqual(['new-running', 'old-running', 'new-done', 'old-done']);
  });
});
