import { describe, expect, it } from 'vitest';
import {
  dueAt,
  dueEvents,
  type MilestoneClock,
  milestoneMet,
  milestoneStart,
  nextCheckAt,
  type PolicyFacts,
  pause,
  remainingMs,
  resume,
  type SlaPolicy,
  selectPolicy,
  type TicketMoments,
  type TimeMeasure,
  wallClock,
} from './sla.js';

const at = (iso: string) => new Date(iso);
const MIN = 60_000;

const policy = (
  key: string,
  position: number,
  conditions: SlaPolicy['conditions'],
  isActive = true,
): SlaPolicy => ({
  id: key,
  key,
  name: key,
  position,
  isActive,
  conditions,
  calendarId: 'cal',
  targets: {},
  pauseWhileWaitingCustomer: true,
  warningPercents: [75, 90],
  breachActions: {},
});

const facts: PolicyFacts = {
  priority: 'P2',
  customerTier: 'vip',
  categoryId: 'child',
  categoryLineage: ['child', 'parent'],
  channel: 'email',
  type: 'repair',
};

describe('selectPolicy', () => {
  it.each([
    ['the first match by position', [policy('b', 2, {}), policy('a', 1, { priorities: ['P2'] })], 'a'],
    ['skipping inactive policies', [policy('a', 1, {}, false), policy('b', 2, {})], 'b'],
    [
      'all conditions must hold',
      [policy('a', 1, { priorities: ['P2'], channels: ['phone'] }), policy('b', 2, {})],
      'b',
    ],
    ['a tier condition', [policy('vip', 1, { customerTiers: ['vip'] }), policy('b', 2, {})], 'vip'],
    [
      'a parent category covers its children',
      [policy('cat', 1, { categoryIds: ['parent'] }), policy('b', 2, {})],
      'cat',
    ],
    ['a type condition', [policy('t', 1, { types: ['complaint'] }), policy('b', 2, {})], 'b'],
    ['empty lists mean any', [policy('a', 1, { priorities: [], types: [] })], 'a'],
  ] as const)('%s', (_name, policies, expected) => {
    expect(selectPolicy(policies, facts)?.key).toBe(expected);
  });

  it('returns null when nothing matches', () => {
    expect(selectPolicy([policy('a', 1, { priorities: ['P1'] })], facts)).toBeNull();
  });
});

describe('milestone start and met', () => {
  const ticket: TicketMoments = {
    status: 'in_progress',
    receivedAt: at('2026-03-02T01:00:00Z'),
    acknowledgedAt: at('2026-03-02T01:00:00Z'),
    classifiedAt: at('2026-03-02T01:20:00Z'),
    assignedAt: at('2026-03-02T01:40:00Z'),
    acceptedAt: null,
    firstResponseAt: at('2026-03-02T02:00:00Z'),
    solutionProposedAt: null,
    resolvedAt: at('2026-03-02T05:00:00Z'),
    closedAt: null,
    lastPublicUpdateAt: at('2026-03-02T02:00:00Z'),
  };
  it.each([
    ['acknowledgement', '2026-03-02T01:00:00Z', '2026-03-02T01:00:00Z'],
    ['classification', '2026-03-02T01:00:00Z', '2026-03-02T01:20:00Z'],
    ['dispatch', '2026-03-02T01:20:00Z', '2026-03-02T01:40:00Z'],
    ['first_response', '2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z'],
    ['technical_engagement', '2026-03-02T01:00:00Z', null],
    ['solution_provided', '2026-03-02T01:00:00Z', '2026-03-02T05:00:00Z'],
    ['closed_confirmed', '2026-03-02T01:00:00Z', null],
    ['progress_update', '2026-03-02T02:00:00Z', null],
  ] as const)('%s starts %s, met %s', (milestone, start, met) => {
    expect(milestoneStart(milestone, ticket)?.toISOString().replace('.000', '')).toBe(start);
    expect(milestoneMet(milestone, ticket)?.toISOString().replace('.000', '') ?? null).toBe(met);
  });

  it('starts dispatch only once classified', () => {
    expect(milestoneStart('dispatch', { ...ticket, classifiedAt: null })).toBeNull();
  });
});

const clockOf = (overrides: Partial<MilestoneClock> = {}): MilestoneClock => {
  const base = { targetMinutes: 100, startedAt: at('2026-03-02T00:00:00Z'), pausedMs: 0 };
  return {
    ...base,
    dueAt: dueAt(base, wallClock),
    pausedAt: null,
    breachedAt: null,
    warningsSent: [],
    metAt: null,
    ...overrides,
  };
};

