import { describe, expect, it } from 'vitest';
import { activeLabel, deployedBy, modelFileName, placeProblems, problemsOfRefusal, type ModelProblem, type ProcessVersion } from './automation';

const unknownJobType: ModelProblem = { elementId: 'task_score_lead', code: 'unknown-job-type', message: "Unknown job type 'score-it'" };
const secondOnSameTask: ModelProblem = { elementId: 'task_score_lead', code: 'job-type-expression', message: 'Job type must be literal' };
const onProcess: ModelProblem = { elementId: 'lead-to-close', code: 'not-executable', message: 'The process must be executable' };
const wholeFile: ModelProblem = { elementId: null, code: 'too-large', message: 'The model is too large' };

describe('placeProblems', () => {
  const drawn = (id: string) => id.startsWith('task_');

  it('groups problems by drawn element and keeps the rest for the list', () => {
    const placement = placeProblems([unknownJobType, onProcess, secondOnSameTask, wholeFile], drawn);
    expect([...placement.onDiagram.keys()]).toEqual(['task_score_lead']);
    expect(placement.onDiagram.get('task_score_lead')).toEqual([unknownJobType, secondOnSameTask]);
    expect(placement.elsewhere).toEqual([onProcess, wholeFile]);
  });

  it('has nothing to mark for a valid model', () => {
    const placement = placeProblems([], drawn);
    expect(placement.onDiagram.size).toBe(0);
    expect(placement.elsewhere).toEqual([]);
  });
});

describe('problemsOfRefusal', () => {
  it('reads the problems of a 422 body and ignores anything else', () => {
    expect(problemsOfRefusal({ problems: [unknownJobType, { nonsense: true }] })).toEqual([unknownJobType]);
    expect(problemsOfRefusal({ title: 'Conflict' })).toEqual([]);
  });
});

const version = (over: Partial<ProcessVersion>): ProcessVersion => ({
  versionId: 'v1',
  processId: 'lead-to-close',
  version: 1,
  sha256: 'abc',
  sizeBytes: 10,
  createdByUserId: null,
  createdByKeyId: null,
  createdAt: '2026-01-01T00:00:00Z',
  active: false,
  ...over,
});

describe('labels', () => {
  it('says what new instances start from', () => {
    expect(activeLabel({ activeVersion: null })).toBe('the shipped model');
    expect(activeLabel({})).toBe('the shipped model');
    expect(activeLabel({ activeVersion: 3 })).toBe('version 3');
  });

  it('names who deployed a version', () => {
    const names = new Map([['u1', 'Ada']]);
    expect(deployedBy(version({ createdByUserId: 'u1' }), names)).toBe('Ada');
    expect(deployedBy(version({ createdByUserId: 'gone' }), names)).toBe('A former member');
    expect(deployedBy(version({ createdByKeyId: 'k1' }), names)).toBe('An API key');
  });

  it('names downloads after the process and version', () => {
    expect(modelFileName('trial')).toBe('trial.bpmn');
    expect(modelFileName('trial', 2)).toBe('trial-v2.bpmn');
  });
});
