import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../platform/db/database.js';
import {
  type Session,
  signInAdmin,
  startTestApp,
  type TestApp,
  testDatabaseKind,
} from '../../test/harness.js';
import { boardReaderOf, countAtRiskMilestones, listAtRiskMilestones } from './sla.repository.js';
import { sweepDueMilestones } from './sla.sweep.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

const MINUTE = 60_000;
const create = async (body: object) =>
  (
    await admin.request('POST', '/api/v1/tickets', {
      type: 'repair',
      customer: { name: '客户', phone: '13800000000' },
      ...body,
    })
  ).json();
const detail = async (id: string) => (await admin.request('GET', `/api/v1/tickets/${id}`)).json();
type PresentedMilestone = {
  milestone: string;
  dueAt: string;
  metAt: string | null;
  pausedAt: string | null;
  breachedAt: string | null;
  state: string;
  remainingMs: number | null;
};
const milestone = (d: { sla: { milestones: PresentedMilestone[] } }, name: string) =>
  d.sla.milestones.find((m) => m.milestone === name) as {
    dueAt: string;
    metAt: string | null;
    pausedAt: string | null;
    breachedAt: string | null;
    state: string;
    remainingMs: number | null;
  };
const sweep = () => sweepDueMilestones(t.context);

describe('due times', () => {
  it('gives a P1 on Friday 17:50 round-the-clock targets and a P3 business-hour ones', async () => {
    t.clock.set(new Date('2026-03-06T09:50:00Z')); // Friday 17:50 in Shanghai
    admin = await signInAdmin(t.app);
    const p1 = await create({ title: '产线停机', priority: 'P1' });
    const p3 = await create({ title: '咨询', priority: 'P3' });
    const d1 = await detail(p1.id);
    const d3 = await detail(p3.id);
    // P1: 30 minutes of calendar time → Friday 18:20.
    expect(milestone(d1, 'first_response').dueAt).toBe('2026-03-06T10:20:00.000Z');
    expect(milestone(d1, 'solution_provided').dueAt).toBe('2026-03-06T13:50:00.000Z');
    // P3: 10 business minutes left on Friday, the remaining 3 h 50 min from Monday 09:00 → Monday 13:20?
    // Monday 09:00–12:00 gives 3 h, then 13:30 + 50 min → 14:20 Shanghai.
    expect(milestone(d3, 'first_response').dueAt).toBe('2026-03-09T06:20:00.000Z');
  });
});

describe('two policies side by side, across the Spring Festival', () => {
  it('gives VIP tickets the contract policy (seed 000) and others the standard one (seed 004), on the holiday schedule', async () => {
    const policies = (await admin.request('GET', '/api/v1/sla-policies')).json().items as {
      id: string;
      key: string;
    }[];
    const contract = policies.find((policy) => policy.key === 'contract')!;
    const activated = await admin.request('PATCH', `/api/v1/sla-policies/${contract.id}`, {
      isActive: true,
      conditions: { customerTiers: ['vip'] },
    });
    expect(activated.json()).toMatchObject({ isActive: true, conditions: { customerTiers: ['vip'] } });

    t.clock.set(new Date('2026-02-13T09:00:00Z')); // Friday 17:00, the last workday before 春节
    admin = await signInAdmin(t.app);
    const vip = await create({
      title: 'VIP 报修',
      priority: 'P2',
      customer: { name: '刘洋', phone: '13801230000', tier: 'vip' },
    });
    const regular = await create({
      title: '普通报修',
      priority: 'P3',
      customer: { name: '张伟', phone: '13801239999', tier: 'regular' },
    });
    const vipDetail = await detail(vip.id);
    const regularDetail = await detail(regular.id);
    expect(vipDetail.sla.policyId).toBe(contract.id);
    // Contract P2: respond within 24 h, resolve within 48 h, on the wall clock.
    expect(milestone(vipDetail, 'first_response').dueAt).toBe('2026-02-14T09:00:00.000Z');
    expect(milestone(vipDetail, 'solution_provided').dueAt).toBe('2026-02-15T09:00:00.000Z');
    // Standard P3, 4 business hours: Friday 17:00–18:00, then Saturday 14 Feb is a make-up workday → 12:00.
    expect(milestone(regularDetail, 'first_response').dueAt).toBe('2026-02-14T04:00:00.000Z');
    // 24 business hours: Fri 1 h + Sat 7.5 h, 15–23 Feb off, Tue 24 and Wed 25 7.5 h each, Thu 26 09:30.
    expect(milestone(regularDetail, 'solution_provided').dueAt).toBe('2026-02-26T01:30:00.000Z');
    await admin.request('PATCH', `/api/v1/sla-policies/${contract.id}`, { isActive: false });
  });
});

