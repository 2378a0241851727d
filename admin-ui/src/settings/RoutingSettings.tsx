import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText } from '../lib/api';
import { atLeast, useSignedIn, type Role } from '../auth/session';
import {
  EMAIL_TEMPLATES,
  fromDraft,
  parseCapacity,
  settingsErrors,
  stageAutomationBody,
  STRATEGIES,
  toDraft,
  WEEKDAYS,
  type Availability,
  type AutomationSettings,
  type SettingsDraft,
  type StageAutomation,
} from '../lib/routing';
import { Empty, ErrorMessage, Loading, TextField, useToast } from '../ui/common';
import { SettingsSection } from './SettingsSection';
import './routing.css';

type Member = { userId: string; name: string; email: string; role: Role };

/** The time zones this browser knows (Java knows the same IANA names); empty where it cannot list them. */
function timeZones(): readonly string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

/** Settings › Routing: how new leads find a rep, the qualification SLA and its working week, who is away. */
export default function RoutingSettings() {
  return (
    <SettingsSection title="Routing" hint="New leads go to a rep by the rule below. Their qualification task is due within the SLA, counted in working hours.">
      <AutomationForm />
      <MemberAvailability />
    </SettingsSection>
  );
}

function AutomationForm() {
  const session = useSignedIn();
  const settings = useQuery({ queryKey: ['automation-settings'], queryFn: () => api<AutomationSettings>('/api/v1/settings/automation') });
  if (settings.isPending) {
    return <Loading />;
  }
  if (settings.isError) {
    return <ErrorMessage error={settings.error} retry={() => settings.refetch()} />;
  }
  return <AutomationEditor key={JSON.stringify(settings.data)} settings={settings.data} editable={atLeast(session.activeOrganization.role, 'ADMIN')} />;
}

