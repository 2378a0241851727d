import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../lib/api';
import { activeLabel, type ProcessSummary } from '../lib/automation';
import { DESIGN_AUTOMATION } from '../lib/permissions';
import { usePermission } from '../auth/permissions';
import { ErrorMessage, Loading, useTitle } from '../ui/common';
import { Forbidden } from './Forbidden';

export const PROCESSES_KEY = ['automation', 'processes'];

export function useProcesses(enabled = true) {
  return useQuery({
    queryKey: PROCESSES_KEY,
    queryFn: () => api<ProcessSummary[]>('/api/v1/automation/processes'),
    enabled,
  });
}

/** The processes the organisation can design, each with the version new instances start from. */
export default function AutomationPage() {
  useTitle('Automation');
  const allowed = usePermission(DESIGN_AUTOMATION);
  const processes = useProcesses(allowed === true);
  if (allowed === false || (processes.error instanceof ApiError && processes.error.status === 403)) {
    return <Forbidden title="Automation" need="designing automation" />;
  }
  return (
    <section className="page" aria-labelledby="automation-title">
      <header className="page-header">
        <h1 id="automation-title">Automation</h1>
      </header>
      <p className="muted">
        Change how your organisation's processes run: edit a model in the designer, check it, and deploy it as a new
        version. New instances start from the active version; running ones finish on theirs.
      </p>
      {allowed === undefined || processes.isPending ? (
        <Loading label="Loading processes…" />
      ) : processes.isError ? (
        <ErrorMessage error={processes.error} retry={() => processes.refetch()} />
      ) : (
        <div className="table-wrap">
        <table className="records">
          <thead>
            <tr>
              <th scope="col">Process</th>
              <th scope="col">New instances start from</th>
              <th scope="col">Versions</th>
            </tr>
          </thead>
          <tbody>
            {processes.data.map((process) => (
              <tr key={process.processId}>
                <th scope="row">
                  <Link to={`/automation/${encodeURIComponent(process.processId)}`}>{process.name}</Link>{' '}
                  <code className="muted">{process.processId}</code>
                </th>
                <td>{activeLabel(process)}</td>
                <td>{process.versions}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}
