import { describe, expect, it } from 'vitest';
import type { TicketView } from '../tickets/tickets.repository.js';
import { type BreachActions, higherPriority, wallClock } from './sla.js';
import type { MilestoneRecord, SlaPolicyRecord } from './sla.repository.js';
import { planSweep, type SweepFacts, sameMilestone, sweepMilestone } from './sla.sweep.js';

const MIN = 60_000;
const T0 = new Date('2026-05-11T01:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);

const ticket = (id: string, fields: Partial<TicketView> = {}) =>
  ({
    id,
    number: `202605-${id}`,
    title: `工单 ${id}`,
    priority: 'P2',
    groupId: 'g1',
    ownerUserId: 'owner',
    assignmentState: 'accepted',
    assignedAt: T0,
    lastPublicUpdateAt: null,
    contactEmail: null,
    contactName: null,
    slaPolicyId: 'policy',
    isOverdue: false,
    updatedAt: T0,
    ...fields,
  }) as TicketView;

const milestone = (ticketId: string, name: MilestoneRecord['milestone'], targetMinutes: number) => ({
  id: `${ticketId}-${name}`,
  ticketId,
  milestone: name,
  policyId: name === 'survey_follow_up' ? null : 'policy',
  priority: 'P2',
  targetMinutes,
  isBusinessTime: false,
  startedAt: T0,
  dueAt: at(targetMinutes),
  metAt: null,
  pausedAt: null,
  pausedMs: 0,
  breachedAt: null,
  warningsSent: [],
  nextCheckAt: at(targetMinutes * 0.75),
  cycle: 1,
});

const policy = (breachActions: BreachActions = {}) =>
  ({ id: 'policy', warningPercents: [75, 90], breachActions }) as unknown as SlaPolicyRecord;

const PRIORITIES = [
  { code: 'P1', rank: 1, isActive: true },
  { code: 'P2', rank: 2, isActive: true },
  { code: 'P3', rank: 3, isActive: true },
];

const facts = (tickets: TicketView[], fields: Partial<SweepFacts> = {}): SweepFacts => ({
  tickets: new Map(tickets.map((one) => [one.id, one])),
  leads: new Map([['g1', 'lead1']]),
  supervisors: ['boss', 'lead1'],
  higherPriority: (code) => higherPriority(PRIORITIES, code),
  now: at(31),
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  ...fields,
});

const swept = (row: MilestoneRecord, sweptPolicy: SlaPolicyRecord | null, now = at(31)) =>
  sweepMilestone({ row, policy: sweptPolicy, warningPercents: [75, 90], measure: wallClock }, now);

describe('higherPriority', () => {
  it.each([
    ['P3', PRIORITIES, 'P2'],
    ['P2', PRIORITIES, 'P1'],
    ['P1', PRIORITIES, null],
    ['P9', PRIORITIES, null],
    ['P3', PRIORITIES.map((p) => (p.code === 'P2' ? { ...p, isActive: false } : p)), 'P1'],
  ])('raises %s to the next active priority', (code, priorities, expected) => {
    expect(higherPriority(priorities, code)).toBe(expected);
  });
});

describe('sweepMilestone', () => {
  it('announces the highest warning passed and records it', () => {
    const result = swept(milestone('a', 'first_response', 60), policy(), at(46));
    expect(result.announce).toEqual([{ kind: 'warning', percent: 75 }]);
    expect(result.clock).toMatchObject({ warningsSent: [75], breachedAt: null });
  });

  it('announces only the breach once due, the pending warnings recorded as sent', () => {
    const result = swept(milestone('a', 'first_response', 30), policy(), at(31));
    expect(result.announce).toEqual([{ kind: 'breach' }]);
    expect(result.clock).toMatchObject({ warningsSent: [75, 90], breachedAt: at(30) });
  });
});

describe('planSweep', () => {
  it('works out a whole batch: alerts once per person, breach actions in turn, warnings to the owner', () => {
    const actions = policy({ raisePriority: true, reassignToLead: true, addWatcherUserId: 'watcher' });
    const a = ticket('a');
    const b = ticket('b', { groupId: 'g2', ownerUserId: 'owner-b' });
    const plan = planSweep(
      [
        swept(milestone('a', 'first_response', 30), actions),
        swept(milestone('b', 'first_response', 40), actions),
        swept(milestone('a', 'technical_engagement', 30), actions),
      ],
      facts([a, b]),
    );

    expect(
      plan.milestones.map((m) => [m.ticketId, m.milestone, m.breachedAt, m.warningsSent, m.nextCheckAt]),
    ).toEqual([
      ['a', 'first_response', at(30), [75, 90], null],
      ['b', 'first_response', null, [75], at(36)],
      ['a', 'technical_engagement', at(30), [75, 90], null],
    ]);
    // The lead is a supervisor too: told once. The warning goes to b's owner. The supervisor hears of
    // the batch's breaches after it: one ticket, so as the ticket itself.
    expect(plan.alerts.map((alert) => [alert.ticketId, alert.userId, alert.template])).toEqual([
      ['a', 'lead1', 'slaBreached'],
      ['b', 'owner-b', 'slaWarning'],
      ['a', 'lead1', 'slaBreached'],
      ['a', 'boss', 'slaBreached'],
      ['a', 'boss', 'slaBreached'],
    ]);
    const { milestoneName, ...params } = plan.alerts[1]!.params;
    expect(params).toEqual({
      number: '202605-b',
      title: '工单 b',
      milestone: 'first_response',
      due: at(40).toISOString(),
      dueTime: '2026-05-11 09:40',
      percent: 75,
    });
    // People read the milestone's name in their language; webhooks get its code.
    const named = milestoneName as (locale: string) => string;
    expect([named('zh-CN'), named('en')]).toEqual(['首次响应', 'first response']);
    // The second breach finds the ticket as the first left it: at the top already, with the lead.
    expect(plan.events.map((event) => [event.ticketId, event.data])).toEqual([
      [
        'a',
        {
          sla: 'breached',
          milestone: 'first_response',
          dueAt: at(30).toISOString(),
          actions: {
            priority: { from: 'P2', to: 'P1' },
            owner: { from: 'owner', to: 'lead1' },
            watcher: 'watcher',
          },
        },
      ],
      ['b', { sla: 'warning', milestone: 'first_response', percent: 75, dueAt: at(40).toISOString() }],
      [
        'a',
        {
          sla: 'breached',
          milestone: 'technical_engagement',
          dueAt: at(30).toISOString(),
          actions: { watcher: 'watcher' },
        },
      ],
    ]);
    expect(plan.audits.map((audit) => audit.after.milestone)).toEqual([
      'first_response',
      'technical_engagement',
    ]);
    expect(plan.changes).toEqual(
      new Map([
        ['a', { priority: 'P1', ownerUserId: 'lead1', assignmentState: 'pending', assignedAt: at(31) }],
      ]),
    );
    expect(plan.tickets.get('a')).toMatchObject({ priority: 'P1', ownerUserId: 'lead1', updatedAt: at(31) });
    expect(plan.tickets.get('b')).toBe(b);
    expect([...plan.resync]).toEqual(['a']);
    expect(plan.watchers).toEqual([
      { ticketId: 'a', userId: 'watcher' },
      { ticketId: 'a', userId: 'watcher' },
    ]);
  });

  it('reminds of a missed progress update and updates the customer when the policy says so', () => {
    const a = ticket('a', { contactEmail: 'kehu@example.com' });
    const plan = planSweep(
      [swept(milestone('a', 'progress_update', 30), policy({ autoProgressUpdate: true }))],
      facts([a]),
    );
    expect(plan.alerts.map((alert) => [alert.userId, alert.template])).toEqual([
      ['owner', 'progressUpdateDue'],
    ]);
    expect(plan.progressUpdates).toEqual([a]);
    expect(plan.changes.get('a')).toEqual({ lastPublicUpdateAt: at(31) });
    expect(plan.events.map((event) => event.data)).toEqual([
      { sla: 'progress_update_due', autoUpdate: true },
    ]);
    expect(plan.audits).toEqual([]);
    expect([...plan.resync]).toEqual(['a']);
  });

  it('tells the lead of a task deadline’s warning, else the supervisors, and both of its breach', () => {
    const withLead = ticket('a');
    const withoutLead = ticket('b', { groupId: 'g9' });
    const plan = planSweep(
      [
        swept(milestone('a', 'survey_follow_up', 60), null, at(46)),
        swept(milestone('b', 'survey_follow_up', 60), null, at(46)),
        swept(milestone('b', 'survey_follow_up', 30), null, at(31)),
      ],
      facts([withLead, withoutLead], { leads: new Map([['g1', 'lead1']]), supervisors: ['boss'] }),
    );
    expect(plan.alerts.map((alert) => [alert.ticketId, alert.userId, alert.template])).toEqual([
      ['a', 'lead1', 'slaWarning'],
      ['b', 'boss', 'slaWarning'],
      // No lead: nobody in person, so the group's robots and the webhooks still hear of it.
      ['b', null, 'slaBreached'],
      ['b', 'boss', 'slaBreached'],
    ]);
    expect(plan.milestones.map((m) => m.policyId)).toEqual([null, null, null]);
    expect(plan.audits).toEqual([{ ticketId: 'b', after: { milestone: 'survey_follow_up', actions: {} } }]);
    expect(plan.resync.size).toBe(0);
    expect(plan.changes.size).toBe(0);
  });
});

describe('supervisors told of a batch', () => {
  const breachesOf = (count: number, groupOf: (index: number) => string) => {
    const tickets = Array.from({ length: count }, (_, index) =>
      ticket(`t${String(index).padStart(2, '0')}`, { groupId: groupOf(index) }),
    );
    const plan = planSweep(
      tickets.map((one) => swept(milestone(one.id, 'first_response', 30), policy())),
      facts(tickets, { supervisors: ['boss', 'lead1', 'deputy'] }),
    );
    return plan.alerts;
  };
  const rendered = (params: Record<string, unknown>, locale: 'zh-CN' | 'en') =>
    (params.tickets as (locale: string) => string)(locale);

  it('get one digest of the tickets that broke a promise, the lead each ticket of their group', () => {
    const alerts = breachesOf(3, (index) => (index === 2 ? 'g9' : 'g1'));
    expect(alerts.map((alert) => [alert.ticketId, alert.userId, alert.template])).toEqual([
      ['t00', 'lead1', 'slaBreached'],
      ['t01', 'lead1', 'slaBreached'],
      ['t02', null, 'slaBreached'],
      [null, 'boss', 'slaBreachDigest'],
      [null, 'deputy', 'slaBreachDigest'],
      // The lead is a supervisor too: they heard of their own group's tickets one by one already.
      ['t02', 'lead1', 'slaBreached'],
    ]);
    const digest = alerts[3]!;
    expect(digest.params.count).toBe(3);
    expect(rendered(digest.params, 'zh-CN')).toBe('202605-t00、202605-t01、202605-t02');
    expect(rendered(digest.params, 'en')).toBe('202605-t00, 202605-t01, 202605-t02');
  });

  it('list twenty tickets in a digest and say how many there are besides', () => {
    const digest = breachesOf(23, () => 'g1').find((alert) => alert.userId === 'boss')!;
    expect(digest.template).toBe('slaBreachDigest');
    expect(digest.params.count).toBe(23);
    expect(rendered(digest.params, 'zh-CN')).toMatch(/^202605-t00、.*、202605-t19 及另外 3 张$/);
    expect(rendered(digest.params, 'en')).toMatch(/^202605-t00, .*, 202605-t19 and 3 more$/);
    expect(rendered(digest.params, 'en')).not.toContain('202605-t20');
  });
});

describe('sameMilestone', () => {
  it('tells a record that changes nothing from one that does', () => {
    const stored = milestone('a', 'first_response', 30);
    expect(sameMilestone(stored, { ...stored, startedAt: new Date(T0.getTime()), warningsSent: [] })).toBe(
      true,
    );
    expect(sameMilestone(stored, { ...stored, nextCheckAt: at(27) })).toBe(false);
    expect(sameMilestone(stored, { ...stored, warningsSent: [75] })).toBe(false);
    expect(sameMilestone(stored, { ...stored, priority: 'P1' })).toBe(false);
  });
});
