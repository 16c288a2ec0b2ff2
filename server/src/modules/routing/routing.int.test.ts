import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Queryable } from '../../platform/db/database.js';
import {
  buildGroup,
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { ensureDefaultClassification } from '../classification/classification.service.js';
import type { TicketStatus } from '../tickets/ticket.types.js';
import { groupLeadOf, groupLeadsOf, routeTicket } from './routing.service.js';

let t: TestApp;
let admin: Session;

type Member = {
  userId: string;
  openCount: number;
  productLines: string[];
  regions: string[];
  acceptsAssignments: boolean;
};
type GroupRouting = {
  id: string;
  key: string;
  routingStrategy: string;
  lead: { id: string } | null;
  members: Member[];
};

beforeAll(async () => {
  t = await startTestApp();
  // Priorities must exist for tickets; first run installs them, and this is a no-op then.
  await ensureDefaultClassification(t.db);
});
beforeEach(async () => {
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

/** A group configured over HTTP: members, lead and strategy. */
async function teamWith(strategy: string, size: number, options: { leadIndex?: number } = {}) {
  const group = await buildGroup(admin);
  const members = [];
  for (let i = 0; i < size; i += 1) members.push(await buildUser(admin, { groupIds: [group.id] }));
  if (options.leadIndex !== undefined) {
    await admin.request('PATCH', `/api/v1/groups/${group.id}`, {
      leadUserId: members[options.leadIndex]!.id,
    });
  }
  const response = await admin.request('PATCH', `/api/v1/routing/groups/${group.id}`, {
    routingStrategy: strategy,
  });
  expect(response.statusCode).toBe(200);
  return { group, members };
}

async function insertTicket(
  groupId: string,
  ownerUserId: string | null,
  status: TicketStatus = 'assigned',
  q: Queryable = t.db,
) {
  await q.query(
    `INSERT INTO tickets (number, title, type, channel, priority, status, group_id, owner_user_id, received_at)
     VALUES ($1, '测试', 'repair', 'phone', 'P3', $2, $3, $4, now())`,
    [`R-${randomBytes(5).toString('hex')}`, status, groupId, ownerUserId],
  );
}

/** What ticket intake does: route and store the ticket in one transaction. */
const createRouted = (groupId: string, facts: { productLine?: string; region?: string } = {}) =>
  t.db.transaction(async (tx) => {
    const routed = await routeTicket(tx, {
      groupId,
      categoryId: null,
      productLine: facts.productLine ?? null,
      region: facts.region ?? null,
    });
    await insertTicket(groupId, routed.ownerUserId, 'assigned', tx);
    return routed.ownerUserId;
  });

const overview = async (session = admin): Promise<GroupRouting[]> =>
  (await session.request('GET', '/api/v1/routing')).json().groups;

describe('routing settings', () => {
  it('shows each group with its strategy, lead and members with their open load, to any signed-in user', async () => {
    const { group, members } = await teamWith('least_open', 2, { leadIndex: 0 });
    await insertTicket(group.id, members[0]!.id);
    await insertTicket(group.id, members[0]!.id, 'in_progress');
    await insertTicket(group.id, members[0]!.id, 'closed');
    await insertTicket(group.id, members[1]!.id, 'resolved');
    const agentUser = await buildUser(admin);
    const agent = await signIn(t.app, agentUser.username, agentUser.password);
    const entry = (await overview(agent)).find((candidate) => candidate.id === group.id)!;
    expect(entry).toMatchObject({ routingStrategy: 'least_open', lead: { id: members[0]!.id } });
    expect(Object.fromEntries(entry.members.map((member) => [member.userId, member.openCount]))).toEqual({
      [members[0]!.id]: 2,
      [members[1]!.id]: 0,
    });
    expect(entry.members[0]).toMatchObject({ productLines: [], regions: [], acceptsAssignments: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/routing' })).statusCode).toBe(401);
  });

  it('changes strategies and skills with groups.manage only, audited, naming bad fields', async () => {
    const { group, members } = await teamWith('round_robin', 1);
    const user = members[0]!;
    const skills = await admin.request('PATCH', `/api/v1/routing/users/${user.id}`, {
      productLines: ['家用空调', '家用空调', ' 冰箱 '],
      regions: ['广东省'],
      acceptsAssignments: false,
    });
    expect(skills.json()).toMatchObject({
      id: user.id,
      productLines: ['家用空调', '冰箱'],
      regions: ['广东省'],
      acceptsAssignments: false,
    });
    const partial = await admin.request('PATCH', `/api/v1/routing/users/${user.id}`, {
      acceptsAssignments: true,
    });
    expect(partial.json()).toMatchObject({ productLines: ['家用空调', '冰箱'], acceptsAssignments: true });

    const agentUser = await buildUser(admin);
    const agent = await signIn(t.app, agentUser.username, agentUser.password);
    expect(
      (await agent.request('PATCH', `/api/v1/routing/groups/${group.id}`, { routingStrategy: 'manual' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await agent.request('PATCH', `/api/v1/routing/users/${user.id}`, { regions: [] })).statusCode,
    ).toBe(403);

    const cases: [string, object, string, number][] = [
      [`/api/v1/routing/groups/${group.id}`, { routingStrategy: 'random' }, 'body.routingStrategy', 400],
      [`/api/v1/routing/groups/${group.id}`, {}, 'body.routingStrategy', 400],
      ['/api/v1/routing/groups/not-a-uuid', { routingStrategy: 'manual' }, 'params.id', 400],
      [`/api/v1/routing/users/${user.id}`, { productLines: [''] }, 'body.productLines.0', 400],
      [`/api/v1/routing/users/${user.id}`, { regions: 'x' }, 'body.regions', 400],
      [`/api/v1/routing/users/${user.id}`, { skills: [] }, 'body.skills', 400],
    ];
    for (const [url, body, field, status] of cases) {
      const response = await admin.request('PATCH', url, body);
      expect({ url, status: response.statusCode, field: response.json().field }).toEqual({
        url,
        status,
        field,
      });
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await admin.request('PATCH', `/api/v1/routing/groups/${unknown}`, { routingStrategy: 'manual' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await admin.request('PATCH', `/api/v1/routing/users/${unknown}`, { regions: [] })).statusCode,
    ).toBe(404);

    const audit = (await admin.request('GET', `/api/v1/audit?entityType=user&entityId=${user.id}`)).json()
      .items;
    expect(audit.filter((entry: { action: string }) => entry.action === 'user.routing_updated')).toHaveLength(
      2,
    );
    const groupAudit = (
      await admin.request('GET', `/api/v1/audit?action=group.routing_updated&entityId=${group.id}`)
    ).json().items;
    expect(groupAudit[0]).toMatchObject({
      before: { routingStrategy: 'round_robin' },
      after: { routingStrategy: 'round_robin' },
    });
  });
});

describe('dispatch with the configured settings (R3.2)', () => {
  it('spreads six tickets evenly over three members by round robin', async () => {
    const { members } = await teamWith('round_robin', 3);
    const groupId = (await overview()).find((g) => g.members.some((m) => m.userId === members[0]!.id))!.id;
    const owners = [];
    for (let i = 0; i < 6; i += 1) owners.push(await createRouted(groupId));
    for (const member of members) expect(owners.filter((owner) => owner === member.id)).toHaveLength(2);
    const entry = (await overview()).find((g) => g.id === groupId)!;
    expect(entry.members.map((member) => member.openCount)).toEqual([2, 2, 2]);
  });

  it('gives the least loaded member under least open', async () => {
    const { group, members } = await teamWith('least_open', 3);
    await insertTicket(group.id, members[0]!.id);
    await insertTicket(group.id, members[0]!.id);
    await insertTicket(group.id, members[1]!.id);
    const owner = await createRouted(group.id);
    expect(owner).toBe(members[2]!.id);
    const next = await createRouted(group.id);
    // members[1] and members[2] now have one each; the stable (username) order decides.
    const tied = [members[1]!, members[2]!].sort((a, b) => a.username.localeCompare(b.username));
    expect(next).toBe(tied[0]!.id);
  });

  it('matches product line and region under skill, and skips those not accepting assignments', async () => {
    const { group, members } = await teamWith('skill', 3);
    const [aircon, guangdong, both] = members as [
      (typeof members)[0],
      (typeof members)[0],
      (typeof members)[0],
    ];
    await admin.request('PATCH', `/api/v1/routing/users/${aircon.id}`, { productLines: ['家用空调'] });
    await admin.request('PATCH', `/api/v1/routing/users/${guangdong.id}`, { regions: ['广东省'] });
    await admin.request('PATCH', `/api/v1/routing/users/${both.id}`, {
      productLines: ['家用空调'],
      regions: ['广东省'],
    });
    expect(await createRouted(group.id, { productLine: '家用空调', region: '广东省深圳市' })).toBe(both.id);
    expect(await createRouted(group.id, { productLine: '家用空调', region: '浙江省杭州市' })).toBe(aircon.id);
    expect(await createRouted(group.id, { productLine: '洗衣机', region: '广东省广州市' })).toBe(
      guangdong.id,
    );
    await admin.request('PATCH', `/api/v1/routing/users/${both.id}`, { acceptsAssignments: false });
    // both is paused: aircon (1 open) and guangdong (1 open) tie on score 2 vs 1 → aircon by product line.
    expect(await createRouted(group.id, { productLine: '家用空调', region: '广东省深圳市' })).toBe(aircon.id);
  });

  it('leaves tickets of a manual group unassigned', async () => {
    const { group } = await teamWith('manual', 2);
    expect(await createRouted(group.id)).toBeNull();
  });
});

describe('group leads', () => {
  it('are each group’s own active lead, else the nearest department’s above it, read for several groups at once', async () => {
    const department = await buildGroup(admin, { kind: 'department' });
    const team = await buildGroup(admin, { parentId: department.id });
    const ledTeam = await buildGroup(admin, { parentId: department.id });
    const alone = await buildGroup(admin);
    const head = await buildUser(admin, { groupIds: [department.id] });
    const teamLead = await buildUser(admin, { groupIds: [ledTeam.id] });
    for (const [group, lead] of [
      [department, head],
      [ledTeam, teamLead],
    ] as const) {
      const led = await admin.request('PATCH', `/api/v1/groups/${group.id}`, { leadUserId: lead.id });
      expect(led.statusCode, led.body).toBe(200);
    }
    const ids = [team.id, ledTeam.id, alone.id, department.id];
    expect(await groupLeadsOf(t.db, ids)).toEqual(
      new Map([
        [team.id, head.id],
        [ledTeam.id, teamLead.id],
        [alone.id, null],
        [department.id, head.id],
      ]),
    );
    expect(await Promise.all(ids.map((id) => groupLeadOf(t.db, id)))).toEqual([
      head.id,
      teamLead.id,
      null,
      head.id,
    ]);
  });
});
