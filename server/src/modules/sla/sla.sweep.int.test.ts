import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildGroup,
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { sweepAllDue, sweepDueMilestones } from './sla.sweep.js';

// The sweep's effects as stored: alerts in the outbox with their delivery jobs, the timeline, the audit
// trail, the policy's breach actions and the ticket's SLA state, for many tickets swept together.

let t: TestApp;
let admin: Session;
let policyId: string;
let groups: { id: string; leadId: string; agentId: string; lead: { username: string; password: string } }[];
let supervisorId: string;
let supervisor: { username: string; password: string };
let watcherId: string;

const MINUTE = 60_000;
const T0 = new Date('2026-05-11T01:00:00Z'); // Monday 09:00 in Shanghai
const calendar = (minutes: number) => ({ minutes, clock: 'calendar' });

beforeAll(async () => {
  t = await startTestApp({ AFTERCARE_PUBLIC_URL: 'https://service.aftercare.test' });
  t.clock.set(T0);
  admin = await signInAdmin(t.app);
  const calendars = (await admin.request('GET', '/api/v1/calendars')).json().items as {
    id: string;
    key: string;
  }[];
  // Wall-clock targets for VIP tickets only, so the arithmetic below is plain minutes.
  const created = await admin.request('POST', '/api/v1/sla-policies', {
    key: 'sweep_vip',
    name: '批量巡检测试',
    position: 10,
    conditions: { customerTiers: ['vip'] },
    calendarId: calendars.find((c) => c.key === 'china_business')!.id,
    targets: {
      P1: { acknowledgement: calendar(5), first_response: calendar(15), progress_update: calendar(120) },
      P2: { acknowledgement: calendar(5), first_response: calendar(30), progress_update: calendar(120) },
      P3: { acknowledgement: calendar(5), first_response: calendar(60), progress_update: calendar(120) },
    },
    warningPercents: [75, 90],
  });
  expect(created.statusCode, created.body).toBe(201);
  policyId = created.json().id;
  const supervisorUser = await buildUser(admin, { role: 'supervisor' });
  supervisorId = supervisorUser.id;
  supervisor = supervisorUser;
  watcherId = (await buildUser(admin)).id;
  groups = [];
  for (let n = 0; n < 2; n += 1) {
    const group = await buildGroup(admin);
    const lead = await buildUser(admin, { groupIds: [group.id] });
    const agentId = (await buildUser(admin, { groupIds: [group.id] })).id;
    const led = await admin.request('PATCH', `/api/v1/groups/${group.id}`, { leadUserId: lead.id });
    expect(led.statusCode, led.body).toBe(200);
    groups.push({ id: group.id, leadId: lead.id, agentId, lead });
  }
});
afterAll(() => t.close());

const setBreachActions = async (breachActions: object) => {
  const response = await admin.request('PATCH', `/api/v1/sla-policies/${policyId}`, { breachActions });
  expect(response.statusCode, response.body).toBe(200);
};

