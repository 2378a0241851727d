import { useId, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../lib/api';
import { controlOf, initialValues, isRequired, isShown, sentence, serverFieldErrors, toVariables, validateForm, type FormField, type FormValues, type TaskForm } from '../lib/taskForm';
import type { Member, Task } from '../lib/inbox';
import { ErrorMessage, Loading } from '../ui/common';

/** The form a task completes with: GET /api/v1/forms/{formKey}; a task without a known form has no fields. */
export function useTaskForm(task: Task) {
  const formKey = task.process?.formKey ?? null;
  return useQuery({
    queryKey: ['form', formKey],
    enabled: formKey !== null,
    staleTime: 10 * 60_000,
    queryFn: async () => {
      try {
        return await api<TaskForm>(`/api/v1/forms/${encodeURIComponent(formKey as string)}`);
      } catch (error) {
        // a tenant's own model may name a form the app does not have: the task completes without one
        if (error instanceof ApiError && error.status === 404) {
          return null;
        }
        throw error;
      }
    },
  });
}

const NO_FORM: TaskForm = { key: '', title: '', fields: [] };

/**
 * Completing a task: its form's fields (labels, required marks, selects for choices and members, checkboxes for
 * yes/no), checked here with the API's rules before sending, and the API's field errors shown at their fields.
 */
export function CompleteTaskForm({
  task,
  members,
  pending,
  error,
  onComplete,
}: {
  task: Task;
  members: Member[];
  pending: boolean;
  error: unknown;
  onComplete: (variables: Record<string, unknown>) => void;
}) {
  const formQuery = useTaskForm(task);
  if (formQuery.isLoading) {
    return <Loading label="Loading the form…" />;
  }
  if (formQuery.isError) {
    return <ErrorMessage error={formQuery.error} retry={() => formQuery.refetch()} />;
  }
  const form = formQuery.data ?? NO_FORM;
  return <FormBody key={form.key} form={form} members={members} pending={pending} error={error} onComplete={onComplete} />;
}

function FormBody({ form, members, pending, error, onComplete }: { form: TaskForm; members: Member[]; pending: boolean; error: unknown; onComplete: (variables: Record<string, unknown>) => void }) {
  const [values, setValues] = useState<FormValues>(() => initialValues(form));
  const [checked, setChecked] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  const server = serverFieldErrors(error);
  // after the first try, the checks follow each change; the server's errors stay until the next try
  const errors = checked ? { ...server, ...validateForm(form, values) } : server;
  const shown = form.fields.filter((f) => isShown(f, form, values));
  const set = (name: string, value: string | boolean) => setValues((v) => ({ ...v, [name]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateForm(form, values);
    setChecked(true);
    if (Object.keys(found).length > 0) {
      const first = form.fields.find((f) => found[f.name]);
      formRef.current?.querySelector<HTMLElement>(`[name="${first?.name}"]`)?.focus();
      return;
    }
    onComplete(toVariables(form, values));
  };

  const unknown = Object.entries(server).filter(([name]) => !form.fields.some((f) => f.name === name));
  const generalError = error && !(error instanceof ApiError && error.errors.length > 0 && unknown.length === 0) ? error : null;
  const fieldErrorList = form.fields.filter((f) => errors[f.name] && isShown(f, form, values));
  return (
    <form ref={formRef} className="stack task-form" noValidate onSubmit={submit} aria-label={`Complete: ${form.title || 'task'}`}>
      {form.description && <p className="muted">{form.description}</p>}
      {fieldErrorList.length > 0 && (
        <div className="error-box" role="alert">
          <p>Check these fields:</p>
          <ul>
            {fieldErrorList.map((f) => (
              <li key={f.name}>
                <a href={`#${id}-${f.name}`}>{sentence(f.label, errors[f.name])}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {shown.map((field) => (
        <FieldInput key={field.name} id={`${id}-${field.name}`} field={field} required={isRequired(field, form, values)} value={values[field.name]} error={errors[field.name]} members={members} onChange={(v) => set(field.name, v)} />
      ))}
      {form.fields.length === 0 && <p className="muted">This task has nothing to fill in.</p>}
      {generalError ? <ErrorMessage error={generalError} /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Completing…' : 'Complete task'}
        </button>
      </div>
    </form>
  );
}

function FieldInput({
  id,
  field,
  required,
  value,
  error,
  members,
  onChange,
}: {
  id: string;
  field: FormField;
  required: boolean;
  value: string | boolean | undefined;
  error?: string;
  members: Member[];
  onChange: (value: string | boolean) => void;
}) {
  const control = controlOf(field);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const hint = control === 'datetime' ? 'Your local time.' : field.type === 'DURATION' ? 'For example PT8H (8 hours) or P2D (2 days).' : field.maxLength ? `At most ${field.maxLength} characters.` : undefined;
  const describedBy = [error ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: field.name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': required || undefined,
  } as const;
  const label = (
    <>
      {field.label}
      {required && <span className="required"> (required)</span>}
    </>
  );
  const text = typeof value === 'string' ? value : '';
  if (control === 'checkbox') {
    return (
      <div className="field">
        <label className="check" htmlFor={id}>
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {field.label}
        </label>
        {error && (
          <small id={errorId} className="field-error">
            {sentence(field.label, error)}
          </small>
        )}
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control === 'textarea' ? (
        <textarea {...common} rows={3} maxLength={field.maxLength} value={text} onChange={(e) => onChange(e.target.value)} />
      ) : control === 'select' ? (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose…</option>
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : control === 'user' ? (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose a member…</option>
          {members
            .filter((m) => m.role !== 'VIEWER')
            .map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
        </select>
      ) : (
        <input {...common} type={control === 'datetime' ? 'datetime-local' : control === 'number' ? 'number' : 'text'} maxLength={field.maxLength} value={text} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={errorId} className="field-error">
          {sentence(field.label, error)}
        </small>
      )}
    </div>
  );
}
