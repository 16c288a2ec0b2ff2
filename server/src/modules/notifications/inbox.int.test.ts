import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../platform/db/database.js';
import {
  buildGroup,
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { outboxRows, waitFor } from '../../test/outbox.js';
import { STAFF_TEMPLATES, TEMPLATES } from './events.js';

let t: TestApp;
let admin: Session;
let agent: Session;
let agentId: string;

beforeAll(async () => {
  t = await startTestApp({ AFTERCARE_NOTIFY_STREAM_POLL_MS: '100' });
  admin = await signInAdmin(t.app);
  const user = await buildUser(admin);
  agentId = user.id;
  agent = await signIn(t.app, user.username, user.password);
});
let openStreamEnded: Promise<void> | undefined;
afterAll(async () => {
  await t.close();
  // A stream still open when the server closes is ended by the server (the close did not hang on it).
  if (openStreamEnded) await openStreamEnded;
});

async function assignTicket(title: string, ownerId = agentId) {
  const response = await admin.request('POST', '/api/v1/tickets', {
    title,
    type: 'consultation',
    customer: { name: '客户', phone: '13800000000' },
    ownerId,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string };
}

describe('the in-app inbox', () => {
  it('lists my notifications newest first, a page at a time, with unread counts, and marks them read', async () => {
    const tickets = [];
    for (const title of ['一号工单', '二号工单', '三号工单']) tickets.push(await assignTicket(title));

    const page = await agent.request('GET', '/api/v1/notifications/mine?limit=2');
    expect(page.statusCode, page.body).toBe(200);
    const first = page.json();
    expect(first.unread).toBe(3);
    expect(first.items.map((item: { ticket: { number: string } }) => item.ticket.number)).toEqual([
      tickets[2]!.number,
      tickets[1]!.number,
    ]);
    expect(first.items[0]).toMatchObject({
      template: 'ticketAssigned',
      subject: expect.stringContaining(tickets[2]!.number),
      readAt: null,
    });
    const rest = (
      await agent.request('GET', `/api/v1/notifications/mine?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(rest.items.map((item: { ticket: { id: string } }) => item.ticket.id)).toEqual([tickets[0]!.id]);
    expect(rest.nextCursor).toBeNull();

    // Another user's notifications are not theirs to read.
    const adminMarks = await admin.request('POST', '/api/v1/notifications/mine/read', {
      ids: [first.items[0].id],
    });
    expect(adminMarks.statusCode).toBe(200);
    expect((await agent.request('GET', '/api/v1/notifications/mine/unread-count')).json()).toEqual({
      unread: 3,
    });

    const marked = await agent.request('POST', '/api/v1/notifications/mine/read', {
      ids: [first.items[0].id],
    });
    expect(marked.json()).toEqual({ unread: 2 });
    const unread = (await agent.request('GET', '/api/v1/notifications/mine?unread=true')).json();
    expect(unread.items).toHaveLength(2);
    expect(unread.items.some((item: { id: string }) => item.id === first.items[0].id)).toBe(false);

    expect((await agent.request('POST', '/api/v1/notifications/mine/read', { all: true })).json()).toEqual({
      unread: 0,
    });
    const all = (await agent.request('GET', '/api/v1/notifications/mine')).json();
    expect(all.items.every((item: { readAt: string | null }) => item.readAt !== null)).toBe(true);
    expect((await agent.request('POST', '/api/v1/notifications/mine/read', {})).statusCode).toBe(400);
  });

  it('writes alerts in the recipient’s own language', async () => {
    const english = await buildUser(admin);
    await admin.request('PATCH', `/api/v1/users/${english.id}`, { locale: 'en' });
    const ticket = await assignTicket('英文用户的工单', english.id);
    const [row] = await outboxRows(t.db, ticket.id, 'in_app');
    expect(row!.subject).toBe(`New ticket ${ticket.number} (P3) assigned to you`);
  });
});

describe('live updates over Server-Sent Events', () => {
  it('streams the unread count and each new notification to the signed-in user', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const events: { event: string; data: unknown }[] = [];
    let response: IncomingMessage | undefined;
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/api/v1/notifications/stream',
      headers: { cookie: agent.cookie, accept: 'text/event-stream' },
    });
    request.on('response', (incoming) => {
      response = incoming;
      let buffer = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => {
        buffer += chunk;
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          boundary = buffer.indexOf('\n\n');
        }
      });
    });
    request.end();
    try {
      await waitFor(async () => events.length > 0, { what: 'the first event' });
      expect(response!.statusCode).toBe(200);
      expect(response!.headers['content-type']).toContain('text/event-stream');
      const start = (await agent.request('GET', '/api/v1/notifications/mine/unread-count')).json().unread;
      expect(events[0]).toEqual({ event: 'unread', data: { unread: start } });

      const ticket = await assignTicket('实时推送测试');
      const pushed = await waitFor(async () => events.find((event) => event.event === 'notification'), {
        what: 'the pushed notification',
      });
      expect(pushed.data).toMatchObject({
        template: 'ticketAssigned',
        ticket: { id: ticket.id, number: ticket.number },
        readAt: null,
      });
      await waitFor(
        async () =>
          events.some(
            (event) => event.event === 'unread' && (event.data as { unread: number }).unread === start + 1,
          ),
        { what: 'the new unread count' },
      );

      // Reading elsewhere (another tab, another server) updates the count too.
      await agent.request('POST', '/api/v1/notifications/mine/read', { all: true });
      await waitFor(
        async () => {
          const last = events.filter((event) => event.event === 'unread').at(-1);
          return (last?.data as { unread: number } | undefined)?.unread === 0;
        },
        { what: 'the count back to zero' },
      );
      expect(events.filter((event) => event.event === 'notification')).toHaveLength(1);
    } finally {
      request.destroy();
    }
  });

  it('streams what another server wrote to the same database', async () => {
    // On PostgreSQL the other server has its own connections; embedded, it shares the one database
    // (whose closing stays with this test's app).
    const db = t.databaseUrl
      ? await openDatabase({ kind: 'postgres', url: t.databaseUrl, poolMax: 2 })
      : (Object.create(t.db, { close: { value: async () => undefined } }) as typeof t.db);
    const other = await startTestApp({}, { db, url: t.databaseUrl, drop: async () => undefined });
    try {
      const { port } = t.app.server.address() as AddressInfo;
      const received: string[] = [];
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/v1/notifications/stream',
        headers: { cookie: agent.cookie },
      });
      request.on('response', (incoming) => {
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => received.push(chunk));
      });
      request.end();
      try {
        await waitFor(async () => received.length > 0, { what: 'the stream open' });
        const otherAdmin = await signInAdmin(other.app);
        const created = await otherAdmin.request('POST', '/api/v1/tickets', {
          title: '另一台服务器创建',
          type: 'consultation',
          customer: { name: '客户', phone: '13800000000' },
          ownerId: agentId,
        });
        expect(created.statusCode, created.body).toBe(201);
        const { number } = created.json();
        await waitFor(async () => received.join('').includes(number), {
          what: 'the notification from the other server',
        });
      } finally {
        request.destroy();
      }
    } finally {
      await other.close();
    }
  });

  it('refuses a stream without a session', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/notifications/stream' });
    expect(response.statusCode).toBe(401);
  });
});

describe('subscriptions', () => {
  it('lets each user choose the channels of their alerts; in-app only by default', async () => {
    const mine = (await agent.request('GET', '/api/v1/notifications/subscriptions/mine')).json();
    expect(mine.items).toContainEqual({ template: 'ticketAssigned', inApp: true, email: false, sms: false });
    expect(mine.items).toHaveLength(STAFF_TEMPLATES.length);
    expect(mine.channels).toEqual({ email: false, sms: false });

    await admin.request('PATCH', `/api/v1/users/${agentId}`, { email: 'agent@example.com' });
    const saved = await agent.request('PUT', '/api/v1/notifications/subscriptions/mine', {
      items: [{ template: 'ticketAssigned', inApp: false, email: true, sms: false }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().items).toContainEqual({
      template: 'ticketAssigned',
      inApp: false,
      email: true,
      sms: false,
    });
    expect(saved.json().items).toContainEqual({
      template: 'slaWarning',
      inApp: true,
      email: false,
      sms: false,
    });

    const ticket = await assignTicket('只要邮件');
    expect(await outboxRows(t.db, ticket.id, 'in_app')).toHaveLength(0);
    const [email] = await outboxRows(t.db, ticket.id, 'email');
    expect(email).toMatchObject({
      recipient: 'agent@example.com',
      template: 'ticketAssigned',
      status: 'pending',
    });

    const unknown = await agent.request('PUT', '/api/v1/notifications/subscriptions/mine', {
      items: [{ template: 'ticketAcknowledged', inApp: true, email: false, sms: false }],
    });
    expect(unknown.statusCode).toBe(400);
    await agent.request('PUT', '/api/v1/notifications/subscriptions/mine', {
      items: [{ template: 'ticketAssigned', inApp: true, email: false, sms: false }],
    });
  });

  it('keeps group robot subscriptions per group, for administrators', async () => {
    const group = await buildGroup(admin);
    const url = `/api/v1/notifications/subscriptions/groups/${group.id}`;
    expect((await admin.request('GET', url)).json()).toEqual({ groupId: group.id, templates: [] });
    const saved = await admin.request('PUT', url, { templates: ['slaWarning', 'slaBreached', 'slaWarning'] });
    expect(saved.json()).toEqual({ groupId: group.id, templates: ['slaBreached', 'slaWarning'] });
    expect((await admin.request('GET', url)).json().templates).toEqual(['slaBreached', 'slaWarning']);
    expect((await agent.request('PUT', url, { templates: [] })).statusCode).toBe(403);
    const missing = await admin.request(
      'GET',
      '/api/v1/notifications/subscriptions/groups/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.statusCode).toBe(404);
  });
});

describe('templates', () => {
  it('are edited per template and language, previewed, used for new messages, and reset', async () => {
    const list = (await admin.request('GET', '/api/v1/notification-templates')).json().items;
    const assigned = list.find(
      (item: { template: string; locale: string }) =>
        item.template === 'ticketAssigned' && item.locale === 'zh-CN',
    );
    expect(assigned).toMatchObject({
      audience: 'staff',
      isCustomized: false,
      subject: '新工单 {number}（{priority}）分派给您',
      placeholders: ['number', 'priority', 'title'],
    });
    expect(list).toHaveLength(TEMPLATES.length * 2);

    const preview = await admin.request('POST', '/api/v1/notification-templates/preview', {
      template: 'ticketAssigned',
      locale: 'zh-CN',
      subject: '【{priority}】{number} 待接单',
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      subject: '【P1】202405-001 待接单',
      body: expect.stringContaining('202405-001'),
    });

    const bad = await admin.request('PUT', '/api/v1/notification-templates/ticketAssigned/zh-CN', {
      subject: '{number} {customerPhone}',
      body: '正文',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'body.subject' });
    expect(bad.json().detail).toContain('{customerPhone}');

    const saved = await admin.request('PUT', '/api/v1/notification-templates/ticketAssigned/zh-CN', {
      subject: '【{priority}】{number} 待接单',
      body: '请接单：{title}',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      isCustomized: true,
      defaultSubject: '新工单 {number}（{priority}）分派给您',
    });

    const ticket = await assignTicket('模板测试');
    const [row] = await outboxRows(t.db, ticket.id, 'in_app');
    expect(row).toMatchObject({ subject: `【P3】${ticket.number} 待接单`, body: '请接单：模板测试' });

    const reset = await admin.request('DELETE', '/api/v1/notification-templates/ticketAssigned/zh-CN');
    expect(reset.json()).toMatchObject({
      isCustomized: false,
      subject: '新工单 {number}（{priority}）分派给您',
    });
    const audit = (await admin.request('GET', '/api/v1/audit?entityType=notification_template')).json();
    expect(audit.items.map((entry: { action: string }) => entry.action)).toEqual([
      'notification_template.reset',
      'notification_template.saved',
    ]);
    expect(
      (await admin.request('PUT', '/api/v1/notification-templates/nope/zh-CN', { subject: 'a', body: 'b' }))
        .statusCode,
    ).toBe(400);
  });
});

describe('server shutdown', () => {
  it('leaves a stream open for the closing server to end', async () => {
    const { port } = t.app.server.address() as AddressInfo;
    const opened = new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/v1/notifications/stream',
        headers: { cookie: agent.cookie },
      });
      request.on('response', resolve);
      request.on('error', reject);
      request.end();
    });
    const response = await opened;
    expect(response.statusCode).toBe(200);
    openStreamEnded = new Promise((resolve) => {
      response.on('close', () => resolve());
      response.resume();
    });
  });
});
