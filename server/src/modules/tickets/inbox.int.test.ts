import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { searchQuery } from './search.js';
import {
  decodeCursor,
  listTicketViews,
  type SearchTuning,
  type TicketFilter,
  type TicketScope,
  type TicketSort,
} from './tickets.repository.js';

let t: TestApp;
let admin: Session;
let groups: Record<string, string>;
let agent: { id: string; username: string; password: string };
let agentSession: Session;

const MINUTE = 60_000;

async function create(body: Record<string, unknown>, as: Session = admin): Promise<string> {
  t.clock.advance(MINUTE);
  const created = await as.request('POST', '/api/v1/tickets', {
    type: 'repair',
    channel: 'phone',
    description: '',
    customer: { name: '李雷', phone: '13700001111' },
    ...body,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id;
}

const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t.app);
  const listed = (await admin.request('GET', '/api/v1/groups')).json().items as { id: string; key: string }[];
  groups = Object.fromEntries(listed.map((group) => [group.key, group.id]));
  agent = await buildUser(admin, { role: 'agent', groupIds: [groups.frontline!] });
  agentSession = await signIn(t.app, agent.username, agent.password);
});

afterAll(async () => {
  await t.close();
});

describe('the priority order', () => {
  it('follows every change of priority: "my open tickets by priority" reorders, on the page and in the column', async () => {
    const older = await create({
      title: '洗衣机不脱水',
      priority: 'P3',
      groupId: groups.frontline,
      ownerId: agent.id,
    });
    const urgent = await create({
      title: '冰箱不制冷',
      priority: 'P2',
      groupId: groups.frontline,
      ownerId: agent.id,
    });
    const newer = await create({
      title: '空调异响',
      priority: 'P3',
      groupId: groups.frontline,
      ownerId: agent.id,
    });
    const mine = async () =>
      ids((await agentSession.request('GET', '/api/v1/tickets?view=mine&open=true&sort=priority')).json());
    expect(await mine()).toEqual([urgent, older, newer]);

    const raised = await admin.request('PATCH', `/api/v1/tickets/${newer}`, {
      priority: 'P1',
      reason: '客户投诉',
    });
    expect(raised.json(), raised.body).toMatchObject({ priority: 'P1' });
    expect(await mine()).toEqual([newer, urgent, older]);

    // Written by plain SQL too (the SLA sweep's raise, set-based copies): the trigger keeps the rank.
    await t.db.query(`UPDATE tickets SET priority = 'P1' WHERE id = $1`, [older]);
    expect(await mine()).toEqual([older, newer, urgent]);
    const ranks = await t.db.query<{ priority: string; priority_rank: number; rank: number }>(
      `SELECT t.priority, t.priority_rank, p.rank FROM tickets t JOIN priorities p ON p.code = t.priority
        WHERE t.id = ANY($1::uuid[]) ORDER BY t.received_at`,
      [[older, urgent, newer]],
    );
    expect(ranks.map((row) => [row.priority, row.priority_rank])).toEqual([
      ['P1', ranks[0]!.rank],
      ['P2', ranks[1]!.rank],
      ['P1', ranks[2]!.rank],
    ]);

    // A priority's rank changing moves its tickets along.
    const rankOf = async (id: string) =>
      (
        await t.db.query<{ priority_rank: number }>('SELECT priority_rank FROM tickets WHERE id = $1', [id])
      )[0]!.priority_rank;
    const p2 = ranks[1]!.rank;
    await t.db.query(`UPDATE priorities SET rank = 90 WHERE code = 'P2'`);
    expect(await rankOf(urgent)).toBe(90);
    expect(await mine()).toEqual([older, newer, urgent]);
    await t.db.query(`UPDATE priorities SET rank = $1 WHERE code = 'P2'`, [p2]);
    expect(await rankOf(urgent)).toBe(p2);
  });

  it('pages by priority with a cursor across equal ranks without repeating or skipping', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string; priority: string }[]; nextCursor: string | null } = (
        await admin.request(
          'GET',
          `/api/v1/tickets?open=true&sort=priority&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = await t.db.query<{ id: string }>(
      `SELECT id FROM tickets WHERE status NOT IN ('resolved', 'closed') ORDER BY priority_rank, received_at, id`,
    );
    expect(seen).toEqual(expected.map((row) => row.id));
  });
});

describe('search within what the reader may see', () => {
  let theirs: string[];

  beforeAll(async () => {
    // The word 漏水 in the agent's group, in other groups, and on tickets of other groups the agent
    // owns, created, or collaborates on; 滤芯 only outside the agent's scope.
    const mineInGroup = [];
    for (let index = 0; index < 5; index++)
      mineInGroup.push(await create({ title: `热水器漏水 ${index}`, groupId: groups.frontline }));
    const elsewhere = [];
    for (let index = 0; index < 6; index++)
      elsewhere.push(await create({ title: `净水器漏水 ${index}`, groupId: groups.finance_refunds }));
    await create({ title: '更换滤芯', groupId: groups.finance_refunds });
    const owned = await create({
      title: '洗碗机漏水',
      groupId: groups.finance_refunds,
      ownerId: agent.id,
    });
    const created = await create({ title: '管道漏水', groupId: groups.finance_refunds }, agentSession);
    const collaborated = await create({ title: '水管漏水', groupId: groups.finance_refunds });
    const collaborators = await admin.request('POST', `/api/v1/tickets/${collaborated}/collaborators`, {
      userIds: [agent.id],
    });
    expect(collaborators.statusCode, collaborators.body).toBe(200);
    // One of them finished (how it gets there is the lifecycle's tests' business): "open" leaves it out.
    await t.db.query(`UPDATE tickets SET status = 'resolved', resolved_at = received_at WHERE id = $1`, [
      mineInGroup[1],
    ]);
    theirs = [...mineInGroup, owned, created, collaborated];
    expect(elsewhere).toHaveLength(6);
  });

  const scopes = (): [string, TicketScope][] => [
    ['everything', { all: true, userId: agent.id, groupIds: [] }],
    ['the agent', { all: false, userId: agent.id, groupIds: [groups.frontline!] }],
  ];

  /** The same list the plain way: every visible match, sorted. */
  async function reference(scope: TicketScope, filter: TicketFilter, sort: TicketSort) {
    const order = {
      received_desc: 'received_at DESC, id DESC',
      received_asc: 'received_at, id',
      updated_desc: 'updated_at DESC, id DESC',
      priority: 'priority_rank, received_at, id',
    }[sort];
    const rows = await t.db.query<{ id: string }>(
      `SELECT t.id FROM tickets t
        WHERE t.search_vector @@ to_tsquery('simple', $1)
          AND ($2 OR t.group_id = ANY($3::uuid[]) OR t.owner_user_id = $4 OR t.created_by_user_id = $4
               OR EXISTS (SELECT 1 FROM ticket_collaborators tc WHERE tc.ticket_id = t.id AND tc.user_id = $4))
          AND (NOT $5 OR t.status NOT IN ('resolved', 'closed'))
          AND (cardinality($6::uuid[]) = 0 OR t.group_id = ANY($6::uuid[]))
        ORDER BY ${order}`,
      [filter.searchQuery, scope.all, scope.groupIds, scope.userId, !!filter.open, filter.groupIds ?? []],
    );
    return rows.map((row) => row.id);
  }

  /** Every page, three tickets at a time, following the cursor. */
  async function everyPage(
    scope: TicketScope,
    filter: TicketFilter,
    sort: TicketSort,
    tuning: SearchTuning,
  ): Promise<string[]> {
    const seen: string[] = [];
    let after: unknown[] | null = null;
    do {
      const page = await listTicketViews(t.db, filter, scope, sort, after, 3, tuning);
      seen.push(...ids(page));
      after = page.nextCursor ? decodeCursor(page.nextCursor, sort) : null;
    } while (after);
    return seen;
  }

  // Each way a search can go: the bounded walks alone (budget enough for everything), the walks
  // stopping early and the reader's matches sorted, the walks stopping early and walking on.
  const tunings: [string, SearchTuning][] = [
    ['walks within their budget', { walkBudget: 10_000, sortLimit: 0 }],
    ['matches sorted', { walkBudget: 1, sortLimit: 10_000 }],
    ['walks past their budget', { walkBudget: 1, sortLimit: 0 }],
    ['no walk, matches sorted', { walkBudget: 0, sortLimit: 10_000 }],
  ];

  it('finds the same tickets in the same order whether it sorts the matches or walks the scope', async () => {
    const words = searchQuery('漏水')!;
    const cases: [TicketFilter, TicketSort][] = [
      [{ searchQuery: words }, 'received_desc'],
      [{ searchQuery: words }, 'received_asc'],
      [{ searchQuery: words, open: true }, 'priority'],
      [{ searchQuery: words, open: true }, 'updated_desc'],
      [{ searchQuery: words }, 'priority'],
      [{ searchQuery: words, groupIds: [groups.frontline!, groups.finance_refunds!] }, 'received_desc'],
    ];
    for (const [name, scope] of scopes()) {
      for (const [filter, sort] of cases) {
        const expected = await reference(scope, filter, sort);
        const label = `${name}, ${sort}, ${JSON.stringify({ ...filter, searchQuery: undefined })}`;
        expect(expected.length, label).toBeGreaterThan(3);
        for (const [way, tuning] of tunings)
          expect(await everyPage(scope, filter, sort, tuning), `${label}, ${way}`).toEqual(expected);
      }
    }
    const agentScope = scopes()[1]![1];
    expect(new Set(await reference(agentScope, { searchQuery: words }, 'received_desc'))).toEqual(
      new Set(theirs),
    );
  });

  it('answers a word that is only outside the reader’s groups with nothing, and staff see it', async () => {
    const asAgent = (
      await agentSession.request('GET', `/api/v1/tickets?q=${encodeURIComponent('滤芯')}`)
    ).json();
    expect(asAgent.items).toEqual([]);
    const asAdmin = (await admin.request('GET', `/api/v1/tickets?q=${encodeURIComponent('滤芯')}`)).json();
    expect(asAdmin.items.map((item: { title: string }) => item.title)).toEqual(['更换滤芯']);
    const leaks = (
      await agentSession.request('GET', `/api/v1/tickets?q=${encodeURIComponent('漏水')}&limit=200`)
    ).json();
    expect(new Set(ids(leaks))).toEqual(new Set(theirs));
  });
});