describe('warnings and breach', () => {
  it('checks next at 75 %, then 90 %, then the due time, then never', () => {
    const clock = clockOf();
    expect(nextCheckAt(clock, [75, 90], wallClock)).toEqual(at('2026-03-02T01:15:00Z'));
    expect(nextCheckAt({ ...clock, warningsSent: [75] }, [75, 90], wallClock)).toEqual(
      at('2026-03-02T01:30:00Z'),
    );
    expect(nextCheckAt({ ...clock, warningsSent: [75, 90] }, [75, 90], wallClock)).toEqual(
      at('2026-03-02T01:40:00Z'),
    );
    expect(nextCheckAt({ ...clock, breachedAt: at('2026-03-02T01:40:00Z') }, [75, 90], wallClock)).toBeNull();
    expect(nextCheckAt({ ...clock, metAt: at('2026-03-02T00:10:00Z') }, [75, 90], wallClock)).toBeNull();
    expect(nextCheckAt({ ...clock, pausedAt: at('2026-03-02T00:10:00Z') }, [75, 90], wallClock)).toBeNull();
  });

  it.each([
    ['before 75 %', '2026-03-02T01:14:59Z', [], [], false],
    ['at 75 %', '2026-03-02T01:15:00Z', [{ kind: 'warning', percent: 75 }], [75], false],
    [
      'past 90 % with nothing sent: only the 90 % warning is announced',
      '2026-03-02T01:35:00Z',
      [{ kind: 'warning', percent: 90 }],
      [75, 90],
      false,
    ],
    ['at the due time', '2026-03-02T01:40:00Z', [{ kind: 'breach' }], [75, 90], true],
  ] as const)('%s', (_name, now, announce, sent, breached) => {
    expect(dueEvents(clockOf(), [75, 90], at(now), wallClock)).toEqual({
      announce,
      warningsSent: sent,
      breached,
    });
  });

  it('fires each event once', () => {
    const clock = clockOf({ warningsSent: [75, 90], breachedAt: at('2026-03-02T01:40:00Z') });
    expect(dueEvents(clock, [75, 90], at('2026-03-02T05:00:00Z'), wallClock).announce).toEqual([]);
    expect(
      dueEvents(clockOf({ warningsSent: [75] }), [75, 90], at('2026-03-02T01:20:00Z'), wallClock).announce,
    ).toEqual([]);
  });

  it('does not fire for a met milestone', () => {
    expect(
      dueEvents(
        clockOf({ metAt: at('2026-03-02T00:30:00Z') }),
        [75, 90],
        at('2026-03-03T00:00:00Z'),
        wallClock,
      ).announce,
    ).toEqual([]);
  });
});

describe('pause and resume', () => {
  it('keeps the remaining time across a pause', () => {
    const clock = clockOf();
    const paused = pause(clock, at('2026-03-02T00:30:00Z'));
    expect(remainingMs(paused, at('2026-03-02T09:00:00Z'), wallClock)).toBe(70 * MIN);
    const resumed = resume(paused, at('2026-03-02T03:00:00Z'), wallClock);
    expect(resumed.pausedMs).toBe(150 * MIN);
    expect(resumed.dueAt).toEqual(at('2026-03-02T04:10:00Z'));
    expect(remainingMs(resumed, at('2026-03-02T03:00:00Z'), wallClock)).toBe(70 * MIN);
    expect(nextCheckAt(resumed, [75, 90], wallClock)).toEqual(at('2026-03-02T03:45:00Z'));
  });

  it('counts the pause on the milestone’s own clock', () => {
    // A clock where only the first hour of every day counts.
    const hourADay: TimeMeasure = {
      between: (from, to) => {
        let total = 0;
        for (let t = from.getTime(); t < to.getTime(); t += MIN)
          if (new Date(t).getUTCHours() === 0) total += MIN;
        return total;
      },
      add: (start, ms) => {
        let left = ms;
        let t = start.getTime();
        while (left > 0) {
          if (new Date(t).getUTCHours() === 0) left -= MIN;
          t += MIN;
        }
        return new Date(t);
      },
    };
    const base = { targetMinutes: 90, startedAt: at('2026-03-02T00:00:00Z'), pausedMs: 0 };
    const clock = clockOf({ ...base, dueAt: dueAt(base, hourADay) });
    expect(clock.dueAt).toEqual(at('2026-03-03T00:30:00Z'));
    const resumed = resume(pause(clock, at('2026-03-02T00:30:00Z')), at('2026-03-03T00:10:00Z'), hourADay);
    expect(resumed.pausedMs).toBe(40 * MIN);
    expect(resumed.dueAt).toEqual(at('2026-03-04T00:10:00Z'));
  });

  it('pausing twice or resuming a running clock changes nothing', () => {
    const clock = clockOf();
    const paused = pause(clock, at('2026-03-02T00:30:00Z'));
    expect(pause(paused, at('2026-03-02T00:40:00Z'))).toBe(paused);
    expect(resume(clock, at('2026-03-02T00:40:00Z'), wallClock)).toBe(clock);
  });

  it('reports overdue time as negative', () => {
    expect(remainingMs(clockOf(), at('2026-03-02T02:00:00Z'), wallClock)).toBe(-20 * MIN);
  });
});
