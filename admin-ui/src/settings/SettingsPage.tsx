import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NavLink, Navigate, Route, Routes } from 'react-router-dom';
import { api, errorText } from '../lib/api';
import { atLeast, useSignedIn, type Role } from '../auth/session';
import { guessMapping, parseHeader } from '../lib/csv';
import { RECORD_TYPES } from '../lib/schema';
import { formatDateTime } from '../lib/money';
import type { Stage, StageKind } from '../lib/board';
import { Empty, ErrorMessage, TextField, useToast } from '../ui/common';
import RoutingSettings, { StageAutomationEditor } from './RoutingSettings';
import { Loaded, SettingsSection } from './SettingsSection';

const ROLES: Role[] = ['OWNER', 'ADMIN', 'MANAGER', 'MEMBER', 'VIEWER'];
const SECTIONS = [
  { path: 'members', label: 'Members' },
  { path: 'invitations', label: 'Invitations' },
  { path: 'teams', label: 'Teams' },
  { path: 'pipelines', label: 'Pipelines' },
  { path: 'routing', label: 'Routing' },
  { path: 'fields', label: 'Custom fields' },
  { path: 'visibility', label: 'Visibility' },
  { path: 'api-keys', label: 'API keys' },
  { path: 'outbox', label: 'Email outbox' },
  { path: 'data', label: 'Import & export' },
];

export default function SettingsPage() {
  return (
    <div className="settings">
      <nav aria-label="Settings" className="settings-nav">
        <h1>Settings</h1>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.path}>
              <NavLink to={`/settings/${s.path}`}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-body">
        <Routes>
          <Route index element={<Navigate to="members" replace />} />
          <Route path="members" element={<Members />} />
          <Route path="invitations" element={<Invitations />} />
          <Route path="teams" element={<Teams />} />
          <Route path="pipelines" element={<Pipelines />} />
          <Route path="routing" element={<RoutingSettings />} />
          <Route path="fields" element={<CustomFields />} />
          <Route path="visibility" element={<VisibilitySettings />} />
          <Route path="api-keys" element={<ApiKeys />} />
          <Route path="outbox" element={<Outbox />} />
          <Route path="data" element={<ImportExport />} />
          <Route path="*" element={<Empty>No such settings page.</Empty>} />
        </Routes>
      </div>
    </div>
  );
}

function useAction<V>(fn: (v: V) => Promise<unknown>, keys: unknown[][], success?: string) {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      keys.forEach((queryKey) => client.invalidateQueries({ queryKey }));
      if (success) {
        toast(success);
      }
    },
    onError: (e) => toast(errorText(e), 'error'),
  });
}

type Member = { userId: string; email: string; name: string; role: Role; joinedAt: string; teamIds: string[] };

