// The automation designer: bpmn-js Modeler with the Camunda 8 (Zeebe) properties panel, server-side validation
// marked on the diagram, deploy, version history, read-only old versions and rollback. Loaded on demand.
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import './designer.css';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import Modeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { api, ApiError, errorText } from '../lib/api';
import {
  activeLabel,
  deployedBy,
  modelFileName,
  problemsOfRefusal,
  type ModelProblem,
  type ProblemPlacement,
  type ProcessVersion,
  type Validation,
} from '../lib/automation';
import { DESIGN_AUTOMATION } from '../lib/permissions';
import { usePermission } from '../auth/permissions';
import { Dialog, Empty, ErrorMessage, Loading, useTitle, useToast } from '../ui/common';
import { PROCESSES_KEY, useProcesses } from './AutomationPage';
import { elementLabel, fit, focusElement, showProblems } from './diagram';
import { Forbidden } from './Forbidden';

type Member = { userId: string; name: string };

const modelKey = (processId: string) => ['automation', 'bpmn', processId];
const versionsKey = (processId: string) => ['automation', 'versions', processId];

export default function DesignerPage() {
  const { processId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const viewing = params.get('version');
  const allowed = usePermission(DESIGN_AUTOMATION);
  const processes = useProcesses(allowed === true);
  const summary = processes.data?.find((p) => p.processId === processId);
  const title = summary?.name ?? processId;
  useTitle(`Automation · ${title}`);
  const versions = useQuery({
    queryKey: versionsKey(processId),
    queryFn: () => api<ProcessVersion[]>(`/api/v1/automation/processes/${encodeURIComponent(processId)}/versions`),
    enabled: allowed === true,
  });
  if (allowed === false || [processes.error, versions.error].some((e) => e instanceof ApiError && e.status === 403)) {
    return <Forbidden title="Automation" need="designing automation" />;
  }
  if (allowed === undefined || processes.isPending) {
    return <Loading label="Loading the designer…" />;
  }
  if (processes.isError) {
    return <ErrorMessage error={processes.error} retry={() => processes.refetch()} />;
  }
  if (!summary) {
    return (
      <section className="page">
        <h1>Process not found</h1>
        <p>
          There is no process <code>{processId}</code> to design. <Link to="/automation">Back to automation</Link>
        </p>
      </section>
    );
  }
  const viewed = viewing ? versions.data?.find((v) => v.versionId === viewing) : undefined;
  return (
    <section className="page designer-page" aria-labelledby="designer-title">
      <nav aria-label="Breadcrumb" className="muted">
        <Link to="/automation">Automation</Link> / {summary.name}
      </nav>
      <header className="page-header">
        <h1 id="designer-title">{summary.name}</h1>
        <p className="muted" data-testid="active-version">
          New instances start from {activeLabel(summary)}.
        </p>
      </header>
      <div className="designer-layout">
        <div className="designer-main">
          {viewing ? (
            <VersionView
              processId={processId}
              versionId={viewing}
              version={viewed}
              onClose={() => setParams({}, { replace: false })}
            />
          ) : (
            <Editor processId={processId} />
          )}
        </div>
        <aside className="designer-side" aria-label="Versions">
          <VersionHistory
            processId={processId}
            versions={versions}
            viewing={viewing}
            onView={(id) => setParams({ version: id })}
          />
        </aside>
      </div>
    </section>
  );
}

/** The editable model: what new instances start from now, or a file the user imported. */
function Editor({ processId }: { processId: string }) {
  const client = useQueryClient();
  const toast = useToast();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<Modeler | null>(null);
  const marked = useRef<string[]>([]);
  const [ready, setReady] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);
  const [placement, setPlacement] = useState<ProblemPlacement | null>(null);
  const [problems, setProblems] = useState<ModelProblem[] | null>(null);
  const [changed, setChanged] = useState(false);
  const problemsHeading = useRef<HTMLHeadingElement>(null);
  const fileId = useId();
  const model = useQuery({
    queryKey: modelKey(processId),
    queryFn: () => api<string>(`/api/v1/automation/processes/${encodeURIComponent(processId)}/bpmn`, { text: true }),
    staleTime: Infinity,
  });

  useEffect(() => {
    if (!canvasRef.current || !panelRef.current) {
      return;
    }
    const modeler = new Modeler({
      container: canvasRef.current,
      propertiesPanel: { parent: panelRef.current },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, ZeebeBehaviorsModule],
      moddleExtensions: { zeebe: zeebeModdle },
    });
    modeler.on('commandStack.changed', () => setChanged(true));
    modelerRef.current = modeler;
    return () => {
      modelerRef.current = null;
      modeler.destroy();
    };
  }, []);

  const load = useCallback(async (xml: string) => {
    const modeler = modelerRef.current;
    if (!modeler) {
      return false;
    }
    setReady(false);
    try {
      await modeler.importXML(xml);
      fit(modeler);
      marked.current = [];
      setPlacement(null);
      setProblems(null);
      setImportError(null);
      setChanged(false);
      setReady(true);
      return true;
    } catch (error) {
      setImportError(`The model cannot be shown: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }, []);

  useEffect(() => {
    if (model.data) {
      void load(model.data);
    }
  }, [model.data, load]);

  const currentXml = async () => {
    const modeler = modelerRef.current;
    if (!modeler) {
      throw new Error('The designer is not ready.');
    }
    const { xml } = await modeler.saveXML({ format: true });
    if (!xml) {
      throw new Error('The model is empty.');
    }
    return xml;
  };

  const mark = (list: ModelProblem[]) => {
    const modeler = modelerRef.current;
    if (!modeler) {
      return;
    }
    const next = showProblems(modeler, list, marked.current);
    marked.current = [...next.onDiagram.keys()];
    setPlacement(next);
    setProblems(list);
    setChanged(false);
  };

  const validate = useMutation({
    mutationFn: async () =>
      api<Validation>(`/api/v1/automation/processes/${encodeURIComponent(processId)}/validate`, {
        method: 'POST',
        body: { xml: await currentXml() },
      }),
    onSuccess: (result) => {
      mark(result.problems);
      problemsHeading.current?.focus();
    },
  });

  const deploy = useMutation({
    mutationFn: async () => {
      const xml = await currentXml();
      const check = await api<Validation>(`/api/v1/automation/processes/${encodeURIComponent(processId)}/validate`, {
        method: 'POST',
        body: { xml },
      });
      if (!check.valid) {
        return { refused: check.problems, version: undefined };
      }
      const version = await api<ProcessVersion>(`/api/v1/automation/processes/${encodeURIComponent(processId)}/versions`, {
        method: 'POST',
        body: { xml },
      });
      return { refused: undefined, version };
    },
    onSuccess: (result) => {
      if (result.refused) {
        mark(result.refused);
        problemsHeading.current?.focus();
        toast('Not deployed: fix the problems marked on the diagram first.', 'error');
        return;
      }
      mark([]);
      toast(`Deployed version ${result.version.version}. New instances start from it.`);
      client.invalidateQueries({ queryKey: PROCESSES_KEY });
      client.invalidateQueries({ queryKey: versionsKey(processId) });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 422) {
        const refused = problemsOfRefusal(error.body);
        if (refused.length > 0) {
          mark(refused);
          problemsHeading.current?.focus();
        }
      }
    },
  });

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) {
      return;
    }
    if (file.size > 2_000_000) {
      setImportError('The file is larger than 2 MB; a process model is much smaller.');
      return;
    }
    if (await load(await file.text())) {
      setChanged(true);
      toast(`Imported ${file.name}. Check it before you deploy.`);
      validate.mutate();
    }
  };

  const download = async () => {
    try {
      const url = URL.createObjectURL(new Blob([await currentXml()], { type: 'application/xml' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = modelFileName(processId);
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toast(errorText(error), 'error');
    }
  };

  const busy = validate.isPending || deploy.isPending;
  const issueCount = problems?.length ?? 0;
  return (
    <div className="editor">
      <div className="toolbar" role="toolbar" aria-label="Model">
        <button type="button" onClick={() => validate.mutate()} disabled={!ready || busy}>
          {validate.isPending ? 'Checking…' : 'Check model'}
        </button>
        <button type="button" className="primary" onClick={() => deploy.mutate()} disabled={!ready || busy}>
          {deploy.isPending ? 'Deploying…' : 'Deploy'}
        </button>
        <label className="button file-button" htmlFor={fileId}>
          Import a BPMN file
        </label>
        <input id={fileId} className="visually-hidden" type="file" accept=".bpmn,.xml,application/xml,text/xml" onChange={onFile} />
        <button type="button" onClick={download} disabled={!ready}>
          Download
        </button>
        <button type="button" className="link" onClick={() => model.data && load(model.data)} disabled={!model.data || busy}>
          Discard changes
        </button>
        {changed && <span className="muted">Changed since the last check</span>}
      </div>
      {model.isPending && <Loading label="Loading the model…" />}
      {model.isError && <ErrorMessage error={model.error} retry={() => model.refetch()} />}
      {importError && (
        <div className="error-box" role="alert">
          <p>{importError}</p>
        </div>
      )}
      {validate.isError && <ErrorMessage error={validate.error} />}
      {deploy.isError && !(deploy.error instanceof ApiError && problemsOfRefusal(deploy.error.body).length > 0) && (
        <ErrorMessage error={deploy.error} />
      )}
      <div className="modeler">
        <div
          ref={canvasRef}
          className="diagram-canvas"
          role="application"
          aria-label="Process diagram (editable). The problems of the model are listed beside it."
          data-ready={ready ? 'true' : 'false'}
        />
        <div ref={panelRef} className="properties" aria-label="Properties of the selected element" role="region" />
      </div>
      <section className="problems" aria-labelledby="problems-title">
        <h2 id="problems-title" ref={problemsHeading} tabIndex={-1}>
          {problems === null ? 'Problems' : issueCount === 0 ? 'Problems: none' : `Problems (${issueCount})`}
        </h2>
        {problems === null ? (
          <p className="muted">Check the model to see whether it can be deployed.</p>
        ) : issueCount === 0 ? (
          <p className="ok" role="status">
            The model can be deployed.
          </p>
        ) : (
          <ul className="problem-list" aria-label="Problems of the model" role="list">
            {placement &&
              [...placement.onDiagram].flatMap(([elementId, list]) =>
                list.map((problem, i) => (
                  <li key={`${elementId}-${i}`} data-element-id={elementId}>
                    <button type="button" className="link" onClick={() => modelerRef.current && focusElement(modelerRef.current, elementId)}>
                      {modelerRef.current ? elementLabel(modelerRef.current, elementId) : elementId}
                    </button>{' '}
                    <code>{problem.code}</code>: {problem.message}
                  </li>
                )),
              )}
            {placement?.elsewhere.map((problem, i) => (
              <li key={`file-${i}`}>
                <strong>{problem.elementId ?? 'Whole model'}</strong> <code>{problem.code}</code>: {problem.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** An earlier version, read-only, with the way back to it. */
function VersionView({
  processId,
  versionId,
  version,
  onClose,
}: {
  processId: string;
  versionId: string;
  version: ProcessVersion | undefined;
  onClose: () => void;
}) {
  const canvasRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<NavigatedViewer | null>(null);
  const [shown, setShown] = useState(false);
  const [rollingBack, setRollingBack] = useState(false);
  const xml = useQuery({
    queryKey: ['automation', 'version-bpmn', versionId],
    queryFn: () => api<string>(`/api/v1/automation/versions/${encodeURIComponent(versionId)}/bpmn`, { text: true }),
    staleTime: Infinity,
  });
  useEffect(() => {
    if (!canvasRef.current) {
      return;
    }
    const viewer = new NavigatedViewer({ container: canvasRef.current });
    viewerRef.current = viewer;
    return () => {
      viewerRef.current = null;
      viewer.destroy();
    };
  }, []);
  useEffect(() => {
    const viewer = viewerRef.current;
    if (!viewer || !xml.data) {
      return;
    }
    let live = true;
    setShown(false);
    viewer.importXML(xml.data).then(() => {
      if (live) {
        fit(viewer);
        setShown(true);
      }
    });
    return () => {
      live = false;
    };
  }, [xml.data]);
  const label = version ? `Version ${version.version}` : 'Version';
  return (
    <div className="version-view">
      <div className="toolbar" role="toolbar" aria-label="Version">
        <h2 className="toolbar-title">{label} (read-only)</h2>
        {version && !version.active && (
          <button type="button" className="primary" onClick={() => setRollingBack(true)}>
            Roll back to {label.toLowerCase()}
          </button>
        )}
        {version?.active && <span className="badge">Active</span>}
        <button type="button" onClick={onClose}>
          Back to the editor
        </button>
      </div>
      {xml.isPending && <Loading label="Loading the version…" />}
      {xml.isError && <ErrorMessage error={xml.error} retry={() => xml.refetch()} />}
      <div
        ref={canvasRef}
        className="diagram-canvas"
        role="img"
        aria-label={`${label} of ${processId}, read-only diagram`}
        data-ready={shown ? 'true' : 'false'}
      />
      {version && <RollbackDialog processId={processId} version={version} open={rollingBack} onClose={() => setRollingBack(false)} />}
    </div>
  );
}

function VersionHistory({
  processId,
  versions,
  viewing,
  onView,
}: {
  processId: string;
  versions: ReturnType<typeof useQuery<ProcessVersion[]>>;
  viewing: string | null;
  onView: (versionId: string) => void;
}) {
  const members = useQuery({ queryKey: ['members'], queryFn: () => api<Member[]>('/api/v1/members') });
  const names = useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m.name])), [members.data]);
  const [rollback, setRollback] = useState<ProcessVersion | null>(null);
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">Version history</h2>
      {versions.isPending ? (
        <Loading label="Loading versions…" />
      ) : versions.isError ? (
        <ErrorMessage error={versions.error} retry={() => versions.refetch()} />
      ) : versions.data.length === 0 ? (
        <Empty>No versions yet: new instances start from the shipped model. Deploy to create version 1.</Empty>
      ) : (
        <ol className="versions" aria-label="Versions, newest first">
          {versions.data.map((version) => (
            <li key={version.versionId} className={version.versionId === viewing ? 'viewing' : undefined} data-version={version.version}>
              <div className="version-title">
                <strong>Version {version.version}</strong>
                {version.active && <span className="badge">Active</span>}
              </div>
              <div className="muted">
                Deployed <time dateTime={version.createdAt}>{new Date(version.createdAt).toLocaleString()}</time> by{' '}
                {deployedBy(version, names)}
              </div>
              <div className="actions">
                <button type="button" className="link" onClick={() => onView(version.versionId)} aria-label={`View version ${version.version}`}>
                  View
                </button>
                {!version.active && (
                  <button type="button" className="link" onClick={() => setRollback(version)} aria-label={`Roll back to version ${version.version}`}>
                    Roll back
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {rollback && <RollbackDialog processId={processId} version={rollback} open onClose={() => setRollback(null)} />}
    </section>
  );
}

function RollbackDialog({ processId, version, open, onClose }: { processId: string; version: ProcessVersion; open: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const rollBack = useMutation({
    mutationFn: () => api<ProcessVersion>(`/api/v1/automation/versions/${encodeURIComponent(version.versionId)}/rollback`, { method: 'POST' }),
    onSuccess: (active) => {
      toast(`Rolled back: new instances start from version ${active.version}.`);
      client.invalidateQueries({ queryKey: PROCESSES_KEY });
      client.invalidateQueries({ queryKey: versionsKey(processId) });
      client.invalidateQueries({ queryKey: modelKey(processId) });
      onClose();
    },
  });
  return (
    <Dialog title={`Roll back to version ${version.version}?`} open={open} onClose={onClose}>
      <p>
        New instances of <code>{processId}</code> will start from version {version.version}. Running instances finish on
        the version they started with. The editor reloads with version {version.version}; unsaved changes are lost.
      </p>
      {rollBack.isError && <ErrorMessage error={rollBack.error} />}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => rollBack.mutate()} disabled={rollBack.isPending}>
          {rollBack.isPending ? 'Rolling back…' : `Roll back to version ${version.version}`}
        </button>
      </div>
    </Dialog>
  );
}
