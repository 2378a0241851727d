/**
 * The organisation's lead routing and qualification SLA (crm-api sales/SalesSettingsController) as a form:
 * the API's shapes, its checks made before sending, and a member's lead capacity.
 */

export type RoutingStrategy = 'ROUND_ROBIN' | 'LEAST_LOADED';

export type AutomationSettings = {
  routingStrategy: RoutingStrategy;
  qualificationSlaHours: number;
  businessDayStart: string;
  businessDayEnd: string;
  /** ISO days of the week, 1 = Monday … 7 = Sunday */
  businessDays: number[];
  timeZone: string;
};

/** The form's texts. */
export type SettingsDraft = {
  routingStrategy: RoutingStrategy;
  qualificationSlaHours: string;
  businessDayStart: string;
  businessDayEnd: string;
  businessDays: number[];
  timeZone: string;
};

export type Availability = { userId: string; absent: boolean; capacity: number | null; openLeads: number };

export type StageAutomation = { taskTitle: string | null; taskDueDays: number | null; emailTemplate: string | null; notifyOwner: boolean };

export const STRATEGIES: { value: RoutingStrategy; label: string; hint: string }[] = [
  { value: 'ROUND_ROBIN', label: 'Round robin', hint: 'Each new lead goes to the next rep in turn.' },
  { value: 'LEAST_LOADED', label: 'Least loaded', hint: 'Each new lead goes to the rep with the fewest open leads.' },
];

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const EMAIL_TEMPLATES = [{ value: 'deal-won-thank-you', label: 'Thank-you email to the customer (deal won)' }];

/** "09:00:00" or "09:00" as an <input type=time> shows it. */
export function timeText(value: string): string {
  return /^\d{2}:\d{2}/.test(value) ? value.slice(0, 5) : value;
}

export function toDraft(settings: AutomationSettings): SettingsDraft {
  return {
    routingStrategy: settings.routingStrategy,
    qualificationSlaHours: String(settings.qualificationSlaHours),
    businessDayStart: timeText(settings.businessDayStart),
    businessDayEnd: timeText(settings.businessDayEnd),
    businessDays: [...settings.businessDays].sort((a, b) => a - b),
    timeZone: settings.timeZone,
  };
}

/** The PUT body. */
export function fromDraft(draft: SettingsDraft): AutomationSettings {
  return {
    routingStrategy: draft.routingStrategy,
    qualificationSlaHours: Number(draft.qualificationSlaHours.trim()),
    businessDayStart: draft.businessDayStart,
    businessDayEnd: draft.businessDayEnd,
    businessDays: [...new Set(draft.businessDays)].sort((a, b) => a - b),
    timeZone: draft.timeZone.trim(),
  };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** The API's checks, by field; `zones` (when the browser lists them) are the time zones it accepts. */
export function settingsErrors(draft: SettingsDraft, zones?: readonly string[]): Partial<Record<keyof SettingsDraft, string>> {
  const errors: Partial<Record<keyof SettingsDraft, string>> = {};
  const hours = draft.qualificationSlaHours.trim();
  if (!/^\d+$/.test(hours) || Number(hours) < 1 || Number(hours) > 2000) {
    errors.qualificationSlaHours = 'Enter whole hours from 1 to 2000.';
  }
  if (!TIME.test(draft.businessDayStart)) {
    errors.businessDayStart = 'Enter a time, e.g. 09:00.';
  }
  if (!TIME.test(draft.businessDayEnd)) {
    errors.businessDayEnd = 'Enter a time, e.g. 17:00.';
  } else if (TIME.test(draft.businessDayStart) && draft.businessDayEnd <= draft.businessDayStart) {
    errors.businessDayEnd = 'The working day must end after it starts.';
  }
  if (draft.businessDays.length === 0) {
    errors.businessDays = 'Pick at least one working day.';
  }
  const zone = draft.timeZone.trim();
  if (!zone) {
    errors.timeZone = 'Pick a time zone.';
  } else if (zone.length > 64 || (zones && zones.length > 0 && !zones.includes(zone) && zone !== 'UTC')) {
    errors.timeZone = 'Pick a time zone from the list, e.g. Europe/Berlin.';
  }
  return errors;
}

/** A capacity input's text as the API takes it: '' is no limit (null); a whole number 0–100000 otherwise. */
export function parseCapacity(text: string): { value: number | null; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { value: null };
  }
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > 100000) {
    return { value: null, error: 'Enter a whole number from 0 to 100000, or leave it empty for no limit.' };
  }
  return { value: Number(trimmed) };
}

/** A stage automation form's PUT body: blanks become nulls; errors by field. */
export function stageAutomationBody(draft: { taskTitle: string; taskDueDays: string; emailTemplate: string; notifyOwner: boolean }): {
  body: StageAutomation;
  errors: Partial<Record<'taskTitle' | 'taskDueDays', string>>;
} {
  const errors: Partial<Record<'taskTitle' | 'taskDueDays', string>> = {};
  const title = draft.taskTitle.trim();
  const due = draft.taskDueDays.trim();
  if (title.length > 300) {
    errors.taskTitle = 'Use at most 300 characters.';
  }
  if (due !== '' && (!/^\d+$/.test(due) || Number(due) > 365)) {
    errors.taskDueDays = 'Enter whole days from 0 to 365.';
  } else if (due !== '' && !title) {
    errors.taskDueDays = 'A due date needs a task title.';
  }
  return {
    body: { taskTitle: title || null, taskDueDays: due === '' ? null : Number(due), emailTemplate: draft.emailTemplate || null, notifyOwner: draft.notifyOwner },
    errors,
  };
}