function Members() {
  const session = useSignedIn();
  const members = useQuery({ queryKey: ['members'], queryFn: () => api<Member[]>('/api/v1/members') });
  const manage = atLeast(session.activeOrganization.role, 'ADMIN');
  const change = useAction((v: { id: string; role: Role }) => api(`/api/v1/members/${v.id}`, { method: 'PATCH', body: { role: v.role } }), [['members']], 'Role changed.');
  const remove = useAction((id: string) => api(`/api/v1/members/${id}`, { method: 'DELETE' }), [['members']], 'Member removed.');
  return (
    <SettingsSection title="Members" query={members}>
      {(list) => (
        <table className="records">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>
                  {manage && m.userId !== session.user.id ? (
                    <select aria-label={`Role of ${m.name}`} value={m.role} onChange={(e) => change.mutate({ id: m.userId, role: e.target.value as Role })}>
                      {ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  ) : (
                    m.role
                  )}
                </td>
                <td>{formatDateTime(m.joinedAt)}</td>
                <td>
                  {manage && m.userId !== session.user.id && (
                    <button type="button" className="link danger" onClick={() => window.confirm(`Remove ${m.name}?`) && remove.mutate(m.userId)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </SettingsSection>
  );
}

type Invitation = { id: string; email: string; role: Role; createdAt: string; expiresAt: string; invitedBy: string };

function Invitations() {
  const list = useQuery({ queryKey: ['invitations'], queryFn: () => api<Invitation[]>('/api/v1/invitations') });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const invite = useAction(() => api('/api/v1/invitations', { body: { email: email.trim(), role } }), [['invitations'], ['outbox']], 'Invitation sent.');
  const revoke = useAction((id: string) => api(`/api/v1/invitations/${id}`, { method: 'DELETE' }), [['invitations']], 'Invitation revoked.');
  const form = (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        invite.mutate(undefined, { onSuccess: () => setEmail('') });
      }}
    >
      <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      <div className="field">
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.filter((r) => r !== 'OWNER').map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary" disabled={invite.isPending}>
        Invite
      </button>
    </form>
  );
  return (
    <SettingsSection title="Invitations" hint="The invitee gets an email with a one-time link; it opens this app’s invitation page." before={form} query={list} empty="No open invitations.">
      {(items) => (
        <ul className="plain-list">
          {items.map((i) => (
            <li key={i.id}>
              <strong>{i.email}</strong> as {i.role.toLowerCase()}, by {i.invitedBy}, expires {formatDateTime(i.expiresAt)}{' '}
              <button type="button" className="link danger" onClick={() => revoke.mutate(i.id)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}

type Team = { id: string; name: string; memberIds: string[] };

function Teams() {
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => api<Team[]>('/api/v1/teams') });
  const members = useQuery({ queryKey: ['members'], queryFn: () => api<Member[]>('/api/v1/members') });
  const [name, setName] = useState('');
  const create = useAction(() => api('/api/v1/teams', { body: { name: name.trim() } }), [['teams']], 'Team created.');
  const remove = useAction((id: string) => api(`/api/v1/teams/${id}`, { method: 'DELETE' }), [['teams']], 'Team deleted.');
  const join = useAction(
    (v: { team: string; user: string; on: boolean }) => api(`/api/v1/teams/${v.team}/members/${v.user}`, { method: v.on ? 'PUT' : 'DELETE' }),
    [['teams'], ['members']],
  );
  const form = (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) {
          create.mutate(undefined, { onSuccess: () => setName('') });
        }
      }}
    >
      <TextField label="New team" value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit">Create team</button>
    </form>
  );
  return (
    <SettingsSection title="Teams" before={form} query={teams} empty="No teams yet.">
      {(list) => (
        <div className="cards-grid">
          {list.map((t) => (
            <fieldset key={t.id} className="panel">
              <legend>{t.name}</legend>
              {members.data?.map((m) => (
                <label key={m.userId} className="check">
                  <input type="checkbox" checked={t.memberIds.includes(m.userId)} onChange={(e) => join.mutate({ team: t.id, user: m.userId, on: e.target.checked })} />
                  {m.name}
                </label>
              ))}
              <button type="button" className="link danger" onClick={() => window.confirm(`Delete team ${t.name}?`) && remove.mutate(t.id)}>
                Delete team
              </button>
            </fieldset>
          ))}
        </div>
      )}
    </SettingsSection>
  );
}

type Pipeline = { id: string; name: string; position: number; stages: Stage[] };

function Pipelines() {
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: () => api<Pipeline[]>('/api/v1/pipelines') });
  const [name, setName] = useState('');
  const create = useAction(
    () => api('/api/v1/pipelines', { body: { name: name.trim(), stages: [{ name: 'New', probability: 10, kind: 'OPEN' }, { name: 'Won', probability: 100, kind: 'WON' }, { name: 'Lost', probability: 0, kind: 'LOST' }] } }),
    [['pipelines']],
    'Pipeline created.',
  );
  const form = (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) {
          create.mutate(undefined, { onSuccess: () => setName('') });
        }
      }}
    >
      <TextField label="New pipeline" value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit">Create pipeline</button>
    </form>
  );
  return (
    <SettingsSection title="Pipelines and stages" query={pipelines} after={form}>
      {(list) => list.map((p) => <PipelineEditor key={p.id} pipeline={p} />)}
    </SettingsSection>
  );
}

function PipelineEditor({ pipeline }: { pipeline: Pipeline }) {
  const session = useSignedIn();
  const keys = [['pipelines'], ['board']];
  const [deleting, setDeleting] = useState<Stage | null>(null);
  const [moveTo, setMoveTo] = useState('');
  const reorder = useAction((ids: string[]) => api(`/api/v1/pipelines/${pipeline.id}/stages/order`, { method: 'PUT', body: { stageIds: ids } }), keys, 'Stages reordered.');
  const update = useAction((s: Stage) => api(`/api/v1/pipelines/${pipeline.id}/stages/${s.id}`, { method: 'PATCH', body: { name: s.name, probability: s.probability, kind: s.kind, rottingDays: s.rottingDays || null } }), keys, 'Stage saved.');
  const add = useAction(() => api(`/api/v1/pipelines/${pipeline.id}/stages`, { body: { name: 'New stage', probability: 50, kind: 'OPEN' } }), keys, 'Stage added.');
  const remove = useAction(
    (v: { stage: Stage; moveTo: string }) => api(`/api/v1/pipelines/${pipeline.id}/stages/${v.stage.id}${v.moveTo ? `?moveDealsTo=${v.moveTo}` : ''}`, { method: 'DELETE' }),
    keys,
    'Stage deleted.',
  );
  const move = (index: number, delta: number) => {
    const ids = pipeline.stages.map((s) => s.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + delta, 0, id);
    reorder.mutate(ids);
  };
  return (
    <section className="panel" aria-labelledby={`pipeline-${pipeline.id}`}>
      <h3 id={`pipeline-${pipeline.id}`}>{pipeline.name}</h3>
      <ol className="stage-list">
        {pipeline.stages.map((s, i) => (
          <StageRow
            key={`${s.id}-${s.name}-${s.probability}-${s.kind}-${s.rottingDays}`}
            stage={s}
            first={i === 0}
            last={i === pipeline.stages.length - 1}
            onUp={() => move(i, -1)}
            onDown={() => move(i, 1)}
            onSave={(next) => update.mutate(next)}
            onDelete={() => {
              setDeleting(s);
              setMoveTo(pipeline.stages.find((x) => x.id !== s.id)?.id ?? '');
            }}
            automation={<StageAutomationEditor pipelineId={pipeline.id} stageId={s.id} stageName={s.name} editable={atLeast(session.activeOrganization.role, 'MANAGER')} />}
          />
        ))}
      </ol>
      <button type="button" onClick={() => add.mutate(undefined)}>
        Add stage
      </button>
      {deleting && (
        <div className="confirm" role="alertdialog" aria-labelledby="delete-stage-title">
          <p id="delete-stage-title">
            Delete stage <strong>{deleting.name}</strong>? Its deals move to:
          </p>
          <select aria-label="Move its deals to" value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
            {pipeline.stages
              .filter((x) => x.id !== deleting.id)
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
          </select>
          <button type="button" className="danger" onClick={() => remove.mutate({ stage: deleting, moveTo }, { onSettled: () => setDeleting(null) })}>
            Delete stage
          </button>
          <button type="button" onClick={() => setDeleting(null)}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}

function StageRow({ stage, first, last, onUp, onDown, onSave, onDelete, automation }: { stage: Stage; first: boolean; last: boolean; onUp: () => void; onDown: () => void; onSave: (s: Stage) => void; onDelete: () => void; automation?: React.ReactNode }) {
  const [draft, setDraft] = useState(stage);
  const dirty = JSON.stringify(draft) !== JSON.stringify(stage);
  return (
    <li className="stage-row">
      <form
        className="row"
        aria-label={`Stage ${stage.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          onSave(draft);
        }}
      >
        <TextField label="Name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        <TextField label="Probability %" type="number" min={0} max={100} value={String(draft.probability)} onChange={(e) => setDraft({ ...draft, probability: Number(e.target.value) })} />
        <div className="field">
          <label htmlFor={`kind-${stage.id}`}>Type</label>
          <select id={`kind-${stage.id}`} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as StageKind })}>
            <option value="OPEN">Open</option>
            <option value="WON">Won</option>
            <option value="LOST">Lost</option>
          </select>
        </div>
        <TextField label="Rotting after (days)" type="number" min={1} value={draft.rottingDays ? String(draft.rottingDays) : ''} onChange={(e) => setDraft({ ...draft, rottingDays: e.target.value ? Number(e.target.value) : null })} />
        <button type="submit" disabled={!dirty}>
          Save
        </button>
        <button type="button" aria-label={`Move ${stage.name} up`} disabled={first} onClick={onUp}>
          ↑
        </button>
        <button type="button" aria-label={`Move ${stage.name} down`} disabled={last} onClick={onDown}>
          ↓
        </button>
        <button type="button" className="danger" onClick={onDelete}>
          Delete
        </button>
      </form>
      {automation}
    </li>
  );
}

type CustomField = { id: string; entity: string; key: string; label: string; type: string; options: string[]; required: boolean };
const FIELD_TYPES = ['TEXT', 'DECIMAL', 'INTEGER', 'DATE', 'BOOLEAN', 'SELECT', 'EMAIL', 'URL', 'PHONE'];

function CustomFields() {
  const fields = useQuery({ queryKey: ['custom-fields'], queryFn: () => api<CustomField[]>('/api/v1/custom-fields') });
  const [form, setForm] = useState({ entity: 'deal', key: '', label: '', type: 'TEXT', options: '' });
  const create = useAction(
    () =>
      api('/api/v1/custom-fields', {
        body: { entity: form.entity, key: form.key.trim(), label: form.label.trim(), type: form.type, options: form.type === 'SELECT' ? form.options.split(',').map((o) => o.trim()).filter(Boolean) : undefined },
      }),
    [['custom-fields']],
    'Field added.',
  );
  const remove = useAction((id: string) => api(`/api/v1/custom-fields/${id}`, { method: 'DELETE' }), [['custom-fields']], 'Field deleted.');
  const addForm = (
    <form
      className="row"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        create.mutate(undefined, { onSuccess: () => setForm({ ...form, key: '', label: '', options: '' }) });
      }}
    >
      <div className="field">
        <label htmlFor="cf-entity">Record</label>
        <select id="cf-entity" value={form.entity} onChange={(e) => setForm({ ...form, entity: e.target.value })}>
          {Object.values(RECORD_TYPES).map((t) => (
            <option key={t.key} value={t.key}>
              {t.singular}
            </option>
          ))}
        </select>
      </div>
      <TextField label="Label" value={form.label} onChange={(e) => setForm({ ...form, label: e.target.value, key: form.key || '' })} />
      <TextField label="Key" value={form.key} hint="lower-case, e.g. region" onChange={(e) => setForm({ ...form, key: e.target.value })} />
      <div className="field">
        <label htmlFor="cf-type">Type</label>
        <select id="cf-type" value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value })}>
          {FIELD_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </div>
      {form.type === 'SELECT' && <TextField label="Options" hint="comma-separated" value={form.options} onChange={(e) => setForm({ ...form, options: e.target.value })} />}
      <button type="submit" className="primary">
        Add field
      </button>
    </form>
  );
  return (
    <SettingsSection title="Custom fields" query={fields} empty="No custom fields yet." after={addForm}>
      {(list) => (
        <table className="records">
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Type</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((f) => (
              <tr key={f.id}>
                <td>{f.entity}</td>
                <td>{f.label}</td>
                <td>
                  <code>custom.{f.key}</code>
                </td>
                <td>
                  {f.type}
                  {f.options?.length ? ` (${f.options.join(', ')})` : ''}
                </td>
                <td>
                  <button type="button" className="link danger" onClick={() => window.confirm(`Delete field ${f.label}? Its values go too.`) && remove.mutate(f.id)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </SettingsSection>
  );
}

function VisibilitySettings() {
  const visibility = useQuery({ queryKey: ['visibility'], queryFn: () => api<Record<Role, string>>('/api/v1/settings/visibility') });
  const set = useAction((v: Partial<Record<Role, string>>) => api('/api/v1/settings/visibility', { method: 'PUT', body: v }), [['visibility'], ['board'], ['list']], 'Visibility saved.');
  return (
    <SettingsSection title="Record visibility per role" hint="What each role sees in lists, on the board, in search and in exports: only their own records, their teams’, or all." query={visibility}>
      {(scopes) => (
        <table className="records">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Sees</th>
            </tr>
          </thead>
          <tbody>
            {ROLES.map((role) => (
              <tr key={role}>
                <th scope="row">{role}</th>
                <td>
                  <select aria-label={`What ${role} sees`} value={scopes[role]} onChange={(e) => set.mutate({ [role]: e.target.value })}>
                    <option value="OWN">Own records</option>
                    <option value="TEAM">Own and team’s</option>
                    <option value="ALL">All</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </SettingsSection>
  );
}

type ApiKey = { id: string; name: string; scopes: string[]; prefix: string; createdAt: string; lastUsedAt?: string; revokedAt?: string };

function ApiKeys() {
  const session = useSignedIn();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => api<ApiKey[]>('/api/v1/api-keys') });
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => api<{ role: Role; permissions: string[] }[]>('/api/v1/roles') });
  const mine = roles.data?.find((r) => r.role === session.activeOrganization.role)?.permissions ?? [];
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [token, setToken] = useState<string | null>(null);
  const create = useAction(() => api<{ token: string }>('/api/v1/api-keys', { body: { name: name.trim(), scopes } }).then((k) => setToken(k.token)), [['api-keys']]);
  const revoke = useAction((id: string) => api(`/api/v1/api-keys/${id}`, { method: 'DELETE' }), [['api-keys']], 'Key revoked.');
  const notice = token && (
      <div className="notice" role="status">
        <p>
          <strong>Copy this key now — it is shown only once.</strong>
        </p>
        <p>
          <code className="secret">{token}</code>{' '}
          <button type="button" onClick={() => navigator.clipboard?.writeText(token)}>
            Copy
          </button>{' '}
          <button type="button" className="link" onClick={() => setToken(null)}>
            Done
          </button>
        </p>
      </div>
  );
  const form = (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() && scopes.length) {
          create.mutate(undefined, { onSuccess: () => setName('') });
        }
      }}
    >
      <TextField label="Key name" value={name} onChange={(e) => setName(e.target.value)} />
      <fieldset className="scopes">
        <legend>Scopes</legend>
        {mine.map((p) => (
          <label key={p} className="check">
            <input type="checkbox" checked={scopes.includes(p)} onChange={(e) => setScopes(e.target.checked ? [...scopes, p] : scopes.filter((s) => s !== p))} />
            {p}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={!name.trim() || scopes.length === 0}>
        Create key
      </button>
    </form>
  );
  return (
    <SettingsSection title="API keys" before={notice} query={keys} empty="No API keys." after={form}>
      {(list) => (
        <ul className="plain-list">
          {list.map((k) => (
            <li key={k.id}>
              <strong>{k.name}</strong> <code>{k.prefix}…</code> · {k.scopes.join(', ')} · created {formatDateTime(k.createdAt)}
              {k.revokedAt ? (
                ' · revoked'
              ) : (
                <button type="button" className="link danger" onClick={() => revoke.mutate(k.id)}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}

type Email = { id: string; to: string; subject: string; body: string; template: string; status: string; createdAt: string };

function Outbox() {
  const outbox = useQuery({ queryKey: ['outbox'], queryFn: () => api<Email[]>('/api/v1/outbox') });
  return (
    <SettingsSection title="Email outbox" hint="Emails the app sent or queued (without an email provider configured, they stay here)." query={outbox} empty="No emails yet.">
      {(list) => (
        <ul className="plain-list outbox">
          {list.map((m) => (
            <li key={m.id}>
              <details>
                <summary>
                  <strong>{m.subject}</strong> to {m.to} · {m.status.toLowerCase()} · {formatDateTime(m.createdAt)}
                </summary>
                <pre className="email-body">{m.body}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}

type ImportJob = { id: string; entity: string; status: string; fileName: string; rowsRead: number; inserted: number; updated: number; skipped: number; failed: number; message?: string; createdAt: string };
const FINISHED = ['DONE', 'FAILED', 'COMPLETED', 'CANCELLED', 'SUCCEEDED'];

function ImportExport() {
  const client = useQueryClient();
  const imports = useQuery({
    queryKey: ['imports'],
    queryFn: () => api<ImportJob[]>('/api/v1/imports'),
    // progress polling while any import runs
    refetchInterval: (q) => ((q.state.data ?? []).some((j) => !FINISHED.includes(j.status)) ? 1000 : false),
  });
  const [entity, setEntity] = useState('contact');
  const [file, setFile] = useState<File | null>(null);
  const [headers, setHeaders] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [dedupe, setDedupe] = useState('SKIP');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const type = useMemo(() => Object.values(RECORD_TYPES).find((t) => t.key === entity)!, [entity]);
  const customFields = useQuery({ queryKey: ['custom-fields', entity], queryFn: () => api<CustomField[]>(`/api/v1/custom-fields?entity=${entity}`) });
  const targets = useMemo(
    () => [...type.fields.filter((f) => !f.readOnly).map((f) => ({ name: f.name, label: f.label })), ...(customFields.data ?? []).map((f) => ({ name: `custom.${f.key}`, label: f.label }))],
    [type, customFields.data],
  );
  const choose = async (f: File | null) => {
    setFile(f);
    setError(null);
    if (!f) {
      setHeaders([]);
      return;
    }
    const head = await f.slice(0, 64 * 1024).text();
    const found = parseHeader(head);
    setHeaders(found);
    setMapping(guessMapping(found, targets));
  };
  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      return;
    }
    const form = new FormData();
    form.append('file', file);
    form.append('entity', entity);
    form.append('dedupe', dedupe);
    form.append('mapping', JSON.stringify(Object.fromEntries(Object.entries(mapping).filter(([, v]) => v))));
    setBusy(true);
    try {
      await api('/api/v1/imports', { method: 'POST', body: form });
      setFile(null);
      setHeaders([]);
      client.invalidateQueries({ queryKey: ['imports'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <SettingsSection title="Import and export">
      <h3>Import a CSV</h3>
      <form className="stack" onSubmit={upload}>
        <div className="row">
          <div className="field">
            <label htmlFor="import-entity">Records</label>
            <select id="import-entity" value={entity} onChange={(e) => setEntity(e.target.value)}>
              {Object.values(RECORD_TYPES).map((t) => (
                <option key={t.key} value={t.key}>
                  {t.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="import-file">CSV file</label>
            <input id="import-file" type="file" accept=".csv,text/csv" onChange={(e) => choose(e.target.files?.[0] ?? null)} />
          </div>
          <div className="field">
            <label htmlFor="import-dedupe">When a record exists</label>
            <select id="import-dedupe" value={dedupe} onChange={(e) => setDedupe(e.target.value)}>
              <option value="SKIP">Skip the row</option>
              <option value="UPDATE">Update it</option>
              <option value="CREATE">Create another</option>
            </select>
          </div>
        </div>
        {headers.length > 0 && (
          <table className="records mapping">
            <caption>Map the file’s columns to fields</caption>
            <thead>
              <tr>
                <th scope="col">Column in the file</th>
                <th scope="col">Field</th>
              </tr>
            </thead>
            <tbody>
              {headers.map((h) => (
                <tr key={h}>
                  <th scope="row">{h}</th>
                  <td>
                    <select aria-label={`Field for column ${h}`} value={mapping[h] ?? ''} onChange={(e) => setMapping({ ...mapping, [h]: e.target.value })}>
                      <option value="">Don’t import</option>
                      {targets.map((t) => (
                        <option key={t.name} value={t.name}>
                          {t.label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {error !== null && <ErrorMessage error={error} />}
        <button type="submit" className="primary" disabled={!file || busy}>
          {busy ? 'Uploading…' : 'Start import'}
        </button>
      </form>
      <h3>Imports</h3>
      <Loaded q={imports} empty="No imports yet.">
        {(list) => (
          <table className="records">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col">Rows read</th>
                <th scope="col">Added / updated / skipped / failed</th>
                <th scope="col">Errors</th>
              </tr>
            </thead>
            <tbody>
              {list.map((j) => (
                <tr key={j.id}>
                  <td>
                    {j.fileName} ({j.entity})
                  </td>
                  <td aria-live="polite">
                    {j.status.toLowerCase()}
                    {j.message ? ` — ${j.message}` : ''}
                  </td>
                  <td>{j.rowsRead}</td>
                  <td>
                    {j.inserted} / {j.updated} / {j.skipped} / {j.failed}
                  </td>
                  <td>{j.failed > 0 ? <a href={`/api/v1/imports/${j.id}/errors.csv`}>Download error report</a> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      <h3>Export</h3>
      <p>
        <a className="button" href="/api/v1/organization/export.zip" download>
          Download everything (ZIP of CSVs)
        </a>{' '}
        Lists also export their filtered view as CSV.
      </p>
    </SettingsSection>
  );
}
