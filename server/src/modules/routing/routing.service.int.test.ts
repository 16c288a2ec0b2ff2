import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../platform/db/database.js';
import { migrate } from '../../platform/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../test/harness.js';
import { ensureDefaultClassification } from '../classification/classification.service.js';
import { insertGroup, setGroupMembers } from '../groups/groups.repository.js';
import { findRoleByKey } from '../roles/roles.repository.js';
import { ensureDefaultRoles } from '../roles/roles.service.js';
import type { TicketStatus } from '../tickets/ticket.types.js';
import { insertUser } from '../users/users.repository.js';
import type { RoutingStrategy } from './routing.js';
import { groupLeadOf, groupLeadRefOf, routeTicket } from './routing.service.js';

// Service-level checks of dispatch on a real database (the HTTP suite is routing.int.test.ts).
let testDb: TestDatabase;
let db: TestDatabase['db'];
let agentRoleId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  await migrate(db);
  await ensureDefaultRoles(db);
  await ensureDefaultClassification(db);
  agentRoleId = (await findRoleByKey(db, 'agent'))!.id;
});
afterAll(async () => {
  await db.close();
  await testDb.drop();
});

const suffix = () => randomBytes(3).toString('hex');

async function user(
  username: string,
  fields: { productLines?: string[]; regions?: string[]; accepts?: boolean; active?: boolean } = {},
) {
  const id = await insertUser(db, {
    username: `${username}_${suffix()}`,
    displayName: username,
    email: null,
    phone: null,
    passwordHash: 'not-a-real-hash',
    roleId: agentRoleId,
    locale: 'zh-CN',
  });
  await db.query(
    'UPDATE users SET product_lines = $2, regions = $3, accepts_assignments = $4, is_active = $5 WHERE id = $1',
    [id, fields.productLines ?? [], fields.regions ?? [], fields.accepts ?? true, fields.active ?? true],
  );
  return id;
}

async function group(
  strategy: RoutingStrategy,
  memberIds: string[],
  fields: { parentId?: string; leadUserId?: string; kind?: 'department' | 'group' } = {},
) {
  const id = await insertGroup(db, {
    key: `g_${suffix()}`,
    name: `小组 ${suffix()}`,
    description: '',
    kind: fields.kind ?? 'group',
    parentId: fields.parentId ?? null,
    leadUserId: fields.leadUserId ?? null,
  });
  await db.query('UPDATE groups SET routing_strategy = $2 WHERE id = $1', [id, strategy]);
  await setGroupMembers(db, id, memberIds);
  return id;
}

let ticketCounter = 0;
async function insertTicket(
  q: Queryable,
  fields: { groupId: string | null; ownerUserId: string | null; status?: TicketStatus; categoryId?: string },
) {
  ticketCounter += 1;
  await q.query(
    `INSERT INTO tickets (number, title, type, channel, priority, status, group_id, owner_user_id, category_id,
                          received_at)
     VALUES ($1, '测试工单', 'repair', 'phone', 'P3', $2, $3, $4, $5, now())`,
    [
      `T${ticketCounter}-${suffix()}`,
      fields.status ?? 'assigned',
      fields.groupId,
      fields.ownerUserId,
      fields.categoryId ?? null,
    ],
  );
}

/** What intake does: route and store the ticket in one transaction (with `{ db }`, as intake calls it). */
const createRouted = (
  input: {
    groupId?: string | null;
    categoryId?: string | null;
    productLine?: string | null;
    region?: string | null;
  },
  options: { db?: typeof db; failAfterRouting?: boolean } = {},
) =>
  db.transaction(async (tx) => {
    const routed = await routeTicket(
      tx,
      {
        groupId: input.groupId ?? null,
        categoryId: input.categoryId ?? null,
        productLine: input.productLine ?? null,
        region: input.region ?? null,
      },
      options.db ? { db: options.db } : {},
    );
    await insertTicket(tx, routed);
    if (options.failAfterRouting) throw new Error('creation failed after routing');
    return routed;
  });

const lastAssigned = async (groupId: string) =>
  (
    await db.query<{ last: string | null }>(
      'SELECT last_assigned_user_id AS last FROM groups WHERE id = $1',
      [groupId],
    )
  )[0]!.last;

