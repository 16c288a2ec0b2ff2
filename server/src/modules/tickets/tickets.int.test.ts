import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { autoCloseSilentTickets } from './tickets.service.js';

let t: TestApp;
let admin: Session;
let groups: Record<string, string>;
let token: string;

const apiCreate = (body: object, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: { authorization: `Bearer ${token}`, ...headers },
    payload: body,
  });

const aircon = {
  title: '空调不制冷',
  description: '空调制冷效果异常，开机半小时室温不降',
  type: 'repair',
  channel: 'api',
  category: 'product_quality.function_failure',
  customer: {
    name: '张伟',
    phone: '13812345678',
    email: 'zhangwei@example.com',
    tier: 'regular',
    region: '江苏省 南京市',
  },
  orderNumber: 'JD2026030100001',
  product: { model: 'KFR-35GW/BP3', serial: 'SN-AC-0001' },
};

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t.app);
  const listed = (await admin.request('GET', '/api/v1/groups')).json().items as { id: string; key: string }[];
  groups = Object.fromEntries(listed.map((group) => [group.key, group.id]));
  token = (
    await admin.request('POST', '/api/v1/tokens', {
      name: '商城',
      scopes: ['tickets.create', 'tickets.read_all'],
    })
  ).json().token;
});
beforeEach(async () => {
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

describe('intake over the API', () => {
  it('creates a numbered, classified, routed ticket, links the customer and queues the acknowledgement', async () => {
    const engineer = await buildUser(admin, {
      role: 'engineer',
      groupIds: [groups.after_sales_engineering!],
    });
    const response = await apiCreate(aircon);
    expect(response.statusCode).toBe(201);
    const ticket = response.json();
    expect(ticket.number).toMatch(/^202603-\d{3}$/);
    expect(ticket).toMatchObject({
      status: 'assigned',
      priority: 'P3',
      category: { code: 'product_quality.function_failure' },
      group: { key: 'after_sales_engineering' },
      owner: { id: engineer.id },
      assignmentState: 'pending',
      emotion: 'normal',
      isOverdue: false,
      missingEssentials: [],
    });
    // Received Monday 10:00 in Shanghai; 4 business hours skip the 12:00–13:30 lunch break.
    expect(ticket.sla).toEqual({
      state: 'ok',
      next: {
        milestone: 'first_response',
        dueAt: '2026-03-02T07:30:00.000Z',
        remainingMs: 4 * 3_600_000,
        isBusinessTime: true,
      },
    });
    expect(ticket.customer.name).toBe('张伟');
    const ack = await t.db.query<{ template: string; recipient: string; subject: string }>(
      'SELECT template, recipient, subject FROM notifications WHERE ticket_id = $1 AND channel = $2',
      [ticket.id, 'email'],
    );
    expect(ack).toEqual([
      {
        template: 'ticketAcknowledged',
        recipient: 'zhangwei@example.com',
        subject: `【${ticket.number}】已收到您的反馈`,
      },
    ]);
    const jobs = await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'notifications.deliver' AND data->>'notificationId' IS NOT NULL`,
    );
    expect(jobs[0]!.count).toBeGreaterThanOrEqual(1);
    const again = await apiCreate({ ...aircon, title: '空调还是不制冷' });
    expect(again.json().customer.id).toBe(ticket.customer.id);
  });

  it('answers an Idempotency-Key retry with the first ticket and refuses the key for another body', async () => {
    const first = await apiCreate({ ...aircon, title: '重试测试' }, { 'idempotency-key': 'order-778-1' });
    const retry = await apiCreate({ ...aircon, title: '重试测试' }, { 'idempotency-key': 'order-778-1' });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(first.json().id);
    const count = await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM tickets WHERE title = '重试测试'`,
    );
    expect(count[0]!.count).toBe(1);
    const other = await apiCreate({ ...aircon, title: '另一个请求' }, { 'idempotency-key': 'order-778-1' });
    expect(other.statusCode).toBe(409);
    expect(other.json().field).toBe('header.idempotency-key');
  });

  it('gives 200 concurrent creations 200 distinct consecutive numbers', async () => {
    t.clock.set(new Date('2026-07-10T02:00:00Z'));
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        apiCreate({
          title: `并发 ${index}`,
          type: 'consultation',
          customer: { name: '并发客户', phone: '13900000000' },
        }),
      ),
    );
    expect(responses.every((response) => response.statusCode === 201)).toBe(true);
    const serials = responses
      .map((response) => Number(response.json().number.split('-')[1]))
      .sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    expect(responses[0]!.json().number.startsWith('202607-')).toBe(true);
  });

  it('numbers by the month in Asia/Shanghai and restarts the serial each month', async () => {
    t.clock.set(new Date('2026-08-31T15:59:59Z'));
    const august = (
      await apiCreate({ title: '月末', type: 'consultation', customer: { name: 'A', phone: '1' } })
    ).json();
    t.clock.set(new Date('2026-08-31T16:00:00Z'));
    const september = (
      await apiCreate({ title: '月初', type: 'consultation', customer: { name: 'A', phone: '1' } })
    ).json();
    expect(august.number).toMatch(/^202608-\d{3}$/);
    expect(september.number).toBe('202609-001');
  });

  it('grows past 999', async () => {
    await t.db.query(`INSERT INTO ticket_number_counters (month, last_serial) VALUES ('202610', 999)`);
    t.clock.set(new Date('2026-10-15T02:00:00Z'));
    const ticket = (
      await apiCreate({ title: '第一千单', type: 'consultation', customer: { name: 'A', phone: '1' } })
    ).json();
    expect(ticket.number).toBe('202610-1000');
    t.clock.set(new Date('2026-03-02T02:00:00Z'));
  });

  it('flags missing essentials and suggests duplicates', async () => {
    const bare = (await apiCreate({ title: '退货', type: 'return_exchange' })).json();
    expect(bare.missingEssentials).toEqual(['contact', 'order', 'product']);
    const first = (
      await apiCreate({ ...aircon, orderNumber: 'DUP-1', customer: { name: '李娜', phone: '15011223344' } })
    ).json();
    const second = (
      await apiCreate({ ...aircon, orderNumber: 'DUP-1', customer: { name: '李娜', phone: '15011223344' } })
    ).json();
    const detail = (await admin.request('GET', `/api/v1/tickets/${second.number}`)).json();
    expect(detail.possibleDuplicates.map((d: { id: string }) => d.id)).toContain(first.id);
    expect(detail.possibleDuplicates.find((d: { id: string }) => d.id === first.id).reason).toBe('order');
  });

  it('refuses bad input with the field named and creates nothing', async () => {
    const before = await t.db.query<{ count: number }>('SELECT count(*)::int AS count FROM tickets');
    const cases: [object, string][] = [
      [{ ...aircon, category: 'no.such.category' }, 'body.category'],
      [{ ...aircon, priority: 'P7' }, 'body.priority'],
      [{ ...aircon, type: 'praise' }, 'body.type'],
      [{ ...aircon, title: '' }, 'body.title'],
      [{ ...aircon, customer: { name: 'x', email: 'not-an-email' } }, 'body.customer.email'],
      [{ ...aircon, surprise: 1 }, 'body.surprise'],
      [{ ...aircon, attachments: ['00000000-0000-4000-8000-000000000000'] }, 'body.attachments'],
    ];
    for (const [body, field] of cases) {
      const response = await apiCreate(body);
      expect({ status: response.statusCode, field: response.json().field }).toEqual({ status: 400, field });
    }
    const after = await t.db.query<{ count: number }>('SELECT count(*)::int AS count FROM tickets');
    expect(after[0]!.count).toBe(before[0]!.count);
  });
});

