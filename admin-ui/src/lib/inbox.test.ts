import { describe, expect, it } from 'vitest';
import { actionsFor, assignableMembers, describeFilter, filterForSaving, filterFromSearch, filterToSearch, inboxUrl, isOverdue, recordPath, sameFilter, type Member, type Task } from './inbox';

const task = (over: Partial<Task> = {}): Task => ({
  id: 't1',
  title: 'Qualify lead',
  priority: 'NORMAL',
  status: 'OPEN',
  version: 1,
  createdAt: '2030-01-01T00:00:00Z',
  source: 'PROCESS',
  process: { jobKey: '1', processInstanceKey: '2', bpmnProcessId: 'lead-to-close', elementId: 'task_qualify_lead', candidateTeamIds: [], candidateRole: null },
  ...over,
});
const member = (userId: string, role: Member['role'], teamIds: string[] = []): Member => ({ userId, name: userId.toUpperCase(), role, teamIds });

describe('inbox filters', () => {
  it('reads a page address and drops what the API would refuse', () => {
    expect(filterFromSearch(new URLSearchParams('view=team&priority=HIGH&priority=bogus&priority=HIGH&source=process&status=DONE'))).toEqual({
      view: 'team',
      priority: ['HIGH'],
      source: 'process',
      status: 'DONE',
    });
    expect(filterFromSearch(new URLSearchParams('view=everything&source=robots&recordType=lead'))).toEqual({ view: 'mine' });
    // the overdue view is always open tasks
    expect(filterFromSearch(new URLSearchParams('view=overdue&status=DONE'))).toEqual({ view: 'overdue' });
  });

  it('writes the same names the API reads, defaults left out, and round-trips', () => {
    const filter = { view: 'unassigned' as const, priority: ['URGENT' as const, 'HIGH' as const], recordType: 'deal', recordId: 'd1' };
    expect(filterToSearch(filter).toString()).toBe('view=unassigned&priority=URGENT&priority=HIGH&recordType=deal&recordId=d1');
    expect(filterFromSearch(filterToSearch(filter))).toEqual(filter);
    expect(filterToSearch({ view: 'mine', status: 'OPEN' }).toString()).toBe('');
  });

  it('asks for a saved view by id, and pages with the cursor', () => {
    expect(inboxUrl({ view: 'team' }, { cursor: 'abc', limit: 10 })).toBe('/api/v1/tasks/inbox?view=team&limit=10&cursor=abc');
    expect(inboxUrl({ view: 'team' }, { savedView: 'v1' })).toBe('/api/v1/tasks/inbox?savedView=v1&limit=25');
  });

  it('saves a filter in the API’s shape and recognises it again', () => {
    expect(filterForSaving({ view: 'overdue', status: 'DONE', priority: ['HIGH'] })).toEqual({
      view: 'overdue',
      status: null,
      priority: ['HIGH'],
      source: null,
      recordType: null,
      recordId: null,
    });
    expect(sameFilter({ view: 'team', priority: ['HIGH', 'LOW'] }, { view: 'team', priority: ['LOW', 'HIGH'], status: null, source: null })).toBe(true);
    expect(sameFilter({ view: 'team' }, { view: 'mine' })).toBe(false);
    expect(describeFilter({ view: 'unassigned', priority: ['HIGH', 'URGENT'], source: 'process' })).toBe('Unassigned · high, urgent · process tasks');
  });
});

describe('tasks', () => {
  it('link to their record’s page', () => {
    expect(recordPath({ recordType: 'lead', recordId: 'l1' })).toBe('/leads/l1');
    expect(recordPath({ recordType: 'company', recordId: 'c1' })).toBe('/companies/c1');
    expect(recordPath({ recordType: null, recordId: null })).toBeNull();
  });

  it('are overdue when open and past due', () => {
    const now = new Date('2030-01-02T00:00:00Z');
    expect(isOverdue({ status: 'OPEN', dueAt: '2030-01-01T00:00:00Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'DONE', dueAt: '2030-01-01T00:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'OPEN', dueAt: null }, now)).toBe(false);
  });

  it('offer what the API allows: claim when unassigned, unclaim and complete when mine, assign for managers', () => {
    const rep = { userId: 'ann', role: 'MEMBER' as const, teamIds: [] };
    expect(actionsFor(task(), rep)).toEqual({ claim: true, unclaim: false, assign: false, complete: false });
    expect(actionsFor(task({ assigneeId: 'ann' }), rep)).toEqual({ claim: false, unclaim: true, assign: false, complete: true });
    expect(actionsFor(task({ assigneeId: 'bob' }), rep)).toEqual({ claim: false, unclaim: false, assign: false, complete: false });
    expect(actionsFor(task({ assigneeId: 'bob' }), { ...rep, role: 'MANAGER' })).toEqual({ claim: false, unclaim: true, assign: true, complete: true });
    expect(actionsFor(task({ status: 'DONE', assigneeId: 'ann' }), rep)).toEqual({ claim: false, unclaim: false, assign: false, complete: false });
    const managersOnly = task({ process: { ...task().process!, candidateRole: 'MANAGER' } });
    expect(actionsFor(managersOnly, rep).claim).toBe(false);
    expect(actionsFor(task({ source: 'MANUAL', process: null, assigneeId: 'bob' }), rep).complete).toBe(true);
  });

  it('are assigned only to candidates: their team, their role, no viewers, not the current assignee', () => {
    const members = [member('ann', 'MEMBER', ['red']), member('bob', 'MEMBER', ['blue']), member('cat', 'MANAGER', ['red']), member('dan', 'VIEWER', ['red'])];
    const redTeam = task({ assigneeId: 'ann', process: { ...task().process!, candidateTeamIds: ['red'] } });
    expect(assignableMembers(redTeam, members).map((m) => m.userId)).toEqual(['cat']);
    const managers = task({ process: { ...task().process!, candidateRole: 'MANAGER' } });
    expect(assignableMembers(managers, members).map((m) => m.userId)).toEqual(['cat']);
    expect(assignableMembers(task(), members).map((m) => m.userId)).toEqual(['ann', 'bob', 'cat']);
  });
});