async function createVipTicket(
  group: { id: string; agentId: string },
  body: { priority?: string; email?: string } = {},
) {
  const response = await admin.request('POST', '/api/v1/tickets', {
    title: '贵宾报修',
    type: 'repair',
    priority: body.priority ?? 'P2',
    customer: {
      name: '贵宾',
      phone: '13900000000',
      tier: 'vip',
      ...(body.email ? { email: body.email } : {}),
    },
    groupId: group.id,
    ownerId: group.agentId,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string };
}

const ticketRow = async (id: string) =>
  (
    await t.db.query<{
      priority: string;
      owner_user_id: string;
      assignment_state: string;
      assigned_at: Date;
      is_overdue: boolean;
      sla_policy_id: string;
      last_public_update_at: Date | null;
    }>(
      `SELECT priority, owner_user_id, assignment_state, assigned_at, is_overdue, sla_policy_id, last_public_update_at
         FROM tickets WHERE id = $1`,
      [id],
    )
  )[0]!;

const milestoneRow = async (ticketId: string, milestone: string) =>
  (
    await t.db.query<{
      priority: string;
      target_minutes: number;
      started_at: Date;
      due_at: Date;
      breached_at: Date | null;
      warnings_sent: number[];
      next_check_at: Date | null;
      cycle: number;
    }>(
      `SELECT priority, target_minutes, started_at, due_at, breached_at, warnings_sent, next_check_at, cycle
         FROM ticket_milestones WHERE ticket_id = $1 AND milestone = $2`,
      [ticketId, milestone],
    )
  )[0]!;

const slaEvents = (ticketId: string) =>
  t.db.query<{ data: Record<string, unknown> }>(
    `SELECT data FROM ticket_events WHERE ticket_id = $1 AND data ? 'sla' ORDER BY id`,
    [ticketId],
  );

const alerts = (ticketId: string, template: string, channel = 'in_app') =>
  t.db.query<{ id: string; recipient: string; subject: string; body: string; status: string }>(
    `SELECT id, recipient, subject, body, status FROM notifications
      WHERE ticket_id = $1 AND template = $2 AND channel = $3 ORDER BY seq`,
    [ticketId, template, channel],
  );

const jobsFor = async (queue: string, notificationIds: string[]) =>
  (
    await t.db.query<{ id: string }>(
      `SELECT data->>'notificationId' AS id FROM pgboss.job WHERE name = $1 AND data->>'notificationId' = ANY($2::text[])`,
      [queue, notificationIds],
    )
  )
    .map((row) => row.id)
    .sort();

describe('breach actions', () => {
  it('raises the priority, hands the ticket to the lead and adds the watcher, once', async () => {
    await setBreachActions({ raisePriority: true, reassignToLead: true, addWatcherUserId: watcherId });
    const [group] = groups;
    t.clock.set(T0);
    admin = await signInAdmin(t.app);
    const ticket = await createVipTicket(group!);
    const before = await ticketRow(ticket.id);
    expect(before).toMatchObject({ priority: 'P2', owner_user_id: group!.agentId, sla_policy_id: policyId });

    // The acknowledgement (5 min) is overdue; its warnings at 75 % and 90 % are moot and not sent.
    const sweptAt = new Date(T0.getTime() + 6 * MINUTE);
    t.clock.set(sweptAt);
    expect(await sweepDueMilestones(t.context)).toBeGreaterThanOrEqual(1);
    expect(await sweepDueMilestones(t.context)).toBe(0);

    const actions = {
      priority: { from: 'P2', to: 'P1' },
      owner: { from: group!.agentId, to: group!.leadId },
      watcher: watcherId,
    };
    expect((await slaEvents(ticket.id)).map((row) => row.data)).toEqual([
      {
        sla: 'breached',
        milestone: 'acknowledgement',
        dueAt: new Date(T0.getTime() + 5 * MINUTE).toISOString(),
        actions,
      },
    ]);
    const audit = await t.db.query<{ actor_label: string; after: unknown }>(
      `SELECT actor_label, after FROM audit_log WHERE action = 'ticket.sla_breached' AND entity_id = $1`,
      [ticket.id],
    );
    expect(audit).toEqual([{ actor_label: 'sla', after: { milestone: 'acknowledgement', actions } }]);
    expect(await ticketRow(ticket.id)).toMatchObject({
      priority: 'P1',
      owner_user_id: group!.leadId,
      assignment_state: 'pending',
      assigned_at: sweptAt,
      is_overdue: true,
      sla_policy_id: policyId,
    });
    const watchers = await t.db.query<{ user_id: string }>(
      'SELECT user_id FROM ticket_collaborators WHERE ticket_id = $1',
      [ticket.id],
    );
    expect(watchers.map((row) => row.user_id)).toEqual([watcherId]);
    const breached = await alerts(ticket.id, 'slaBreached');
    expect(breached.map((row) => row.recipient).sort()).toEqual([group!.leadId, supervisorId].sort());
    expect(breached[0]!.subject).toContain(ticket.number);

    // The breach stays recorded; the open first response now runs on P1's 15 minutes.
    expect(await milestoneRow(ticket.id, 'acknowledgement')).toMatchObject({
      priority: 'P1',
      breached_at: new Date(T0.getTime() + 5 * MINUTE),
      warnings_sent: [75, 90],
      next_check_at: null,
    });
    expect(await milestoneRow(ticket.id, 'first_response')).toMatchObject({
      priority: 'P1',
      target_minutes: 15,
      due_at: new Date(T0.getTime() + 15 * MINUTE),
      breached_at: null,
      next_check_at: new Date(T0.getTime() + 11.25 * MINUTE),
    });

    // The next warning goes to the new owner, the lead.
    t.clock.set(new Date(T0.getTime() + 12 * MINUTE));
    await sweepDueMilestones(t.context);
    expect((await alerts(ticket.id, 'slaWarning')).map((row) => row.recipient)).toEqual([group!.leadId]);
    expect((await slaEvents(ticket.id)).at(-1)!.data).toEqual({
      sla: 'warning',
      milestone: 'first_response',
      percent: 75,
      dueAt: new Date(T0.getTime() + 15 * MINUTE).toISOString(),
    });
  });
});

describe('many tickets in one sweep', () => {
  it('tells each ticket’s own lead, on every channel they chose, and the supervisor once in a digest', async () => {
    await setBreachActions({});
    const start = new Date(T0.getTime() + 24 * 60 * MINUTE);
    t.clock.set(start);
    admin = await signInAdmin(t.app);
    const [first, second] = groups as [(typeof groups)[0], (typeof groups)[0]];
    // The first group's lead wants breaches by e-mail too; its chat robot posts them; a CRM hears of all.
    const withEmail = await admin.request('PATCH', `/api/v1/users/${first.leadId}`, {
      email: 'lead1@aftercare.test',
    });
    expect(withEmail.statusCode, withEmail.body).toBe(200);
    const leadSession = await signIn(t.app, first.lead.username, first.lead.password);
    const chosen = await leadSession.request('PUT', '/api/v1/notifications/subscriptions/mine', {
      items: [{ template: 'slaBreached', inApp: true, email: true, sms: false }],
    });
    expect(chosen.statusCode, chosen.body).toBe(200);
    const robot = await admin.request('POST', '/api/v1/notification-robots', {
      name: '售后群',
      kind: 'wecom',
      groupId: first.id,
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=sweep-test',
    });
    expect(robot.statusCode, robot.body).toBe(201);
    await admin.request('PUT', `/api/v1/notifications/subscriptions/groups/${first.id}`, {
      templates: ['slaBreached'],
    });
    const endpoint = await admin.request('POST', '/api/v1/webhook-endpoints', {
      name: 'CRM',
      url: 'https://crm.example.com/hook',
      events: ['sla.breached'],
    });
    expect(endpoint.statusCode, endpoint.body).toBe(201);

    const tickets = [];
    for (const group of [first, first, first, second, second, second])
      tickets.push({ group, ticket: await createVipTicket(group) });
    t.clock.set(new Date(start.getTime() + 6 * MINUTE));
    await sweepDueMilestones(t.context);

    for (const { group, ticket } of tickets) {
      const inApp = await alerts(ticket.id, 'slaBreached');
      expect(inApp.map((row) => row.recipient)).toEqual([group.leadId]);
      // Named for people, due on the company's clock (Shanghai: UTC+8).
      expect(inApp[0]!.body).toContain('时效节点「受理确认」已超时');
      expect(inApp[0]!.body).toMatch(/截止 2026-05-12 \d{2}:\d{2}）/);
      const emails = await alerts(ticket.id, 'slaBreached', 'email');
      const robots = await alerts(ticket.id, 'slaBreached', 'wecom');
      if (group === first) {
        expect(emails.map((row) => [row.recipient, row.status])).toEqual([
          ['lead1@aftercare.test', 'pending'],
        ]);
        expect(await jobsFor('notifications.deliver', [emails[0]!.id])).toEqual([emails[0]!.id]);
        expect(robots).toHaveLength(1);
        expect(robots[0]!.body).toContain(ticket.number);
        expect(robots[0]!.body).toContain(`https://service.aftercare.test/tickets/${ticket.number}`);
        expect(await jobsFor('notifications.deliver-robot', [robots[0]!.id])).toEqual([robots[0]!.id]);
      } else {
        expect(emails).toEqual([]);
        expect(robots).toEqual([]);
      }
      const hooks = await alerts(ticket.id, 'slaBreached', 'webhook');
      expect(hooks).toHaveLength(1);
      expect(JSON.parse(hooks[0]!.body)).toMatchObject({
        event: 'sla.breached',
        ticket: { id: ticket.id, number: ticket.number, priority: 'P2', ownerUserId: group.agentId },
        data: { milestone: 'acknowledgement', number: ticket.number },
      });
      expect(await jobsFor('notifications.deliver-webhook', [hooks[0]!.id])).toEqual([hooks[0]!.id]);
      expect((await slaEvents(ticket.id)).map((row) => row.data.sla)).toEqual(['breached']);
      expect(await ticketRow(ticket.id)).toMatchObject({ priority: 'P2', is_overdue: true });
    }
    // These six (and any other ticket due then) broke a promise in one sweep: the supervisor gets one
    // digest of them, in their inbox too.
    const [breachedNow] = await t.db.query<{ count: number }>(
      `SELECT count(DISTINCT ticket_id)::int AS count FROM ticket_events
        WHERE data->>'sla' = 'breached' AND created_at = $1`,
      [t.clock.now()],
    );
    expect(breachedNow!.count).toBeGreaterThanOrEqual(6);
    const subject = `${breachedNow!.count} 张工单已超时`;
    const digests = await t.db.query<{
      recipient: string;
      ticket_id: string | null;
      subject: string;
      body: string;
    }>(`SELECT recipient, ticket_id, subject, body FROM notifications WHERE template = 'slaBreachDigest'`);
    expect(digests.map((row) => [row.recipient, row.ticket_id, row.subject])).toEqual([
      [supervisorId, null, subject],
    ]);
    for (const { ticket } of tickets) expect(digests[0]!.body).toContain(ticket.number);
    const supervisorSession = await signIn(t.app, supervisor.username, supervisor.password);
    const inbox = await supervisorSession.request('GET', '/api/v1/notifications/mine?limit=50');
    expect(inbox.statusCode, inbox.body).toBe(200);
    const digestItems = (
      inbox.json() as { items: { template: string; subject: string; ticket: unknown }[] }
    ).items.filter((item) => item.template === 'slaBreachDigest');
    expect(digestItems.map((item) => [item.subject, item.ticket])).toEqual([[subject, null]]);
    await t.db.query('DELETE FROM webhook_endpoints WHERE id = $1', [endpoint.json().id]);
    await t.db.query('DELETE FROM notification_robots WHERE id = $1', [robot.json().id]);
  });
});

describe('a backlog', () => {
  it('is cleared in one run, batch after batch, two at a time, each milestone handled once', async () => {
    await setBreachActions({});
    const start = new Date(T0.getTime() + 3 * 24 * 60 * MINUTE);
    t.clock.set(start);
    admin = await signInAdmin(t.app);
    const tickets = [];
    for (let n = 0; n < 7; n += 1) tickets.push(await createVipTicket(groups[n % 2]!));
    t.clock.set(new Date(start.getTime() + 6 * MINUTE));
    const dueNow = async () =>
      (
        await t.db.query<{ count: number }>(
          'SELECT count(*)::int AS count FROM ticket_milestones WHERE next_check_at <= $1',
          [t.clock.now()],
        )
      )[0]!.count;
    const due = await dueNow();
    expect(due).toBeGreaterThanOrEqual(7);

    // Batches of three: a run of the minute's job takes them all, not just the first batch.
    expect(await sweepAllDue(t.context, { concurrency: 2, batchSize: 3 })).toBe(due);
    expect(await dueNow()).toBe(0);
    for (const ticket of tickets) {
      expect((await slaEvents(ticket.id)).map((row) => row.data.sla)).toEqual(['breached']);
      expect(await ticketRow(ticket.id)).toMatchObject({ is_overdue: true });
    }
    expect(await sweepAllDue(t.context, { concurrency: 2, batchSize: 3 })).toBe(0);
  });
});

describe('progress updates', () => {
  it('reminds the owner, updates the customer and starts the next interval', async () => {
    await setBreachActions({ autoProgressUpdate: true });
    const start = new Date(T0.getTime() + 2 * 24 * 60 * MINUTE);
    t.clock.set(start);
    admin = await signInAdmin(t.app);
    const [group] = groups;
    const ticket = await createVipTicket(group!, { email: 'vip@example.com' });
    // First response (30 min) and the progress update (120 min) both come due in one sweep.
    const sweptAt = new Date(start.getTime() + 121 * MINUTE);
    t.clock.set(sweptAt);
    await sweepDueMilestones(t.context);

    expect((await slaEvents(ticket.id)).map((row) => row.data)).toEqual([
      {
        sla: 'breached',
        milestone: 'first_response',
        dueAt: new Date(start.getTime() + 30 * MINUTE).toISOString(),
        actions: {},
      },
      { sla: 'progress_update_due', autoUpdate: true },
    ]);
    expect((await alerts(ticket.id, 'progressUpdateDue')).map((row) => row.recipient)).toEqual([
      group!.agentId,
    ]);
    const updates = await alerts(ticket.id, 'progressUpdate', 'email');
    expect(updates.map((row) => row.recipient)).toEqual(['vip@example.com']);
    expect(await ticketRow(ticket.id)).toMatchObject({
      priority: 'P2',
      owner_user_id: group!.agentId,
      last_public_update_at: sweptAt,
      is_overdue: true,
    });
    expect(await milestoneRow(ticket.id, 'progress_update')).toMatchObject({
      cycle: 2,
      started_at: sweptAt,
      due_at: new Date(sweptAt.getTime() + 120 * MINUTE),
      breached_at: null,
      warnings_sent: [],
      next_check_at: new Date(sweptAt.getTime() + 90 * MINUTE),
    });
    expect(await milestoneRow(ticket.id, 'first_response')).toMatchObject({
      breached_at: new Date(start.getTime() + 30 * MINUTE),
      next_check_at: null,
    });
  });
});
