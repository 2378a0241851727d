import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { controlOf, initialValues, isShown, parseDuration, serverFieldErrors, toVariables, validateForm, withOffset, type TaskForm } from './taskForm';

// the shipped forms as GET /api/v1/forms/{formKey} returns them
const qualify: TaskForm = {
  key: 'qualify-lead',
  title: 'Qualify lead',
  fields: [
    { name: 'qualified', label: 'Qualified', type: 'BOOLEAN', required: true },
    { name: 'disqualificationReason', label: 'Why not', type: 'TEXT', required: false, maxLength: 1000, requiredWhen: { field: 'qualified', value: false } },
  ],
};
const assign: TaskForm = {
  key: 'assign-lead',
  title: 'Assign unassigned lead',
  fields: [
    { name: 'ownerUserId', label: 'Owner', type: 'USER', required: true },
    { name: 'slaDuration', label: 'Time to qualify', type: 'DURATION', required: false },
    { name: 'qualifyDueDate', label: 'Qualify by', type: 'DATE_TIME', required: false },
  ],
};
const choice: TaskForm = {
  key: 'x',
  title: 'X',
  fields: [
    { name: 'size', label: 'Size', type: 'SELECT', required: true, options: [{ value: 'S', label: 'Small' }, { value: 'L', label: 'Large' }] },
    { name: 'count', label: 'Count', type: 'NUMBER', required: false },
  ],
};

describe('task forms', () => {
  it('renders each type with its control', () => {
    expect(qualify.fields.map(controlOf)).toEqual(['checkbox', 'textarea']);
    expect(assign.fields.map(controlOf)).toEqual(['user', 'text', 'datetime']);
    expect(choice.fields.map(controlOf)).toEqual(['select', 'number']);
  });

  it('asks why not when the lead is not qualified, and not when it is', () => {
    const values = initialValues(qualify);
    expect(values).toEqual({ qualified: false, disqualificationReason: '' });
    expect(isShown(qualify.fields[1], qualify, values)).toBe(true);
    expect(validateForm(qualify, values)).toEqual({ disqualificationReason: 'is required' });
    expect(validateForm(qualify, { ...values, disqualificationReason: '  no budget ' })).toEqual({});
    expect(toVariables(qualify, { ...values, disqualificationReason: '  no budget ' })).toEqual({ qualified: false, disqualificationReason: 'no budget' });
    const qualified = { qualified: true, disqualificationReason: '' };
    expect(isShown(qualify.fields[1], qualify, qualified)).toBe(false);
    expect(validateForm(qualify, qualified)).toEqual({});
    expect(toVariables(qualify, qualified)).toEqual({ qualified: true });
  });

  it('checks lengths after trimming, as the server does', () => {
    expect(validateForm(qualify, { qualified: false, disqualificationReason: `  ${'x'.repeat(1000)}  ` })).toEqual({});
    expect(validateForm(qualify, { qualified: false, disqualificationReason: 'x'.repeat(1001) })).toEqual({ disqualificationReason: 'must be at most 1000 characters' });
  });

  it('checks members, durations and date-times', () => {
    expect(validateForm(assign, initialValues(assign))).toEqual({ ownerUserId: 'is required' });
    const good = { ownerUserId: '0190a7c4-7b3e-7a11-8c1d-2f0e5b6a9d01', slaDuration: 'P1DT4H', qualifyDueDate: '2030-01-07T17:00' };
    expect(validateForm(assign, good)).toEqual({});
    expect(validateForm(assign, { ownerUserId: 'bob', slaDuration: '8 hours', qualifyDueDate: 'tomorrow' })).toEqual({
      ownerUserId: 'must be a member of this organisation',
      slaDuration: 'must be an ISO 8601 duration, e.g. PT8H or P3DT2H',
      qualifyDueDate: 'must be a date and time, e.g. 2030-01-07 17:00',
    });
    expect(validateForm(assign, { ...good, slaDuration: '-PT1H' })).toEqual({ slaDuration: 'must not be negative' });
    expect(toVariables(assign, good).qualifyDueDate).toMatch(/^2030-01-07T17:00:00[+-]\d{2}:\d{2}$/);
  });

  it('checks options and numbers', () => {
    expect(validateForm(choice, { size: 'M', count: 'ten' })).toEqual({ size: 'must be one of S, L', count: 'must be a number' });
    expect(toVariables(choice, { size: 'L', count: '3' })).toEqual({ size: 'L', count: 3 });
  });

  it('reads durations as java.time.Duration does', () => {
    expect(parseDuration('PT8H')).toEqual({ valid: true, negative: false });
    expect(parseDuration('P3DT2H30M')).toEqual({ valid: true, negative: false });
    expect(parseDuration('PT-1H')).toEqual({ valid: true, negative: true });
    expect(parseDuration('P').valid).toBe(false);
    expect(parseDuration('PT').valid).toBe(false);
    expect(parseDuration('P1W').valid).toBe(false);
  });

  it('adds the offset to a local date-time', () => {
    expect(withOffset('2030-01-07T17:00', 60)).toBe('2030-01-07T17:00:00+01:00');
    expect(withOffset('2030-01-07T17:00', -330)).toBe('2030-01-07T17:00:00-05:30');
    expect(withOffset('2030-01-07T17:00:00Z')).toBe('2030-01-07T17:00:00Z');
    expect(withOffset('soon')).toBeUndefined();
  });

  it('maps the server’s problem+json field errors to the form’s fields', () => {
    const error = new ApiError(400, {
      title: 'Bad request',
      errors: [
        { field: 'variables.disqualificationReason', message: 'is required' },
        { field: 'variables.extra', message: 'is not a field of this task’s form' },
      ],
    });
    expect(serverFieldErrors(error)).toEqual({ disqualificationReason: 'is required', extra: 'is not a field of this task’s form' });
    expect(serverFieldErrors(new Error('boom'))).toEqual({});
  });
});