const tally = (owners: (string | null)[]) => {
  const counts = new Map<string | null, number>();
  for (const owner of owners) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  return counts;
};

describe('routeTicket', () => {
  it('spreads six tickets evenly over three members by round robin', async () => {
    const members = [await user('rr_a'), await user('rr_b'), await user('rr_c')];
    const groupId = await group('round_robin', members);
    const owners: (string | null)[] = [];
    for (let i = 0; i < 6; i += 1) owners.push((await createRouted({ groupId })).ownerUserId);
    const counts = tally(owners);
    expect(members.map((id) => counts.get(id))).toEqual([2, 2, 2]);
    // Consecutive tickets go to different people.
    expect(owners.slice(0, 3).sort()).toEqual([...members].sort());
    const [row] = await db.query<{ last: string }>(
      'SELECT last_assigned_user_id AS last FROM groups WHERE id = $1',
      [groupId],
    );
    expect(row!.last).toBe(owners[5]);
  });

  it('spreads concurrent creations evenly too', async () => {
    const members = [await user('cc_a'), await user('cc_b'), await user('cc_c')];
    const groupId = await group('round_robin', members);
    const results = await Promise.all(Array.from({ length: 6 }, () => createRouted({ groupId })));
    const counts = tally(results.map((result) => result.ownerUserId));
    expect(members.map((id) => counts.get(id))).toEqual([2, 2, 2]);
  });

  it('takes round-robin turns beside the creation on PostgreSQL, in it on PGlite', async () => {
    const members = [await user('bs_a'), await user('bs_b'), await user('bs_c')];
    const groupId = await group('round_robin', members);
    const results = await Promise.all(Array.from({ length: 9 }, () => createRouted({ groupId }, { db })));
    const counts = tally(results.map((result) => result.ownerUserId));
    expect(members.map((id) => counts.get(id))).toEqual([3, 3, 3]);
    const before = await lastAssigned(groupId);
    await expect(createRouted({ groupId }, { db, failAfterRouting: true })).rejects.toThrow(/after routing/);
    // On PostgreSQL the turn was committed on its own and is used up; PGlite rolled it back with the rest.
    const next = members[(members.indexOf(before!) + 1) % members.length];
    expect(await lastAssigned(groupId)).toBe(db.kind === 'postgres' ? next : before);
  });

  it('decides least-open groups inside the creation even when given the database', async () => {
    const [busy, light] = [await user('lb_busy'), await user('lb_light')];
    const groupId = await group('least_open', [busy, light]);
    await insertTicket(db, { groupId, ownerUserId: busy });
    const owners: (string | null)[] = [];
    for (let i = 0; i < 3; i += 1) owners.push((await createRouted({ groupId }, { db })).ownerUserId);
    // light has none; then one each, and the tie goes to the stable order (busy); then light again.
    expect(owners).toEqual([light, busy, light]);
  });

  it('gives the member with the fewest open tickets in this group (least open)', async () => {
    const [busy, light, other] = [await user('lo_busy'), await user('lo_light'), await user('lo_other')];
    const groupId = await group('least_open', [busy, light, other]);
    const elsewhere = await group('manual', [light]);
    await insertTicket(db, { groupId, ownerUserId: busy });
    await insertTicket(db, { groupId, ownerUserId: busy });
    await insertTicket(db, { groupId, ownerUserId: other });
    await insertTicket(db, { groupId, ownerUserId: light, status: 'closed' });
    await insertTicket(db, { groupId, ownerUserId: light, status: 'resolved' });
    await insertTicket(db, { groupId: elsewhere, ownerUserId: light });
    // Open load: busy 2, other 1, light 0 (its closed, resolved and other-group tickets do not count).
    expect((await createRouted({ groupId })).ownerUserId).toBe(light);
    // Now light 1 and other 1: the tie goes to the stable (username) order.
    expect((await createRouted({ groupId })).ownerUserId).toBe(light);
    expect((await createRouted({ groupId })).ownerUserId).toBe(other);
  });

  it('matches skills, then load, and falls back to least open', async () => {
    const aircon = await user('sk_aircon', { productLines: ['家用空调'] });
    const airconGd = await user('sk_aircon_gd', { productLines: ['家用空调'], regions: ['广东省'] });
    const gd = await user('sk_gd', { regions: ['广东省'] });
    const groupId = await group('skill', [aircon, airconGd, gd]);
    expect(
      (await createRouted({ groupId, productLine: '家用空调', region: '广东省深圳市' })).ownerUserId,
    ).toBe(airconGd);
    // Region only: gd (0 open) and airconGd (1 open) both cover Guangdong; gd has less.
    expect((await createRouted({ groupId, productLine: '冰箱', region: '广东省广州市' })).ownerUserId).toBe(
      gd,
    );
    // Nobody matches: least open of all, aircon (0).
    expect((await createRouted({ groupId, productLine: '电视', region: '北京市' })).ownerUserId).toBe(aircon);
  });

  it('never assigns inactive members or those not accepting assignments', async () => {
    const paused = await user('aa_paused', { accepts: false });
    const disabled = await user('aa_disabled', { active: false });
    const able = await user('zz_able');
    const groupId = await group('round_robin', [paused, disabled, able]);
    for (let i = 0; i < 3; i += 1) expect((await createRouted({ groupId })).ownerUserId).toBe(able);
    const nobody = await group('least_open', [paused, disabled]);
    expect(await createRouted({ groupId: nobody })).toEqual({ groupId: nobody, ownerUserId: null });
  });

  it('leaves the owner open in a manual group', async () => {
    const groupId = await group('manual', [await user('mn_a')]);
    expect(await createRouted({ groupId })).toEqual({ groupId, ownerUserId: null });
  });

  it("routes by the category's group, inherited from the parent category", async () => {
    const member = await user('cat_a');
    const groupId = await group('round_robin', [member]);
    const [parent] = await db.query<{ id: string }>(
      `INSERT INTO categories (code, name, group_id) VALUES ($1, '父分类', $2) RETURNING id`,
      [`p_${suffix()}`, groupId],
    );
    const [child] = await db.query<{ id: string }>(
      `INSERT INTO categories (code, name, parent_id) VALUES ($1, '子分类', $2) RETURNING id`,
      [`c_${suffix()}`, parent!.id],
    );
    expect(await createRouted({ categoryId: child!.id })).toEqual({ groupId, ownerUserId: member });
    // An explicit group wins over the category's.
    const other = await group('manual', []);
    expect(await createRouted({ categoryId: child!.id, groupId: other })).toEqual({
      groupId: other,
      ownerUserId: null,
    });
  });

  it('routes nowhere without a group or a mapped category', async () => {
    const [unmapped] = await db.query<{ id: string }>(
      `INSERT INTO categories (code, name) VALUES ($1, '未映射') RETURNING id`,
      [`u_${suffix()}`],
    );
    expect(await createRouted({ categoryId: unmapped!.id })).toEqual({ groupId: null, ownerUserId: null });
    expect(await createRouted({})).toEqual({ groupId: null, ownerUserId: null });
  });

  it('refuses an unknown group', async () => {
    await expect(
      db.transaction((tx) =>
        routeTicket(tx, {
          groupId: '00000000-0000-4000-8000-000000000000',
          categoryId: null,
          productLine: null,
          region: null,
        }),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'body.groupId' } });
  });
});

describe('groupLeadOf', () => {
  it("gives the group's lead, else the department's, skipping inactive leads", async () => {
    const head = await user('lead_head');
    const lead = await user('lead_group');
    const department = await group('manual', [], { kind: 'department', leadUserId: head });
    const withLead = await group('manual', [], { parentId: department, leadUserId: lead });
    const withoutLead = await group('manual', [], { parentId: department });
    const orphan = await group('manual', []);
    expect(await groupLeadOf(db, withLead)).toBe(lead);
    expect(await groupLeadOf(db, withoutLead)).toBe(head);
    expect(await groupLeadOf(db, orphan)).toBeNull();
    expect(await groupLeadRefOf(db, withLead)).toMatchObject({ id: lead, displayName: 'lead_group' });
    await db.query('UPDATE users SET is_active = false WHERE id = $1', [lead]);
    expect(await groupLeadOf(db, withLead)).toBe(head);
  });
});
