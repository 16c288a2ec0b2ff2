import { describe, expect, it } from 'vitest';
import {
  pickAssignee,
  type RoutingCandidate,
  type RoutingStrategy,
  skillScore,
  stableOrder,
} from './routing.js';

const member = (username: string, overrides: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  userId: `id-${username}`,
  username,
  openCount: 0,
  productLines: [],
  regions: [],
  acceptsAssignments: true,
  ...overrides,
});

const noFacts = { productLine: null, region: null };

describe('stableOrder', () => {
  it('orders by username, then by id', () => {
    const ordered = stableOrder([
      member('wang'),
      member('li'),
      { ...member('li'), userId: 'id-a' },
      { ...member('x'), username: undefined, userId: 'zzz' },
    ]);
    expect(ordered.map((c) => c.userId)).toEqual(['id-a', 'id-li', 'id-wang', 'zzz']);
  });
});

describe('round robin', () => {
  const team = [member('chen'), member('an'), member('bo')];
  it.each([
    [null, 'id-an'],
    ['id-an', 'id-bo'],
    ['id-bo', 'id-chen'],
    ['id-chen', 'id-an'],
    ['id-gone', 'id-an'],
  ])('after %s comes %s', (last, expected) => {
    expect(pickAssignee('round_robin', team, noFacts, last)).toBe(expected);
  });

  it('skips members who do not accept assignments, keeping the turn', () => {
    const paused = [member('an'), member('bo', { acceptsAssignments: false }), member('chen')];
    expect(pickAssignee('round_robin', paused, noFacts, 'id-an')).toBe('id-chen');
    expect(pickAssignee('round_robin', paused, noFacts, 'id-bo')).toBe('id-chen');
    expect(pickAssignee('round_robin', paused, noFacts, 'id-chen')).toBe('id-an');
  });

  it('spreads a sequence of tickets evenly', () => {
    let last: string | null = null;
    const counts = new Map<string, number>();
    for (let i = 0; i < 9; i += 1) {
      last = pickAssignee('round_robin', team, noFacts, last);
      counts.set(last!, (counts.get(last!) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([3, 3, 3]);
  });

  it('ignores the load', () => {
    const loaded = [member('an', { openCount: 50 }), member('bo')];
    expect(pickAssignee('round_robin', loaded, noFacts, null)).toBe('id-an');
  });
});

describe('least open', () => {
  it.each([
    ['fewest open wins', [member('an', { openCount: 3 }), member('bo', { openCount: 1 })], 'id-bo'],
    [
      'ties go to the stable order',
      [member('bo', { openCount: 1 }), member('an', { openCount: 1 })],
      'id-an',
    ],
    [
      'never someone who does not accept',
      [member('an', { openCount: 0, acceptsAssignments: false }), member('bo', { openCount: 9 })],
      'id-bo',
    ],
    ['nobody accepting', [member('an', { acceptsAssignments: false })], null],
    ['no members', [], null],
  ] as const)('%s', (_name, candidates, expected) => {
    expect(pickAssignee('least_open', candidates, noFacts, 'id-an')).toBe(expected);
  });
});

describe('skill', () => {
  const team = [
    member('an', { productLines: ['家用空调'], openCount: 4 }),
    member('bo', { productLines: ['家用空调'], regions: ['广东省'], openCount: 6 }),
    member('chen', { regions: ['广东省深圳市'], openCount: 0 }),
    member('du', { productLines: ['冰箱'], regions: ['浙江省'], openCount: 1 }),
    member('en', { productLines: ['家用空调'], regions: ['广东省'], openCount: 2 }),
  ];

  it.each([
    ['line and region beat line only', { productLine: '家用空调', region: '广东省广州市' }, 'id-en'],
    [
      'line beats region alone, least loaded of the line',
      { productLine: '家用空调', region: '浙江省杭州市' },
      'id-en',
    ],
    [
      'region only, least loaded of the matches',
      { productLine: '洗衣机', region: '广东省深圳市福田区' },
      'id-chen',
    ],
    ['line only, case-insensitive', { productLine: '冰箱', region: null }, 'id-du'],
    ['no match falls back to least open', { productLine: '电视', region: '北京市' }, 'id-chen'],
    ['no facts falls back to least open', { productLine: null, region: null }, 'id-chen'],
  ])('%s', (_name, facts, expected) => {
    expect(pickAssignee('skill', team, facts, null)).toBe(expected);
  });

  it('never picks the best match if they do not accept assignments', () => {
    const paused = team.map((c) => (c.username === 'en' ? { ...c, acceptsAssignments: false } : c));
    expect(pickAssignee('skill', paused, { productLine: '家用空调', region: '广东省广州市' }, null)).toBe(
      'id-bo',
    );
  });

  it.each([
    [{ productLines: ['Air-Con'] }, { productLine: 'air-con', region: null }, 2],
    [{ regions: ['广东省'] }, { productLine: null, region: '广东省深圳市' }, 1],
    [{ regions: ['深圳市'] }, { productLine: null, region: '广东省深圳市' }, 0],
    [{ productLines: ['冰箱'], regions: ['广东省'] }, { productLine: '冰箱', region: '广东省' }, 3],
    [{ regions: [''] }, { productLine: null, region: '广东省' }, 0],
  ])('scores %j for %j as %d', (skills, facts, expected) => {
    expect(skillScore(member('x', skills), facts)).toBe(expected);
  });
});

describe('manual and empty groups', () => {
  it.each(['round_robin', 'least_open', 'skill', 'manual'] as RoutingStrategy[])(
    '%s with nobody accepting gives nobody',
    (strategy) => {
      expect(pickAssignee(strategy, [member('an', { acceptsAssignments: false })], noFacts, null)).toBeNull();
    },
  );

  it('manual never picks', () => {
    expect(pickAssignee('manual', [member('an')], noFacts, null)).toBeNull();
  });
});
