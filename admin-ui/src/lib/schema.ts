/** The record types' standard fields as the API names them (crm-api record/RecordType), for lists and forms. */

export type FieldKind = 'text' | 'email' | 'phone' | 'url' | 'number' | 'integer' | 'date' | 'datetime' | 'enum' | 'tags' | 'currency' | 'reference' | 'boolean';

export type FieldDef = {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  readOnly?: boolean;
  options?: string[];
  /** shown in the list by default */
  listed?: boolean;
  /** offered when creating */
  onCreate?: boolean;
};

export type RecordTypeDef = {
  key: 'company' | 'contact' | 'lead' | 'deal';
  plural: 'companies' | 'contacts' | 'leads' | 'deals';
  singular: string;
  title: string;
  fields: FieldDef[];
  nameOf: (record: Record<string, unknown>) => string;
};

const common: FieldDef[] = [
  { name: 'ownerId', label: 'Owner', kind: 'reference', listed: true },
  { name: 'tags', label: 'Tags', kind: 'tags', listed: true },
  { name: 'createdAt', label: 'Created', kind: 'datetime', readOnly: true },
  { name: 'updatedAt', label: 'Updated', kind: 'datetime', readOnly: true, listed: true },
];

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export const RECORD_TYPES: Record<string, RecordTypeDef> = {
  companies: {
    key: 'company',
    plural: 'companies',
    singular: 'company',
    title: 'Companies',
    nameOf: (r) => str(r.name),
    fields: [
      { name: 'name', label: 'Name', kind: 'text', required: true, listed: true, onCreate: true },
      { name: 'domain', label: 'Domain', kind: 'text', listed: true, onCreate: true },
      { name: 'phone', label: 'Phone', kind: 'phone', onCreate: true },
      { name: 'industry', label: 'Industry', kind: 'text', listed: true },
      ...common,
    ],
  },
  contacts: {
    key: 'contact',
    plural: 'contacts',
    singular: 'contact',
    title: 'Contacts',
    nameOf: (r) => `${str(r.firstName)} ${str(r.lastName)}`.trim(),
    fields: [
      { name: 'firstName', label: 'First name', kind: 'text', listed: true, onCreate: true },
      { name: 'lastName', label: 'Last name', kind: 'text', required: true, listed: true, onCreate: true },
      { name: 'email', label: 'Email', kind: 'email', listed: true, onCreate: true },
      { name: 'phone', label: 'Phone', kind: 'phone' },
      { name: 'title', label: 'Job title', kind: 'text' },
      { name: 'companyId', label: 'Company', kind: 'reference' },
      ...common,
    ],
  },
  leads: {
    key: 'lead',
    plural: 'leads',
    singular: 'lead',
    title: 'Leads',
    nameOf: (r) => str(r.name),
    fields: [
      { name: 'name', label: 'Name', kind: 'text', required: true, listed: true, onCreate: true },
      { name: 'email', label: 'Email', kind: 'email', listed: true, onCreate: true },
      { name: 'phone', label: 'Phone', kind: 'phone' },
      { name: 'companyName', label: 'Company', kind: 'text', listed: true, onCreate: true },
      { name: 'title', label: 'Job title', kind: 'text' },
      { name: 'source', label: 'Source', kind: 'text' },
      { name: 'status', label: 'Status', kind: 'enum', options: ['NEW', 'WORKING', 'QUALIFIED', 'DISQUALIFIED', 'CONVERTED'], listed: true },
      { name: 'disqualifyReason', label: 'Disqualify reason', kind: 'text' },
      { name: 'score', label: 'Score', kind: 'integer' },
      ...common,
    ],
  },
  deals: {
    key: 'deal',
    plural: 'deals',
    singular: 'deal',
    title: 'Deals',
    nameOf: (r) => str(r.title),
    fields: [
      { name: 'title', label: 'Title', kind: 'text', required: true, listed: true, onCreate: true },
      { name: 'amount', label: 'Amount', kind: 'number', listed: true, onCreate: true },
      { name: 'currency', label: 'Currency', kind: 'currency', required: true, onCreate: true },
      { name: 'expectedCloseDate', label: 'Expected close', kind: 'date', listed: true, onCreate: true },
      { name: 'probability', label: 'Probability', kind: 'integer' },
      { name: 'source', label: 'Source', kind: 'text' },
      { name: 'status', label: 'Status', kind: 'enum', options: ['OPEN', 'WON', 'LOST'], readOnly: true, listed: true },
      { name: 'lostReason', label: 'Lost reason', kind: 'text' },
      { name: 'stageId', label: 'Stage', kind: 'reference', readOnly: true },
      { name: 'contactId', label: 'Contact', kind: 'reference' },
      { name: 'companyId', label: 'Company', kind: 'reference' },
      { name: 'lastActivityAt', label: 'Last activity', kind: 'datetime', readOnly: true },
      ...common,
    ],
  },
};

export type CustomFieldDef = { id: string; entity: string; key: string; label: string; type: string; options: string[]; required: boolean; position: number };

/** A custom field as a list column and form field, named custom.<key> as the API filters and sorts it. */
export function customAsField(field: CustomFieldDef): FieldDef {
  const kinds: Record<string, FieldKind> = {
    TEXT: 'text', EMAIL: 'email', URL: 'url', PHONE: 'phone', DECIMAL: 'number', INTEGER: 'integer', DATE: 'date', BOOLEAN: 'boolean', SELECT: 'enum', ENUM: 'enum',
  };
  return { name: `custom.${field.key}`, label: field.label, kind: kinds[field.type] ?? 'text', options: field.options, required: field.required };
}

/** A field's value in a record (custom ones live under `custom`). */
export function valueOf(record: Record<string, unknown>, name: string): unknown {
  if (name.startsWith('custom.')) {
    const custom = record.custom as Record<string, unknown> | undefined;
    return custom?.[name.slice(7)];
  }
  return record[name];
}

/** Turns a form's text back into the value the API takes; '' clears. */
export function parseInput(kind: FieldKind, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') {
    return null;
  }
  switch (kind) {
    case 'number':
      return Number(trimmed);
    case 'integer':
      return Number.parseInt(trimmed, 10);
    case 'boolean':
      return trimmed === 'true';
    case 'tags':
      return trimmed.split(',').map((t) => t.trim()).filter(Boolean);
    case 'currency':
      return trimmed.toUpperCase();
    default:
      return trimmed;
  }
}

/** The text a form shows for a value. */
export function toInput(kind: FieldKind, value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (kind === 'tags' && Array.isArray(value)) {
    return value.join(', ');
  }
  return String(value);
}

/** The changed fields between two records' form texts, as the PATCH body (custom fields nested). */
export function changes(fields: FieldDef[], before: Record<string, string>, after: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.readOnly || before[field.name] === after[field.name]) {
      continue;
    }
    const value = parseInput(field.kind, after[field.name] ?? '');
    if (field.name.startsWith('custom.')) {
      custom[field.name.slice(7)] = value;
    } else {
      body[field.name] = field.kind === 'tags' && value === null ? [] : value;
    }
  }
  if (Object.keys(custom).length > 0) {
    body.custom = custom;
  }
  return body;
}
