// Glue between bpmn-js and the app's rules (lib/automation.ts, lib/monitor.ts): markers, overlays, focus.
// Only the lazily loaded designer and instance screens import this, so bpmn-js stays out of the main chunk.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './diagram.css';
import type BaseViewer from 'bpmn-js/lib/BaseViewer';
import { PROBLEM_MARKER, placeProblems, type ModelProblem, type ProblemPlacement } from '../lib/automation';
import { STATUS_MARKER, type ElementStatus } from '../lib/monitor';

type Shape = { id: string; type: string; businessObject?: { name?: string } };
type Canvas = {
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  getRootElement(): Shape;
  scrollToElement(id: string): void;
  zoom(level: 'fit-viewport', center?: 'auto'): void;
};
type Overlays = {
  add(id: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement | string }): void;
  remove(filter: { type: string }): void;
};
type ElementRegistry = { get(id: string): Shape | undefined; getAll(): Shape[] };

function services(viewer: BaseViewer) {
  return {
    canvas: viewer.get<Canvas>('canvas'),
    overlays: viewer.get<Overlays>('overlays'),
    registry: viewer.get<ElementRegistry>('elementRegistry'),
  };
}

/** Whether the element is drawn on the diagram (the process itself is the canvas, not a shape). */
export function isDrawn(viewer: BaseViewer, elementId: string): boolean {
  const { canvas, registry } = services(viewer);
  return registry.get(elementId) !== undefined && canvas.getRootElement().id !== elementId;
}

/** An element's name, or its id when it has none. */
export function elementLabel(viewer: BaseViewer, elementId: string): string {
  const name = services(viewer).registry.get(elementId)?.businessObject?.name;
  return name && name.trim() ? name : elementId;
}

const PROBLEM_OVERLAY = 'nexa-problems';

/** Marks the elements with problems (red outline, a counted badge); returns where each problem went. */
export function showProblems(viewer: BaseViewer, problems: ModelProblem[], previous: Iterable<string>): ProblemPlacement {
  const { canvas, overlays } = services(viewer);
  for (const id of previous) {
    if (isDrawn(viewer, id)) {
      canvas.removeMarker(id, PROBLEM_MARKER);
    }
  }
  overlays.remove({ type: PROBLEM_OVERLAY });
  const placement = placeProblems(problems, (id) => isDrawn(viewer, id));
  for (const [id, list] of placement.onDiagram) {
    canvas.addMarker(id, PROBLEM_MARKER);
    const badge = document.createElement('span');
    badge.className = 'nexa-problem-badge';
    badge.textContent = String(list.length);
    badge.title = list.map((p) => p.message).join('\n');
    badge.setAttribute('aria-hidden', 'true');
    overlays.add(id, PROBLEM_OVERLAY, { position: { top: -10, right: 10 }, html: badge });
  }
  return placement;
}

/** Brings an element into view and selects it (the properties panel then shows it, in the modeler). */
export function focusElement(viewer: BaseViewer, elementId: string) {
  const { canvas, registry } = services(viewer);
  const element = registry.get(elementId);
  if (!element) {
    return;
  }
  canvas.scrollToElement(elementId);
  try {
    viewer.get<{ select(element: Shape): void }>('selection').select(element);
  } catch {
    // a viewer without selection: scrolling is enough
  }
}

/** Paints an instance's path: one marker class per element status, replacing the previous painting. */
export function showStatuses(viewer: BaseViewer, statuses: Map<string, ElementStatus>, previous: Map<string, ElementStatus>) {
  const { canvas } = services(viewer);
  for (const [id, status] of previous) {
    if (isDrawn(viewer, id)) {
      canvas.removeMarker(id, STATUS_MARKER[status]);
    }
  }
  for (const [id, status] of statuses) {
    if (isDrawn(viewer, id)) {
      canvas.addMarker(id, STATUS_MARKER[status]);
    }
  }
}

/** Fits the whole diagram into the canvas. */
export function fit(viewer: BaseViewer) {
  services(viewer).canvas.zoom('fit-viewport', 'auto');
}

/** Every drawn flow node: id, name and BPMN type (for pickers and lists). */
export function flowNodes(viewer: BaseViewer): { id: string; name: string; type: string }[] {
  return services(viewer)
    .registry.getAll()
    .filter((shape) => !shape.type.endsWith('Flow') && shape.type !== 'label' && !shape.type.startsWith('bpmn:Process') && shape.type !== 'bpmn:Participant')
    .map((shape) => ({ id: shape.id, name: shape.businessObject?.name ?? '', type: shape.type }));
}
