import { createHmac } from 'node:crypto';
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
import { startTestHttpReceiver, type TestHttpReceiver } from '../../test/http-receiver.js';
import { outboxRows, waitFor } from '../../test/outbox.js';
import { verifyWebhookSignature } from '../intake/signature.js';
import { queueStaffAlert } from './notifications.service.js';

const SMS_SECRET = 'sms-gateway-secret-0123456789';
const DINGTALK_SECRET = 'SEC0123456789abcdef';

let t: TestApp;
let admin: Session;
let sms: TestHttpReceiver;
let wecom: TestHttpReceiver;
let dingtalk: TestHttpReceiver;
let hooks: TestHttpReceiver;

beforeAll(async () => {
  [sms, wecom, dingtalk, hooks] = await Promise.all([
    startTestHttpReceiver(),
    startTestHttpReceiver(),
    startTestHttpReceiver(),
    startTestHttpReceiver(),
  ]);
  t = await startTestApp({
    AFTERCARE_ROLE: 'all',
    AFTERCARE_PUBLIC_URL: 'https://service.aftercare.test',
    SMS_PROVIDER: 'http',
    SMS_HTTP_URL: `${sms.url}/sms/send`,
    SMS_HTTP_SECRET: SMS_SECRET,
    AFTERCARE_NOTIFY_RETRY_LIMIT: '2',
    AFTERCARE_NOTIFY_RETRY_DELAY_SECONDS: '1',
  });
  admin = await signInAdmin(t.app);
});
afterAll(async () => {
  await t.close();
  await Promise.all([sms.close(), wecom.close(), dingtalk.close(), hooks.close()]);
});

