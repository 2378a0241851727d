/**
 * A user task's form (GET /api/v1/forms/{formKey}, crm-api task/TaskForms) as the inbox renders it: which
 * inputs to show, the values to send when completing, and the same checks the API makes, so the form says
 * what is wrong before sending. The server still decides; its field errors come back as `variables.<name>`.
 */
import { ApiError } from './api';

export type FormFieldType = 'BOOLEAN' | 'TEXT' | 'SELECT' | 'USER' | 'DATE_TIME' | 'DURATION' | 'NUMBER';
export type FormOption = { value: string; label: string };
export type FormField = {
  name: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  maxLength?: number;
  options?: FormOption[];
  /** required (and shown) only when another field has this value */
  requiredWhen?: { field: string; value: unknown };
};
export type TaskForm = { key: string; title: string; description?: string; fields: FormField[] };

/** What a form input holds: checkboxes a boolean, everything else its text. */
export type FormValues = Record<string, string | boolean>;

/** How an input shows a field. */
export type Control = 'checkbox' | 'text' | 'textarea' | 'select' | 'user' | 'datetime' | 'number';

export function controlOf(field: FormField): Control {
  switch (field.type) {
    case 'BOOLEAN':
      return 'checkbox';
    case 'SELECT':
      return 'select';
    case 'USER':
      return 'user';
    case 'DATE_TIME':
      return 'datetime';
    case 'NUMBER':
      return 'number';
    case 'TEXT':
      return field.maxLength !== undefined && field.maxLength > 200 ? 'textarea' : 'text';
    default:
      return 'text';
  }
}

/** The empty form: unchecked boxes (false is an answer), blank texts. */
export function initialValues(form: TaskForm): FormValues {
  return Object.fromEntries(form.fields.map((f) => [f.name, f.type === 'BOOLEAN' ? false : '']));
}

/** The value a field sends, or undefined when left blank. */
function valueOf(field: FormField, raw: string | boolean | undefined): unknown {
  if (field.type === 'BOOLEAN') {
    return raw === true;
  }
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') {
    return undefined;
  }
  if (field.type === 'NUMBER') {
    return Number(text);
  }
  if (field.type === 'DATE_TIME') {
    return withOffset(text) ?? text;
  }
  return text;
}

/** Whether a conditional field applies: its condition holds for the values the form would send. */
export function isRequired(field: FormField, form: TaskForm, values: FormValues): boolean {
  if (field.required) {
    return true;
  }
  if (!field.requiredWhen) {
    return false;
  }
  const other = form.fields.find((f) => f.name === field.requiredWhen?.field);
  const otherValue = other ? valueOf(other, values[other.name]) : undefined;
  return otherValue === field.requiredWhen.value;
}

/** A conditional field shows when it is required, or when it already holds something. */
export function isShown(field: FormField, form: TaskForm, values: FormValues): boolean {
  if (!field.requiredWhen) {
    return true;
  }
  return isRequired(field, form, values) || valueOf(field, values[field.name]) !== undefined;
}

/** The variables to complete the task with: only the form's shown fields, blanks left out. */
export function toVariables(form: TaskForm, values: FormValues): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const field of form.fields) {
    if (!isShown(field, form, values)) {
      continue;
    }
    const value = valueOf(field, values[field.name]);
    if (value !== undefined) {
      variables[field.name] = value;
    }
  }
  return variables;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ISO 8601 durations as java.time.Duration reads them: days, hours, minutes, seconds (an optional leading '-').
const DURATION = /^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:[.,]\d{0,9})?)S)?)?$/i;
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A datetime-local input's text (2030-01-07T17:00) as an ISO date-time with this browser's offset
 * (2030-01-07T17:00:00+01:00); text that already has an offset stays; undefined when it is no date-time.
 */
export function withOffset(text: string, offsetMinutes?: number): string | undefined {
  if (OFFSET_DATE_TIME.test(text)) {
    return text;
  }
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(text);
  if (!match) {
    return undefined;
  }
  const local = new Date(`${match[1]}T${match[2]}${match[3] ?? ':00'}`);
  if (Number.isNaN(local.getTime())) {
    return undefined;
  }
  // getTimezoneOffset is minutes *behind* UTC: Berlin in winter is -60
  const offset = offsetMinutes ?? -local.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${match[1]}T${match[2]}${match[3] ?? ':00'}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Whether an ISO 8601 duration is valid, and whether it is negative, as java.time.Duration.parse sees it. */
export function parseDuration(text: string): { valid: boolean; negative: boolean } {
  const m = DURATION.exec(text);
  if (!m || (m[2] === undefined && m[3] === undefined && m[4] === undefined && m[5] === undefined) || /T$/i.test(text)) {
    return { valid: false, negative: false };
  }
  const seconds =
    Number(m[2] ?? 0) * 86400 + Number(m[3] ?? 0) * 3600 + Number(m[4] ?? 0) * 60 + Number((m[5] ?? '0').replace(',', '.'));
  return { valid: true, negative: (m[1] === '-' ? -seconds : seconds) < 0 };
}

/** The API's checks (TaskForms.validate): required, type, length, options; messages by field name. */
export function validateForm(form: TaskForm, values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    if (!isShown(field, form, values)) {
      continue;
    }
    const value = valueOf(field, values[field.name]);
    if (value === undefined) {
      if (isRequired(field, form, values)) {
        errors[field.name] = 'is required';
      }
      continue;
    }
    const problem = check(field, value);
    if (problem) {
      errors[field.name] = problem;
    }
  }
  return errors;
}

function check(field: FormField, value: unknown): string | undefined {
  switch (field.type) {
    case 'BOOLEAN':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'TEXT':
      return field.maxLength !== undefined && String(value).length > field.maxLength ? `must be at most ${field.maxLength} characters` : undefined;
    case 'SELECT':
      return (field.options ?? []).some((o) => o.value === value) ? undefined : `must be one of ${(field.options ?? []).map((o) => o.value).join(', ')}`;
    case 'USER':
      return UUID.test(String(value)) ? undefined : 'must be a member of this organisation';
    case 'DATE_TIME':
      return OFFSET_DATE_TIME.test(String(value)) && !Number.isNaN(Date.parse(String(value)))
        ? undefined
        : 'must be a date and time, e.g. 2030-01-07 17:00';
    case 'DURATION': {
      const duration = parseDuration(String(value));
      if (!duration.valid) {
        return 'must be an ISO 8601 duration, e.g. PT8H or P3DT2H';
      }
      return duration.negative ? 'must not be negative' : undefined;
    }
    case 'NUMBER':
      return Number.isFinite(value) ? undefined : 'must be a number';
    default:
      return undefined;
  }
}

/** The server's field errors (`variables.<name>`) by field name; other errors under ''. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) {
    return {};
  }
  const errors: Record<string, string> = {};
  for (const e of error.errors) {
    const name = e.field.startsWith('variables.') ? e.field.slice('variables.'.length) : e.field;
    errors[name] = errors[name] ? `${errors[name]}; ${e.message}` : e.message;
  }
  return errors;
}

/** A field's error as a sentence: "Why not is required." */
export function sentence(label: string, message: string): string {
  return `${label} ${message}.`;
}