describe('calendar changes', () => {
  it('move the open business-time due dates of tickets under the calendar', async () => {
    t.clock.set(new Date('2026-04-20T01:00:00Z')); // Monday 09:00
    admin = await signInAdmin(t.app);
    const ticket = await create({ title: '日历变更', priority: 'P3', ownerId: admin.userId });
    const before = milestone(await detail(ticket.id), 'solution_provided');
    // 24 business hours from Monday 09:00: Mon, Tue, Wed 7.5 h each, Thursday 10:30.
    expect(before.dueAt).toBe('2026-04-23T02:30:00.000Z');
    const calendars = (await admin.request('GET', '/api/v1/calendars')).json().items as {
      id: string;
      key: string;
    }[];
    const china = calendars.find((calendar) => calendar.key === 'china_business')!;
    const holiday = await admin.request('PUT', `/api/v1/calendars/${china.id}/days/2026-04-22`, {
      kind: 'holiday',
      name: '公司活动日',
    });
    expect(holiday.statusCode, holiday.body).toBe(200);
    expect(milestone(await detail(ticket.id), 'solution_provided').dueAt).toBe('2026-04-24T02:30:00.000Z');
    await admin.request('DELETE', `/api/v1/calendars/${china.id}/days/2026-04-22`);
    expect(milestone(await detail(ticket.id), 'solution_provided').dueAt).toBe('2026-04-23T02:30:00.000Z');
  });
});

