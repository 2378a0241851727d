import { describe, expect, it } from 'vitest';
import { fromDraft, parseCapacity, settingsErrors, stageAutomationBody, toDraft, type AutomationSettings } from './routing';

const settings: AutomationSettings = {
  routingStrategy: 'ROUND_ROBIN',
  qualificationSlaHours: 8,
  businessDayStart: '09:00:00',
  businessDayEnd: '17:30',
  businessDays: [5, 1, 2, 3, 4],
  timeZone: 'Europe/Berlin',
};

describe('routing settings', () => {
  it('round-trip between the API and the form', () => {
    const draft = toDraft(settings);
    expect(draft).toMatchObject({ qualificationSlaHours: '8', businessDayStart: '09:00', businessDayEnd: '17:30', businessDays: [1, 2, 3, 4, 5] });
    expect(fromDraft(draft)).toEqual({ ...settings, businessDayStart: '09:00', businessDays: [1, 2, 3, 4, 5] });
    expect(settingsErrors(draft, ['Europe/Berlin'])).toEqual({});
  });

  it('check what the API checks', () => {
    const draft = toDraft(settings);
    expect(settingsErrors({ ...draft, qualificationSlaHours: '0', businessDayEnd: '08:00', businessDays: [], timeZone: 'Mars/Olympus' }, ['Europe/Berlin'])).toEqual({
      qualificationSlaHours: 'Enter whole hours from 1 to 2000.',
      businessDayEnd: 'The working day must end after it starts.',
      businessDays: 'Pick at least one working day.',
      timeZone: 'Pick a time zone from the list, e.g. Europe/Berlin.',
    });
    expect(settingsErrors({ ...draft, qualificationSlaHours: '2001' }).qualificationSlaHours).toBeDefined();
    expect(settingsErrors({ ...draft, qualificationSlaHours: '1.5' }).qualificationSlaHours).toBeDefined();
    expect(settingsErrors({ ...draft, businessDayStart: '25:00' }).businessDayStart).toBeDefined();
    // without the browser's list, the server decides on the zone
    expect(settingsErrors({ ...draft, timeZone: 'America/Argentina/Buenos_Aires' })).toEqual({});
  });

  it('read a capacity: empty is no limit', () => {
    expect(parseCapacity('')).toEqual({ value: null });
    expect(parseCapacity(' 12 ')).toEqual({ value: 12 });
    expect(parseCapacity('0')).toEqual({ value: 0 });
    expect(parseCapacity('-1').error).toBeDefined();
    expect(parseCapacity('100001').error).toBeDefined();
  });

  it('build a stage automation body: blanks are nulls, a due date needs a title', () => {
    expect(stageAutomationBody({ taskTitle: ' Send proposal ', taskDueDays: '3', emailTemplate: '', notifyOwner: true })).toEqual({
      body: { taskTitle: 'Send proposal', taskDueDays: 3, emailTemplate: null, notifyOwner: true },
      errors: {},
    });
    expect(stageAutomationBody({ taskTitle: '', taskDueDays: '3', emailTemplate: '', notifyOwner: false }).errors).toEqual({ taskDueDays: 'A due date needs a task title.' });
    expect(stageAutomationBody({ taskTitle: 'x', taskDueDays: '400', emailTemplate: '', notifyOwner: false }).errors).toEqual({ taskDueDays: 'Enter whole days from 0 to 365.' });
  });
});