describe('the lifecycle', () => {
  it('goes from intake to closing on the customer’s confirmation, with every step on the timeline', async () => {
    const lead = await buildUser(admin, { role: 'supervisor', groupIds: [groups.frontline!] });
    await admin.request('PATCH', `/api/v1/groups/${groups.frontline}`, { leadUserId: lead.id });
    const agentUser = await buildUser(admin, { role: 'agent', groupIds: [groups.frontline!] });
    const agent = await signIn(t.app, agentUser.username, agentUser.password);
    const supervisor = await signIn(t.app, lead.username, lead.password);

    const created = await agent.request('POST', '/api/v1/tickets', {
      title: '来电：洗衣机漏水',
      description: '客户来电反映洗衣机底部漏水',
      type: 'repair',
      channel: 'phone',
      call: { startedAt: '2026-03-02T01:50:00Z', durationSeconds: 240 },
      customer: { name: '王秀英', phone: '13698765432', email: 'wxy@example.com' },
      product: { model: 'XQG100-DD12', serial: 'SN-W-1' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json().status).toBe('new');
    expect(created.json().call).toEqual({ startedAt: '2026-03-02T01:50:00.000Z', durationSeconds: 240 });

    const categories = (await agent.request('GET', '/api/v1/categories')).json().items as {
      id: string;
      code: string;
    }[];
    const leak = categories.find((c) => c.code === 'product_quality.function_failure')!;
    const classified = await agent.request('PATCH', `/api/v1/tickets/${id}`, {
      categoryId: leak.id,
      priority: 'P2',
      reason: '影响使用',
    });
    expect(classified.json(), classified.body).toMatchObject({ status: 'classified', priority: 'P2' });

    const assigned = await supervisor.request('POST', `/api/v1/tickets/${id}/assign`, {
      groupId: groups.frontline,
      ownerId: agentUser.id,
    });
    expect(assigned.json()).toMatchObject({
      status: 'assigned',
      assignmentState: 'pending',
      owner: { id: agentUser.id },
    });
    expect((await agent.request('POST', `/api/v1/tickets/${id}/accept`)).json()).toMatchObject({
      status: 'in_progress',
      assignmentState: 'accepted',
    });

    const replied = await agent.request('POST', `/api/v1/tickets/${id}/replies`, {
      body: '您好，已安排工程师明天上门检查。',
    });
    expect(replied.json().firstResponseAt).not.toBeNull();
    await agent.request('POST', `/api/v1/tickets/${id}/sub-status`, { subStatus: '已安排上门' });
    expect(
      (await agent.request('POST', `/api/v1/tickets/${id}/status`, { status: 'waiting_customer' })).json()
        .status,
    ).toBe('waiting_customer');
    const back = await agent.request('POST', `/api/v1/tickets/${id}/customer-replies`, {
      body: '明天下午在家',
      via: 'phone',
    });
    expect(back.json().status).toBe('in_progress');

    const planned = await agent.request('POST', `/api/v1/tickets/${id}/plans`, {
      body: '免费更换进水管',
      compensationType: 'free_repair',
      compensationAmount: 0,
    });
    expect(planned.statusCode).toBe(200);
    const detail = (await agent.request('GET', `/api/v1/tickets/${id}`)).json();
    const planId = detail.plans[0].id;
    const approved = await supervisor.request('POST', `/api/v1/tickets/${id}/plans/${planId}/decision`, {
      approve: true,
    });
    expect(approved.json().status).toBe('solution_proposed');
    const accepted = await agent.request('POST', `/api/v1/tickets/${id}/plans/${planId}/customer-decision`, {
      accepted: true,
    });
    expect(accepted.json().status).toBe('in_progress');

    const early = await agent.request('POST', `/api/v1/tickets/${id}/close`, { confirmationMethod: 'phone' });
    expect(early.statusCode).toBe(409);
    expect(
      (
        await agent.request('POST', `/api/v1/tickets/${id}/resolve`, { summary: '已更换进水管，测试无漏水' })
      ).json().status,
    ).toBe('resolved');
    const closed = await agent.request('POST', `/api/v1/tickets/${id}/close`, {
      confirmationMethod: 'phone',
      note: '客户电话确认',
    });
    expect(closed.json()).toMatchObject({
      status: 'closed',
      closeReason: 'confirmed',
      confirmationMethod: 'phone',
    });

    const timeline = (await agent.request('GET', `/api/v1/tickets/${id}`)).json().timeline as {
      kind: string;
      data: Record<string, unknown>;
    }[];
    const kinds = timeline.map((entry) => entry.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'created',
        'classification',
        'assignment',
        'public_reply',
        'sub_status',
        'customer_reply',
        'plan',
        'status_change',
      ]),
    );
    const override = timeline.find(
      (entry) => entry.kind === 'classification' && entry.data.automatic === false,
    )!;
    expect(override.data.changes).toMatchObject({ priority: { from: 'P3', to: 'P2' } });
    const emails = await t.db.query<{ template: string }>(
      'SELECT template FROM notifications WHERE ticket_id = $1 AND channel = $2 ORDER BY created_at',
      [id, 'email'],
    );
    expect(emails.map((row) => row.template)).toEqual([
      'ticketAcknowledged',
      'ticketReplied',
      'ticketResolved',
      'ticketClosed',
    ]);
  });

  it('reopens on a customer reply within the window, not after it', async () => {
    const ticket = (
      await admin.request('POST', '/api/v1/tickets', {
        title: '重开测试',
        type: 'consultation',
        customer: { name: 'C', phone: '2' },
        ownerId: admin.userId,
      })
    ).json();
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/accept`);
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/resolve`, { summary: '已解答' });
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/close`, { confirmationMethod: 'email' });
    t.clock.advance(3 * 86_400_000);
    admin = await signInAdmin(t.app);
    const reopened = await admin.request('POST', `/api/v1/tickets/${ticket.id}/customer-replies`, {
      body: '问题又出现了',
      via: 'email',
    });
    expect(reopened.json()).toMatchObject({ status: 'reopened', reopenedCount: 1, closedAt: null });
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/status`, { status: 'in_progress' });
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/resolve`, { summary: '再次处理' });
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/close`, { confirmationMethod: 'email' });
    t.clock.advance(30 * 86_400_000);
    admin = await signInAdmin(t.app);
    const late = await admin.request('POST', `/api/v1/tickets/${ticket.id}/customer-replies`, {
      body: '谢谢',
      via: 'email',
    });
    expect(late.json().status).toBe('closed');
    t.clock.set(new Date('2026-03-02T02:00:00Z'));
  });

  it('auto-closes a resolved ticket after the configured silence, marked as auto-closed', async () => {
    const ticket = (
      await admin.request('POST', '/api/v1/tickets', {
        title: '静默关闭',
        type: 'consultation',
        customer: { name: 'D', phone: '3' },
        ownerId: admin.userId,
      })
    ).json();
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/accept`);
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/resolve`, { summary: '已解答' });
    t.clock.advance(6 * 86_400_000);
    await autoCloseSilentTickets({ db: t.db, clock: t.clock, log: t.app.log as never });
    admin = await signInAdmin(t.app);
    expect((await admin.request('GET', `/api/v1/tickets/${ticket.id}`)).json().ticket.status).toBe(
      'resolved',
    );
    t.clock.advance(1 * 86_400_000 + 1000);
    const closedCount = await autoCloseSilentTickets({ db: t.db, clock: t.clock, log: t.app.log as never });
    expect(closedCount).toBeGreaterThanOrEqual(1);
    admin = await signInAdmin(t.app);
    expect((await admin.request('GET', `/api/v1/tickets/${ticket.id}`)).json().ticket).toMatchObject({
      status: 'closed',
      closeReason: 'auto_closed',
    });
    t.clock.set(new Date('2026-03-02T02:00:00Z'));
  });

  it('returns a declined ticket to the group lead', async () => {
    const lead = await buildUser(admin, { role: 'supervisor', groupIds: [groups.warehouse_logistics!] });
    await admin.request('PATCH', `/api/v1/groups/${groups.warehouse_logistics}`, { leadUserId: lead.id });
    const worker = await buildUser(admin, { role: 'logistics', groupIds: [groups.warehouse_logistics!] });
    const ticket = (
      await admin.request('POST', '/api/v1/tickets', {
        title: '错发商品',
        type: 'order_question',
        orderNumber: 'X1',
        customer: { name: 'E', phone: '4' },
        groupId: groups.warehouse_logistics,
        ownerId: worker.id,
      })
    ).json();
    const session = await signIn(t.app, worker.username, worker.password);
    const declined = await session.request('POST', `/api/v1/tickets/${ticket.id}/decline`, {
      reason: '不是仓储问题',
    });
    expect(declined.statusCode).toBe(200);
    const detail = (await admin.request('GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(detail.ticket.owner.id).toBe(lead.id);
    expect(detail.ticket.assignmentState).toBe('pending');
    expect(
      detail.timeline.some(
        (entry: { kind: string; body: string }) =>
          entry.kind === 'assignment' && entry.body === '不是仓储问题',
      ),
    ).toBe(true);
  });

  it('requires management approval for a major plan', async () => {
    const ticket = (
      await admin.request('POST', '/api/v1/tickets', {
        title: '批量退货',
        type: 'return_exchange',
        customer: { name: 'F', phone: '5' },
        ownerId: admin.userId,
      })
    ).json();
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/accept`);
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/plans`, {
      body: '整批退货并补偿',
      compensationType: 'cash',
      compensationAmount: 5000,
    });
    const planId = (await admin.request('GET', `/api/v1/tickets/${ticket.id}`)).json().plans[0].id;
    const afterLead = await admin.request('POST', `/api/v1/tickets/${ticket.id}/plans/${planId}/decision`, {
      approve: true,
    });
    expect(afterLead.json().status).toBe('in_progress');
    const plan = (await admin.request('GET', `/api/v1/tickets/${ticket.id}`)).json().plans[0];
    expect(plan).toMatchObject({ status: 'pending_management', needsManagement: true });
    const final = await admin.request('POST', `/api/v1/tickets/${ticket.id}/plans/${planId}/decision`, {
      approve: true,
    });
    expect(final.json().status).toBe('solution_proposed');
  });

  it('merges a duplicate into another ticket and links them', async () => {
    const a = (
      await admin.request('POST', '/api/v1/tickets', {
        title: '主工单',
        type: 'consultation',
        customer: { name: 'G', phone: '6' },
      })
    ).json();
    const b = (
      await admin.request('POST', '/api/v1/tickets', {
        title: '重复工单',
        type: 'consultation',
        customer: { name: 'G', phone: '6' },
      })
    ).json();
    const merged = await admin.request('POST', `/api/v1/tickets/${b.id}/merge`, { into: a.number });
    expect(merged.json()).toMatchObject({
      status: 'closed',
      closeReason: 'merged',
      mergedIntoTicketId: a.id,
    });
    const links = (await admin.request('GET', `/api/v1/tickets/${a.id}`)).json().links;
    expect(links).toEqual([
      expect.objectContaining({ ticketId: b.id, kind: 'merged', direction: 'incoming' }),
    ]);
    expect((await admin.request('POST', `/api/v1/tickets/${b.id}/reopen`, { reason: 'x' })).statusCode).toBe(
      409,
    );
  });
});