function AutomationEditor({ settings, editable }: { settings: AutomationSettings; editable: boolean }) {
  const client = useQueryClient();
  const toast = useToast();
  const zones = useMemo(timeZones, []);
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(settings));
  const [checked, setChecked] = useState(false);
  const save = useMutation({
    mutationFn: (body: AutomationSettings) => api<AutomationSettings>('/api/v1/settings/automation', { method: 'PUT', body }),
    onSuccess: (saved) => {
      client.setQueryData(['automation-settings'], saved);
      setChecked(false);
      toast('Routing settings saved.');
    },
  });
  const local = checked ? settingsErrors(draft, zones) : {};
  const server = save.error instanceof ApiError ? save.error : null;
  const errorOf = (field: keyof SettingsDraft) => local[field] ?? server?.fieldMessage(field);
  const dirty = JSON.stringify(draft) !== JSON.stringify(toDraft(settings));
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(settingsErrors(draft, zones)).length === 0) {
      save.mutate(fromDraft(draft));
    }
  };
  const zoneOptions = zones.length > 0 && !zones.includes(draft.timeZone) ? [draft.timeZone, ...zones] : zones;
  return (
    <form className="panel stack routing-form" noValidate onSubmit={submit} aria-labelledby="routing-rules-title">
      <h3 id="routing-rules-title">Lead routing and SLA</h3>
      {!editable && <p className="notice">Only admins and owners change these settings.</p>}
      <fieldset disabled={!editable || save.isPending} className="plain-fieldset stack">
        <fieldset className="plain-fieldset">
          <legend>Routing</legend>
          {STRATEGIES.map((s) => (
            <label key={s.value} className="check">
              <input type="radio" name="routingStrategy" value={s.value} checked={draft.routingStrategy === s.value} onChange={() => set('routingStrategy', s.value)} />
              <span>
                {s.label} <span className="muted">— {s.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="row">
          <TextField
            label="Qualification SLA (working hours)"
            type="number"
            min={1}
            max={2000}
            step={1}
            inputMode="numeric"
            value={draft.qualificationSlaHours}
            error={errorOf('qualificationSlaHours')}
            onChange={(e) => set('qualificationSlaHours', e.target.value)}
          />
          <TextField label="Working day starts" type="time" value={draft.businessDayStart} error={errorOf('businessDayStart')} onChange={(e) => set('businessDayStart', e.target.value)} />
          <TextField label="Working day ends" type="time" value={draft.businessDayEnd} error={errorOf('businessDayEnd')} onChange={(e) => set('businessDayEnd', e.target.value)} />
          <div className="field">
            <label htmlFor="routing-zone">Time zone</label>
            {zoneOptions.length > 0 ? (
              <select id="routing-zone" value={draft.timeZone} aria-invalid={errorOf('timeZone') ? true : undefined} aria-describedby={errorOf('timeZone') ? 'routing-zone-error' : undefined} onChange={(e) => set('timeZone', e.target.value)}>
                {zoneOptions.map((z) => (
                  <option key={z}>{z}</option>
                ))}
              </select>
            ) : (
              <input id="routing-zone" value={draft.timeZone} aria-invalid={errorOf('timeZone') ? true : undefined} aria-describedby={errorOf('timeZone') ? 'routing-zone-error' : undefined} onChange={(e) => set('timeZone', e.target.value)} />
            )}
            {errorOf('timeZone') && (
              <small id="routing-zone-error" className="field-error">
                {errorOf('timeZone')}
              </small>
            )}
          </div>
        </div>
        <fieldset className="plain-fieldset" aria-describedby={errorOf('businessDays') ? 'routing-days-error' : undefined}>
          <legend>Working days</legend>
          <div className="row weekdays">
            {WEEKDAYS.map((day, i) => (
              <label key={day} className="check">
                <input
                  type="checkbox"
                  checked={draft.businessDays.includes(i + 1)}
                  onChange={(e) => set('businessDays', e.target.checked ? [...draft.businessDays, i + 1].sort((a, b) => a - b) : draft.businessDays.filter((d) => d !== i + 1))}
                />
                {day}
              </label>
            ))}
          </div>
          {errorOf('businessDays') && (
            <small id="routing-days-error" className="field-error">
              {errorOf('businessDays')}
            </small>
          )}
        </fieldset>
      </fieldset>
      {save.isError && <ErrorMessage error={save.error} />}
      {editable && (
        <div className="actions">
          <button type="button" disabled={!dirty || save.isPending} onClick={() => setDraft(toDraft(settings))}>
            Discard
          </button>
          <button type="submit" className="primary" disabled={!dirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save routing'}
          </button>
        </div>
      )}
    </form>
  );
}

function MemberAvailability() {
  const session = useSignedIn();
  const members = useQuery({ queryKey: ['members'], queryFn: () => api<Member[]>('/api/v1/members') });
  const availability = useQuery({ queryKey: ['availability'], queryFn: () => api<Availability[]>('/api/v1/members/availability') });
  const editable = atLeast(session.activeOrganization.role, 'ADMIN');
  const byUser = new Map((availability.data ?? []).map((a) => [a.userId, a]));
  return (
    <section className="panel" aria-labelledby="availability-title">
      <h3 id="availability-title">Who takes leads</h3>
      <p className="hint">Routing skips absent members and those at their capacity of open leads. Leave capacity empty for no limit.</p>
      {members.isPending || availability.isPending ? (
        <Loading />
      ) : members.isError || availability.isError ? (
        <ErrorMessage error={members.error ?? availability.error} retry={() => (members.refetch(), availability.refetch())} />
      ) : members.data.length === 0 ? (
        <Empty>No members.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="records">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Open leads</th>
                <th scope="col">Absent</th>
                <th scope="col">Capacity</th>
                <th scope="col">
                  <span className="visually-hidden">Save</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data
                .filter((m) => m.role !== 'VIEWER')
                .map((m) => {
                  const a = byUser.get(m.userId) ?? { userId: m.userId, absent: false, capacity: null, openLeads: 0 };
                  return <AvailabilityRow key={`${m.userId}-${a.absent}-${a.capacity}`} member={m} availability={a} editable={editable} />;
                })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AvailabilityRow({ member, availability, editable }: { member: Member; availability: Availability; editable: boolean }) {
  const client = useQueryClient();
  const toast = useToast();
  const [absent, setAbsent] = useState(availability.absent);
  const [capacity, setCapacity] = useState(availability.capacity === null ? '' : String(availability.capacity));
  const parsed = parseCapacity(capacity);
  const save = useMutation({
    mutationFn: () => api<Availability>(`/api/v1/members/${member.userId}/availability`, { method: 'PUT', body: { absent, capacity: parsed.value } }),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['availability'] });
      toast(`Saved ${member.name}’s availability.`);
    },
    onError: (e) => toast(errorText(e), 'error'),
  });
  const dirty = absent !== availability.absent || parsed.value !== availability.capacity || !!parsed.error;
  const capacityId = `capacity-${member.userId}`;
  return (
    <tr>
      <th scope="row">
        {member.name} <span className="muted">{member.email}</span>
      </th>
      <td>{availability.openLeads}</td>
      <td>
        <label className="check">
          <input type="checkbox" checked={absent} disabled={!editable} onChange={(e) => setAbsent(e.target.checked)} />
          <span className="visually-hidden">{member.name} is absent</span>
        </label>
      </td>
      <td>
        <label htmlFor={capacityId} className="visually-hidden">
          Capacity of {member.name}
        </label>
        <input
          id={capacityId}
          type="number"
          min={0}
          max={100000}
          step={1}
          inputMode="numeric"
          className="capacity-input"
          placeholder="No limit"
          value={capacity}
          disabled={!editable}
          aria-invalid={parsed.error ? true : undefined}
          aria-describedby={parsed.error ? `${capacityId}-error` : undefined}
          onChange={(e) => setCapacity(e.target.value)}
        />
        {parsed.error && (
          <small id={`${capacityId}-error`} className="field-error">
            {parsed.error}
          </small>
        )}
      </td>
      <td>
        {editable && (
          <button type="button" disabled={!dirty || !!parsed.error || save.isPending} onClick={() => save.mutate()} aria-label={`Save availability of ${member.name}`}>
            Save
          </button>
        )}
      </td>
    </tr>
  );
}

/** What a deal entering one stage triggers: a task, an email, a notice (Settings › Pipelines, per stage). */
export function StageAutomationEditor({ pipelineId, stageId, stageName, editable }: { pipelineId: string; stageId: string; stageName: string; editable: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="stage-automation" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Automation for {stageName}</summary>
      {open && <StageAutomationForm pipelineId={pipelineId} stageId={stageId} stageName={stageName} editable={editable} />}
    </details>
  );
}

function StageAutomationForm({ pipelineId, stageId, stageName, editable }: { pipelineId: string; stageId: string; stageName: string; editable: boolean }) {
  const url = `/api/v1/pipelines/${pipelineId}/stages/${stageId}/automation`;
  const current = useQuery({ queryKey: ['stage-automation', stageId], queryFn: () => api<StageAutomation>(url) });
  if (current.isPending) {
    return <Loading />;
  }
  if (current.isError) {
    return <ErrorMessage error={current.error} retry={() => current.refetch()} />;
  }
  return <StageAutomationFields key={JSON.stringify(current.data)} url={url} stageId={stageId} stageName={stageName} current={current.data} editable={editable} />;
}

function StageAutomationFields({ url, stageId, stageName, current, editable }: { url: string; stageId: string; stageName: string; current: StageAutomation; editable: boolean }) {
  const client = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState({
    taskTitle: current.taskTitle ?? '',
    taskDueDays: current.taskDueDays === null ? '' : String(current.taskDueDays),
    emailTemplate: current.emailTemplate ?? '',
    notifyOwner: current.notifyOwner,
  });
  const [checked, setChecked] = useState(false);
  const { body, errors } = stageAutomationBody(draft);
  const shown = checked ? errors : {};
  const save = useMutation({
    mutationFn: () => api<StageAutomation>(url, { method: 'PUT', body }),
    onSuccess: (saved) => {
      client.setQueryData(['stage-automation', stageId], saved);
      toast(`Automation for ${stageName} saved.`);
    },
  });
  const server = save.error instanceof ApiError ? save.error : null;
  return (
    <form
      className="stack stage-automation-form"
      noValidate
      aria-label={`Automation for ${stageName}`}
      onSubmit={(e) => {
        e.preventDefault();
        setChecked(true);
        if (Object.keys(errors).length === 0) {
          save.mutate();
        }
      }}
    >
      <fieldset disabled={!editable || save.isPending} className="plain-fieldset">
        <div className="row">
          <TextField label="Create a task for the owner" placeholder="No task" value={draft.taskTitle} maxLength={300} error={shown.taskTitle ?? server?.fieldMessage('taskTitle')} onChange={(e) => setDraft({ ...draft, taskTitle: e.target.value })} />
          <TextField label="Task due after (days)" type="number" min={0} max={365} value={draft.taskDueDays} error={shown.taskDueDays ?? server?.fieldMessage('taskDueDays')} onChange={(e) => setDraft({ ...draft, taskDueDays: e.target.value })} />
          <div className="field">
            <label htmlFor={`email-${stageId}`}>Send an email</label>
            <select id={`email-${stageId}`} value={draft.emailTemplate} onChange={(e) => setDraft({ ...draft, emailTemplate: e.target.value })}>
              <option value="">No email</option>
              {EMAIL_TEMPLATES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <label className="check">
            <input type="checkbox" checked={draft.notifyOwner} onChange={(e) => setDraft({ ...draft, notifyOwner: e.target.checked })} />
            Notify the owner on the deal’s timeline
          </label>
        </div>
      </fieldset>
      {save.isError && !server?.errors.length && <ErrorMessage error={save.error} />}
      {editable && (
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            Save automation
          </button>
        </div>
      )}
    </form>
  );
}