describe('the clock', () => {
  it('pauses while waiting for the customer and resumes with the remaining time', async () => {
    t.clock.set(new Date('2026-03-10T01:00:00Z')); // Tuesday 09:00
    admin = await signInAdmin(t.app);
    const ticket = await create({ title: '暂停测试', priority: 'P2', ownerId: admin.userId });
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/accept`);
    const before = milestone(await detail(ticket.id), 'solution_provided');
    expect(before.dueAt).toBe('2026-03-11T07:00:00.000Z'); // 12 business hours: Tue 7.5 h, Wed 3 h + 1.5 h → Wed 15:00
    t.clock.advance(60 * MINUTE);
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/status`, { status: 'waiting_customer' });
    const paused = milestone(await detail(ticket.id), 'solution_provided');
    expect(paused.pausedAt).toBe('2026-03-10T02:00:00.000Z');
    expect(paused.state).toBe('paused');
    expect(paused.remainingMs).toBe(11 * 60 * MINUTE);
    t.clock.advance(24 * 60 * MINUTE); // a whole day waiting
    admin = await signInAdmin(t.app);
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/customer-replies`, {
      body: '照片发您了',
      via: 'email',
    });
    const resumed = milestone(await detail(ticket.id), 'solution_provided');
    expect(resumed.pausedAt).toBeNull();
    expect(resumed.remainingMs).toBe(11 * 60 * MINUTE);
    // Resumed Wednesday 10:00 with 11 h left: Wed 6.5 h, Thu 3 h + 1.5 h → Thursday 15:00.
    expect(resumed.dueAt).toBe('2026-03-12T07:00:00.000Z');
  });

  it('recomputes open milestones when the priority changes and keeps met ones', async () => {
    t.clock.set(new Date('2026-03-10T01:00:00Z'));
    admin = await signInAdmin(t.app);
    const ticket = await create({ title: '升级测试', priority: 'P3', ownerId: admin.userId });
    const before = await detail(ticket.id);
    const acknowledgedBefore = milestone(before, 'dispatch');
    await admin.request('PATCH', `/api/v1/tickets/${ticket.id}`, { priority: 'P1', reason: '客户停产' });
    const after = await detail(ticket.id);
    expect(milestone(after, 'first_response').dueAt).toBe('2026-03-10T01:30:00.000Z');
    expect(milestone(after, 'dispatch')).toEqual(acknowledgedBefore);
  });
});

describe('reminders and breach', () => {
  it('warns at 75 % and 90 % and breaches once each; a breached ticket closes only with a reason', async () => {
    t.clock.set(new Date('2026-03-16T01:00:00Z')); // Monday 09:00
    admin = await signInAdmin(t.app);
    const ticket = await create({ title: '超时测试', priority: 'P1', ownerId: admin.userId });
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/accept`);
    const alerts = async () =>
      (
        await t.db.query<{ template: string }>(
          `SELECT template FROM notifications WHERE ticket_id = $1 AND template IN ('slaWarning', 'slaBreached') ORDER BY created_at`,
          [ticket.id],
        )
      ).map((row) => row.template);

    t.clock.set(new Date('2026-03-16T01:22:30Z')); // 75 % of 30 min first response
    await sweep();
    await sweep();
    expect(await alerts()).toEqual(['slaWarning']);
    t.clock.set(new Date('2026-03-16T01:27:00Z')); // 90 %
    await sweep();
    expect(await alerts()).toEqual(['slaWarning', 'slaWarning']);
    const breaches = async () =>
      (
        await t.db.query<{ milestone: string }>(
          `SELECT data->>'milestone' AS milestone FROM ticket_events WHERE ticket_id = $1 AND data->>'sla' = 'breached' ORDER BY id`,
          [ticket.id],
        )
      ).map((row) => row.milestone);
    t.clock.set(new Date('2026-03-16T01:30:00Z'));
    await sweep();
    await sweep();
    // The acknowledgement (5 min; nobody was told) and the first response (30 min) are both overdue now.
    expect((await breaches()).sort()).toEqual(['acknowledgement', 'first_response']);
    t.clock.set(new Date('2026-03-16T01:40:00Z'));
    await sweep();
    expect((await breaches()).sort()).toEqual(['acknowledgement', 'first_response']);
    expect(await alerts()).toEqual(['slaWarning', 'slaWarning']);
    admin = await signInAdmin(t.app);
    const overdue = await detail(ticket.id);
    expect(overdue.ticket.isOverdue).toBe(true);
    expect(milestone(overdue, 'first_response').breachedAt).toBe('2026-03-16T01:30:00.000Z');

    await admin.request('POST', `/api/v1/tickets/${ticket.id}/resolve`, { summary: '已处理' });
    // Met late is still late: later changes keep the ticket overdue.
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/notes`, { body: '客户确认中' });
    expect((await detail(ticket.id)).ticket.isOverdue).toBe(true);
    const refused = await admin.request('POST', `/api/v1/tickets/${ticket.id}/close`, {
      confirmationMethod: 'phone',
    });
    expect(refused.json()).toMatchObject({ code: 'validation_failed', field: 'body.overdueReason' });
    const needsText = await admin.request('POST', `/api/v1/tickets/${ticket.id}/close`, {
      confirmationMethod: 'phone',
      overdueReason: 'other',
    });
    expect(needsText.json().field).toBe('body.overdueReasonText');
    const closed = await admin.request('POST', `/api/v1/tickets/${ticket.id}/close`, {
      confirmationMethod: 'phone',
      overdueReason: 'parts_shortage',
    });
    expect(closed.json()).toMatchObject({ status: 'closed', overdueReason: 'parts_shortage' });
  });

  it('shows at-risk and overdue tickets on the supervisor board', async () => {
    const board = (await admin.request('GET', '/api/v1/sla/board?horizonMinutes=600')).json();
    expect(board.items.length).toBeGreaterThan(0);
    expect(board.items.every((item: { state: string }) => ['breached', 'at_risk'].includes(item.state))).toBe(
      true,
    );
  });

  it('pages the board most urgent first, with the counts of every page', async () => {
    type Item = { ticketId: string; milestone: string; dueAt: string; state: string };
    type Board = {
      items: Item[];
      limit: number;
      offset: number;
      total: number;
      counts: { breached: number; atRisk: number };
      countLimit: number;
    };
    const read = async (query: string): Promise<Board> =>
      (await admin.request('GET', `/api/v1/sla/board?horizonMinutes=600&${query}`)).json();
    // More on the board: three tickets due within the horizon, none overdue yet.
    for (const title of ['烤箱不加热', '热水器漏电', '油烟机异响']) await create({ title, priority: 'P2' });
    const whole = await read('limit=200');
    expect(whole.items.length).toBeGreaterThanOrEqual(4);
    expect(whole).toMatchObject({ limit: 200, offset: 0, countLimit: 200 });
    expect(whole.total).toBe(whole.items.length);
    expect(whole.counts.breached + whole.counts.atRisk).toBe(whole.total);
    expect(whole.counts.breached).toBeGreaterThan(0);
    expect(whole.counts.atRisk).toBeGreaterThan(0);
    const dues = whole.items.map((item) => Date.parse(item.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    const paged: Item[] = [];
    for (let offset = 0; offset < whole.total; offset += 3) {
      const page = await read(`limit=3&offset=${offset}`);
      expect(page).toMatchObject({ limit: 3, offset, total: whole.total, counts: whole.counts });
      expect(page.items.length).toBe(Math.min(3, whole.total - offset));
      paged.push(...page.items);
    }
    const key = (item: Item) => `${item.ticketId}/${item.milestone}`;
    expect(paged.map(key)).toEqual(whole.items.map(key));
    expect((await read(`limit=3&offset=${whole.total}`)).items).toEqual([]);

    expect((await read('limit=50')).items).toHaveLength(Math.min(50, whole.total));

    // A group's reader: checked by their tickets' ids or ticket by ticket, the same board.
    const groupId = whole.items
      .map((item) => (item as Item & { groupId: string | null }).groupId)
      .find(Boolean)!;
    const scope = { all: false, groupIds: [groupId], userId: admin.userId };
    const now = t.clock.now();
    const horizon = new Date(now.getTime() + 600 * MINUTE);
    const boards = [];
    for (const byTicketIds of [true, false]) {
      const reader = { ...scope, byTicketIds };
      boards.push({
        rows: (await listAtRiskMilestones(t.db, reader, horizon, { limit: 200, offset: 0 })).map(
          (row) => `${row.ticketId}/${row.milestone}`,
        ),
        counts: await countAtRiskMilestones(t.db, reader, horizon, now, 500),
      });
    }
    expect(boards[0]!.rows.length).toBeGreaterThan(0);
    expect(boards[0]!.rows.length).toBeLessThan(whole.total);
    expect(boards[0]).toEqual(boards[1]);
    expect(boards[0]!.counts.breached + boards[0]!.counts.atRisk).toBe(boards[0]!.rows.length);
    expect(await boardReaderOf(t.db, scope)).toMatchObject({ byTicketIds: true });
    for (const bad of ['limit=0', 'limit=201', 'offset=-1'])
      expect((await admin.request('GET', `/api/v1/sla/board?${bad}`)).json()).toMatchObject({
        status: 400,
        field: `querystring.${bad.split('=')[0]}`,
      });
  });
});

describe('several servers', () => {
  it('handles each due event exactly once when three sweeps run at once', async () => {
    t.clock.set(new Date('2026-03-23T01:00:00Z'));
    admin = await signInAdmin(t.app);
    const tickets = [];
    for (let i = 0; i < 12; i += 1)
      tickets.push(await create({ title: `并发超时 ${i}`, priority: 'P1', ownerId: admin.userId }));
    t.clock.set(new Date('2026-03-23T01:22:30Z'));
    const others =
      testDatabaseKind === 'postgres'
        ? await Promise.all(
            [1, 2].map(() => openDatabase({ kind: 'postgres', url: t.databaseUrl!, poolMax: 3 })),
          )
        : [];
    try {
      const contexts = [t.context, ...others.map((db) => ({ ...t.context, db }))];
      while (contexts.length < 3) contexts.push(t.context);
      const handled = await Promise.all(contexts.map((context) => sweepDueMilestones(context)));
      const ids = tickets.map((ticket) => ticket.id);
      const warnings = await t.db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM notifications WHERE template = 'slaWarning' AND ticket_id = ANY($1::uuid[])`,
        [ids],
      );
      // Each ticket's first response (30 min) is at 75 %: one warning per ticket, whichever server took it.
      expect(warnings[0]!.count).toBe(12);
      expect(handled.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(12);
    } finally {
      await Promise.all(others.map((db) => db.close()));
    }
  });
});