describe('who sees what', () => {
  it('lets an agent take an unowned ticket but not hand tickets to others', async () => {
    const agentUser = await buildUser(admin, { role: 'agent', groupIds: [groups.frontline!] });
    const other = await buildUser(admin, { role: 'agent', groupIds: [groups.frontline!] });
    const agent = await signIn(t.app, agentUser.username, agentUser.password);
    const logged = (
      await agent.request('POST', '/api/v1/tickets', {
        title: '来电咨询',
        type: 'consultation',
        channel: 'phone',
        customer: { name: 'K', phone: '8' },
      })
    ).json();
    const taken = await agent.request('POST', `/api/v1/tickets/${logged.id}/assign`, {
      ownerId: agentUser.id,
    });
    expect(taken.json()).toMatchObject({
      status: 'in_progress',
      assignmentState: 'accepted',
      owner: { id: agentUser.id },
    });
    const handOver = await agent.request('POST', `/api/v1/tickets/${logged.id}/assign`, {
      ownerId: other.id,
    });
    expect(handOver.statusCode).toBe(200);
    const again = await agent.request('POST', `/api/v1/tickets/${logged.id}/assign`, {
      ownerId: agentUser.id,
    });
    expect(again.statusCode).toBe(403);
    const forced = await agent.request('POST', '/api/v1/tickets', {
      title: 'x',
      type: 'consultation',
      ownerId: other.id,
    });
    expect(forced.json()).toMatchObject({ code: 'forbidden', field: 'body.ownerId' });
  });

  it('hides tickets outside an agent’s groups and lets a viewer read but not write', async () => {
    const inGroup = (
      await admin.request('POST', '/api/v1/tickets', {
        title: '一线工单',
        type: 'consultation',
        customer: { name: 'H', phone: '7' },
        groupId: groups.frontline,
      })
    ).json();
    const elsewhere = (
      await admin.request('POST', '/api/v1/tickets', {
        title: '物流工单',
        type: 'consultation',
        customer: { name: 'H', phone: '7' },
        groupId: groups.warehouse_logistics,
      })
    ).json();
    const agentUser = await buildUser(admin, { role: 'agent', groupIds: [groups.frontline!] });
    const agent = await signIn(t.app, agentUser.username, agentUser.password);
    expect((await agent.request('GET', `/api/v1/tickets/${inGroup.id}`)).statusCode).toBe(200);
    expect((await agent.request('GET', `/api/v1/tickets/${elsewhere.id}`)).statusCode).toBe(404);
    expect((await agent.request('GET', `/api/v1/tickets/${elsewhere.number}`)).statusCode).toBe(404);
    expect(
      (await agent.request('POST', `/api/v1/tickets/${elsewhere.id}/notes`, { body: 'x' })).statusCode,
    ).toBe(404);
    const listed = (await agent.request('GET', '/api/v1/tickets?limit=200'))
      .json()
      .items.map((item: { id: string }) => item.id);
    expect(listed).toContain(inGroup.id);
    expect(listed).not.toContain(elsewhere.id);

    const viewerUser = await buildUser(admin, { role: 'viewer' });
    const viewer = await signIn(t.app, viewerUser.username, viewerUser.password);
    expect((await viewer.request('GET', `/api/v1/tickets/${elsewhere.id}`)).statusCode).toBe(200);
    const write = await viewer.request('POST', `/api/v1/tickets/${elsewhere.id}/notes`, { body: 'x' });
    expect(write.statusCode).toBe(403);
    expect(
      (await viewer.request('POST', '/api/v1/tickets', { title: 'x', type: 'consultation' })).statusCode,
    ).toBe(403);
  });

  it('masks personal data for roles without customers.pii in every ticket endpoint', async () => {
    const ticket = (
      await admin.request('POST', '/api/v1/tickets', {
        ...aircon,
        groupId: groups.after_sales_engineering,
        customer: { name: '欧阳娜娜', phone: '13912345678', email: 'nana@example.com' },
      })
    ).json();
    const engineerUser = await buildUser(admin, {
      role: 'engineer',
      groupIds: [groups.after_sales_engineering!],
    });
    const engineer = await signIn(t.app, engineerUser.username, engineerUser.password);
    const detail = (await engineer.request('GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(detail.ticket.contact).toMatchObject({ name: '欧***', phone: '139****5678' });
    expect(detail.ticket.contact.email).not.toBe('nana@example.com');
    expect(detail.ticket.customer.name).toBe('欧***');
    const listed = (await engineer.request('GET', `/api/v1/tickets?customerId=${ticket.customer.id}`)).json()
      .items;
    expect(listed.every((item: { customer: { name: string } }) => item.customer.name === '欧***')).toBe(true);
    const edited = (
      await engineer.request('POST', `/api/v1/tickets/${ticket.id}/notes`, { body: '检查中' })
    ).json();
    expect(edited.contact.phone).toBe('139****5678');
    expect(JSON.stringify(detail)).not.toContain('13912345678');
  });
});

describe('search and filters', () => {
  it('finds 空调制冷效果异常 by 制冷, by phone digits and by number; filters combine', async () => {
    const ticket = (await apiCreate({ ...aircon, customer: { name: '赵丽', phone: '15900001234' } })).json();
    const search = async (q: string) =>
      (await admin.request('GET', `/api/v1/tickets?q=${encodeURIComponent(q)}&limit=200`))
        .json()
        .items.map((item: { id: string }) => item.id);
    expect(await search('制冷')).toContain(ticket.id);
    expect(await search('1590000')).toContain(ticket.id);
    expect(await search(ticket.number)).toContain(ticket.id);
    expect(await search('冰箱结霜')).not.toContain(ticket.id);
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/notes`, { body: '怀疑压缩机故障' });
    expect(await search('压缩机')).toContain(ticket.id);

    const filtered = (
      await admin.request(
        'GET',
        `/api/v1/tickets?q=${encodeURIComponent('制冷')}&priority=P3&type=repair&open=true&limit=200`,
      )
    ).json();
    expect(filtered.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
    const none = (
      await admin.request('GET', `/api/v1/tickets?q=${encodeURIComponent('制冷')}&priority=P1`)
    ).json();
    expect(none.items.map((item: { id: string }) => item.id)).not.toContain(ticket.id);
  });

  it('pages with a cursor without repeating or skipping tickets', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await admin.request(
          'GET',
          `/api/v1/tickets?limit=7&sort=priority${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    const total = await t.db.query<{ count: number }>('SELECT count(*)::int AS count FROM tickets');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total[0]!.count);
    const bad = await admin.request('GET', '/api/v1/tickets?cursor=garbage');
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'querystring.cursor' });
  });

  it('saves a personal inbox view', async () => {
    const saved = await admin.request('POST', '/api/v1/ticket-views', {
      name: '我的P1',
      filters: { priority: 'P1', view: 'mine' },
    });
    expect(saved.statusCode).toBe(201);
    const views = (await admin.request('GET', '/api/v1/ticket-views')).json().items;
    expect(views.map((view: { name: string }) => view.name)).toContain('我的P1');
  });
});