async function createTicket(body: Record<string, unknown>) {
  const response = await admin.request('POST', '/api/v1/tickets', {
    type: 'repair',
    description: '',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string };
}

const sent = (ticketId: string, channel: string, count = 1) =>
  waitFor(
    async () => {
      const rows = (await outboxRows(t.db, ticketId, channel)).filter((row) => row.status === 'sent');
      return rows.length >= count && rows;
    },
    { what: `${count} sent ${channel} message(s)` },
  );

describe('SMS through the HTTP provider', () => {
  it('acknowledges a customer without e-mail by SMS, signed over the body with the configured secret', async () => {
    const ticket = await createTicket({
      title: '电视无法开机',
      customer: { name: '周洁', phone: '13912345678' },
    });
    await sent(ticket.id, 'sms');
    const [request] = await sms.waitForRequests(1);
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/sms/send');
    expect(request!.headers['content-type']).toContain('application/json');
    const expected = `sha256=${createHmac('sha256', SMS_SECRET).update(request!.body).digest('hex')}`;
    expect(request!.headers['x-aftercare-signature']).toBe(expected);
    const body = JSON.parse(request!.body);
    expect(body).toEqual({ to: '13912345678', text: expect.any(String), template: 'ticketAcknowledged' });
    expect(body.text).toContain(ticket.number);
    expect(body.text).toContain('周洁');
  });

  it('sends staff alerts by SMS to those who chose it', async () => {
    const agentUser = await buildUser(admin);
    await admin.request('PATCH', `/api/v1/users/${agentUser.id}`, { phone: '13700001111' });
    const agent = await signIn(t.app, agentUser.username, agentUser.password);
    const choice = await agent.request('PUT', '/api/v1/notifications/subscriptions/mine', {
      items: [{ template: 'ticketAssigned', inApp: true, email: false, sms: true }],
    });
    expect(choice.statusCode, choice.body).toBe(200);
    expect(choice.json().channels.sms).toBe(true);
    const before = sms.requests.length;
    const ticket = await createTicket({
      title: '冰箱不制冷',
      customer: { name: '吴磊', email: 'wulei@example.com' },
      ownerId: agentUser.id,
    });
    const rows = await sent(ticket.id, 'sms');
    expect(rows[0]).toMatchObject({ recipient: '13700001111', template: 'ticketAssigned' });
    await sms.waitForRequests(before + 1);
    expect(JSON.parse(sms.requests.at(-1)!.body)).toMatchObject({
      to: '13700001111',
      template: 'ticketAssigned',
    });
    expect(await outboxRows(t.db, ticket.id, 'in_app')).toHaveLength(1);
  });
});

describe('WeCom and DingTalk group robots', () => {
  let group: { id: string };
  let agentId: string;

  beforeAll(async () => {
    group = await buildGroup(admin);
    agentId = (await buildUser(admin, { groupIds: [group.id] })).id;
  });

  it('posts the alerts a group subscribes to into its WeCom and DingTalk chats, DingTalk signed', async () => {
    const weRobot = await admin.request('POST', '/api/v1/notification-robots', {
      name: '售后群（企业微信）',
      kind: 'wecom',
      groupId: group.id,
      webhookUrl: `${wecom.url}/cgi-bin/webhook/send?key=wecom-key-123`,
    });
    expect(weRobot.statusCode, weRobot.body).toBe(201);
    expect(weRobot.json()).toMatchObject({
      kind: 'wecom',
      hasSecret: false,
      webhookUrl: `${wecom.url}/cgi-bin/webhook/send?key=***`,
    });
    const dingRobot = await admin.request('POST', '/api/v1/notification-robots', {
      name: '售后群（钉钉）',
      kind: 'dingtalk',
      groupId: group.id,
      webhookUrl: `${dingtalk.url}/robot/send?access_token=ding-token-456`,
      secret: DINGTALK_SECRET,
    });
    expect(dingRobot.statusCode, dingRobot.body).toBe(201);
    expect(dingRobot.json()).toMatchObject({ hasSecret: true });
    expect(JSON.stringify((await admin.request('GET', '/api/v1/notification-robots')).json())).not.toContain(
      'ding-token-456',
    );
    const subscribed = await admin.request('PUT', `/api/v1/notifications/subscriptions/groups/${group.id}`, {
      templates: ['ticketAssigned', 'slaBreached'],
    });
    expect(subscribed.json()).toEqual({ groupId: group.id, templates: ['slaBreached', 'ticketAssigned'] });

    const ticket = await createTicket({
      title: '洗衣机漏水',
      customer: { name: '钱进', email: 'qianjin@example.com' },
      groupId: group.id,
      ownerId: agentId,
    });
    await sent(ticket.id, 'wecom');
    await sent(ticket.id, 'dingtalk');

    const [weRequest] = await wecom.waitForRequests(1);
    expect(weRequest!.url).toBe('/cgi-bin/webhook/send?key=wecom-key-123');
    const weBody = JSON.parse(weRequest!.body);
    expect(Object.keys(weBody).sort()).toEqual(['msgtype', 'text']);
    expect(weBody.msgtype).toBe('text');
    expect(weBody.text.content).toContain(ticket.number);
    expect(weBody.text.content).toContain('洗衣机漏水');
    expect(weBody.text.content).toContain(`https://service.aftercare.test/tickets/${ticket.number}`);

    const [dingRequest] = await dingtalk.waitForRequests(1);
    const url = new URL(dingRequest!.url, dingtalk.url);
    expect(url.pathname).toBe('/robot/send');
    expect(url.searchParams.get('access_token')).toBe('ding-token-456');
    const timestamp = url.searchParams.get('timestamp')!;
    expect(timestamp).toBe(String(t.clock.now().getTime()));
    const sign = createHmac('sha256', DINGTALK_SECRET)
      .update(`${timestamp}\n${DINGTALK_SECRET}`)
      .digest('base64');
    expect(url.searchParams.get('sign')).toBe(sign);
    expect(JSON.parse(dingRequest!.body)).toEqual({
      msgtype: 'text',
      text: { content: weBody.text.content },
    });
  });

  it('posts one robot message per event, however many staff the event alerts', async () => {
    const ticket = await createTicket({
      title: '热水器报警',
      customer: { name: '孙丽', email: 'sunli@example.com' },
      groupId: group.id,
    });
    const lead = await buildUser(admin, { role: 'supervisor' });
    await t.db.transaction(async (tx) => {
      for (const userId of [agentId, lead.id, admin.userId]) {
        await queueStaffAlert(t.context, tx, {
          ticketId: ticket.id,
          userId,
          template: 'slaBreached',
          params: { number: ticket.number, title: '热水器报警', milestone: 'first_response', due: '10:00' },
          locale: 'zh-CN',
        });
      }
    });
    expect(
      (await outboxRows(t.db, ticket.id, 'in_app')).filter((r) => r.template === 'slaBreached'),
    ).toHaveLength(3);
    const breached = async (channel: string) =>
      (await outboxRows(t.db, ticket.id, channel)).filter((row) => row.template === 'slaBreached');
    expect(await breached('wecom')).toHaveLength(1);
    expect(await breached('dingtalk')).toHaveLength(1);
    // Let the robot queue drain before the next test watches it.
    await waitFor(
      async () =>
        (
          await t.db.query(
            `SELECT 1 FROM notifications WHERE channel IN ('wecom', 'dingtalk') AND status = 'pending'`,
          )
        ).length === 0,
      { what: 'robot deliveries done' },
    );
  });

  it('sends a test message on request, and treats a robot error code as a failure', async () => {
    const robots = (await admin.request('GET', '/api/v1/notification-robots')).json().items as {
      id: string;
      kind: string;
    }[];
    const robot = robots.find((candidate) => candidate.kind === 'wecom')!;
    wecom.respond(() => ({
      status: 200,
      body: JSON.stringify({ errcode: 93000, errmsg: 'invalid webhook url' }),
    }));
    const test = await admin.request('POST', `/api/v1/notification-robots/${robot.id}/test`);
    expect(test.statusCode, test.body).toBe(202);
    const { deliveryId } = test.json();
    const failed = await waitFor(
      async () => {
        const [row] = await t.db.query<{ attempts: number; last_error: string | null; status: string }>(
          'SELECT attempts, last_error, status FROM notifications WHERE id = $1',
          [deliveryId],
        );
        return row && row.attempts >= 1 && row;
      },
      { what: 'a failed attempt' },
    );
    expect(failed.last_error).toContain('93000');
    wecom.respond(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
    await waitFor(
      async () =>
        (
          await t.db.query<{ status: string }>('SELECT status FROM notifications WHERE id = $1', [deliveryId])
        )[0]?.status === 'sent',
      { what: 'the test message sent' },
    );
    expect(wecom.requests.at(-1)!.body).toContain('Aftercare');
  });
});

describe('outgoing webhooks', () => {
  it('posts the subscribed events as signed JSON the receiver can verify', async () => {
    const created = await admin.request('POST', '/api/v1/webhook-endpoints', {
      name: 'ERP',
      url: `${hooks.url}/aftercare/events`,
      events: ['ticket.created', 'ticket.assigned'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const endpoint = created.json();
    expect(endpoint.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const listed = (await admin.request('GET', '/api/v1/webhook-endpoints')).json().items;
    expect(listed).toEqual([
      expect.objectContaining({ id: endpoint.id, events: ['ticket.created', 'ticket.assigned'] }),
    ]);
    expect(listed[0].secret).toBeUndefined();

    const ticket = await createTicket({
      title: '空调异响',
      priority: 'P2',
      customer: { name: '郑爽', email: 'zhengshuang@example.com' },
      ownerId: admin.userId,
    });
    await sent(ticket.id, 'webhook', 2);
    const requests = await hooks.waitForRequests(2);
    const events = requests.map((request) => {
      expect(request.url).toBe('/aftercare/events');
      expect(
        verifyWebhookSignature({
          secret: endpoint.secret,
          rawBody: request.body,
          timestampHeader: request.headers['x-aftercare-timestamp'] as string,
          signatureHeader: request.headers['x-aftercare-signature'] as string,
          now: t.clock.now(),
          toleranceSeconds: 300,
        }),
      ).toBe('valid');
      expect(request.headers['x-aftercare-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      return JSON.parse(request.body);
    });
    expect(events.map((event) => event.event).sort()).toEqual(['ticket.assigned', 'ticket.created']);
    const createdEvent = events.find((event) => event.event === 'ticket.created');
    expect(createdEvent).toEqual({
      event: 'ticket.created',
      occurredAt: t.clock.now().toISOString(),
      ticket: expect.objectContaining({
        id: ticket.id,
        number: ticket.number,
        title: '空调异响',
        priority: 'P2',
        url: `https://service.aftercare.test/tickets/${ticket.number}`,
      }),
      data: expect.objectContaining({ number: ticket.number, name: '郑爽' }),
    });
    expect(requests[0]!.headers['x-aftercare-event']).toBe(events[0].event);

    // A wrong secret does not verify.
    expect(
      verifyWebhookSignature({
        secret: 'whsec_wrong',
        rawBody: requests[0]!.body,
        timestampHeader: requests[0]!.headers['x-aftercare-timestamp'] as string,
        signatureHeader: requests[0]!.headers['x-aftercare-signature'] as string,
        now: t.clock.now(),
        toleranceSeconds: 300,
      }),
    ).toBe('mismatch');
  });

  it('is administered with settings.manage only, audited, never exposing secrets', async () => {
    const agentUser = await buildUser(admin);
    const agent = await signIn(t.app, agentUser.username, agentUser.password);
    for (const [method, url] of [
      ['GET', '/api/v1/webhook-endpoints'],
      ['GET', '/api/v1/notification-robots'],
      ['GET', '/api/v1/notifications/deliveries'],
      ['GET', '/api/v1/notification-templates'],
    ] as const) {
      expect((await agent.request(method, url)).statusCode).toBe(403);
    }
    const audit = (await admin.request('GET', '/api/v1/audit?entityType=webhook_endpoint')).json();
    expect(audit.items[0]).toMatchObject({ action: 'webhook_endpoint.created' });
    expect(JSON.stringify(audit)).not.toContain('whsec_');
    const robotAudit = (await admin.request('GET', '/api/v1/audit?entityType=notification_robot')).json();
    expect(JSON.stringify(robotAudit)).not.toContain('ding-token-456');
    expect(JSON.stringify(robotAudit)).not.toContain(DINGTALK_SECRET);
  });
});
