/** The automation designer's data and the pure rules behind it: problems on the diagram, version labels. */

export type ProcessSummary = {
  processId: string;
  name: string;
  /** null or absent: new instances start from the shipped model. */
  activeVersion?: number | null;
  activeVersionId?: string | null;
  versions: number;
};

export type ProcessVersion = {
  versionId: string;
  processId: string;
  version: number;
  sha256: string;
  sizeBytes: number;
  createdByUserId?: string | null;
  createdByKeyId?: string | null;
  createdAt: string;
  active: boolean;
};

export type ModelProblem = { elementId: string | null; code: string; message: string };
export type Validation = { valid: boolean; problems: ModelProblem[] };

/** Where each problem shows: on a diagram element, or in the list only (the whole file, or an id not drawn). */
export type ProblemPlacement = {
  /** Element id → its problems, for elements on the canvas. */
  onDiagram: Map<string, ModelProblem[]>;
  /** Problems about the whole model, or about something the diagram does not draw (a listener, the process). */
  elsewhere: ModelProblem[];
};

/** The marker class the canvas gives an element with problems (styled in automation.css). */
export const PROBLEM_MARKER = 'nexa-problem';

export function placeProblems(problems: ModelProblem[], drawn: (elementId: string) => boolean): ProblemPlacement {
  const onDiagram = new Map<string, ModelProblem[]>();
  const elsewhere: ModelProblem[] = [];
  for (const problem of problems) {
    if (problem.elementId && drawn(problem.elementId)) {
      const list = onDiagram.get(problem.elementId) ?? [];
      list.push(problem);
      onDiagram.set(problem.elementId, list);
    } else {
      elsewhere.push(problem);
    }
  }
  return { onDiagram, elsewhere };
}

/** The problems of a refused deploy (422 invalid-process-model carries them in `problems`). */
export function problemsOfRefusal(body: Record<string, unknown>): ModelProblem[] {
  const problems = body.problems;
  if (!Array.isArray(problems)) {
    return [];
  }
  return problems.filter(
    (p): p is ModelProblem => typeof p === 'object' && p !== null && typeof (p as ModelProblem).message === 'string',
  );
}

/** "version 3" or "the shipped model", for what new instances start from. */
export function activeLabel(summary: Pick<ProcessSummary, 'activeVersion'>): string {
  return summary.activeVersion == null ? 'the shipped model' : `version ${summary.activeVersion}`;
}

/** Who deployed a version: a member's name, an API key, or someone no longer in the organisation. */
export function deployedBy(version: ProcessVersion, names: Map<string, string>): string {
  if (version.createdByUserId) {
    return names.get(version.createdByUserId) ?? 'A former member';
  }
  if (version.createdByKeyId) {
    return 'An API key';
  }
  return 'Unknown';
}

/** The model's file name for a download: lead-to-close.bpmn, or lead-to-close-v3.bpmn for a stored version. */
export function modelFileName(processId: string, version?: number): string {
  return version === undefined ? `${processId}.bpmn` : `${processId}-v${version}.bpmn`;
}
