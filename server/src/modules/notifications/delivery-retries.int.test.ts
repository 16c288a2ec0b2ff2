import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAdmin, startTestApp, type TestApp } from '../../test/harness.js';
import { startTestHttpReceiver, type TestHttpReceiver } from '../../test/http-receiver.js';
import { type OutboxRow, outboxRows, waitFor } from '../../test/outbox.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';

// Three attempts per round (the first and two retries), one second apart and doubling.
const ATTEMPTS = 3;

let t: TestApp;
let admin: Session;
let smtpPort: number;
let smtp: TestSmtpServer | undefined;
let receiver: TestHttpReceiver;

beforeAll(async () => {
  // Reserve a port for the SMTP server, then leave it down: the app starts with nowhere to deliver mail.
  const reserved = await startTestSmtpServer();
  smtpPort = Number(new URL(reserved.url).port);
  await reserved.close();
  receiver = await startTestHttpReceiver();
  await receiver.stop();
  t = await startTestApp({
    AFTERCARE_ROLE: 'all',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    AFTERCARE_NOTIFY_RETRY_LIMIT: String(ATTEMPTS - 1),
    AFTERCARE_NOTIFY_RETRY_DELAY_SECONDS: '1',
    AFTERCARE_NOTIFY_HTTP_TIMEOUT_MS: '2000',
  });
  admin = await signInAdmin(t.app);
});
afterAll(async () => {
  await t.close();
  await smtp?.close();
  await receiver.close();
});

async function createTicket(title: string, email: string) {
  const response = await admin.request('POST', '/api/v1/tickets', {
    title,
    type: 'consultation',
    customer: { name: '测试客户', email },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string };
}

const row = async (ticketId: string, channel: string): Promise<OutboxRow | undefined> =>
  (await outboxRows(t.db, ticketId, channel))[0];

const rowWhere = (ticketId: string, channel: string, test: (row: OutboxRow) => boolean, what: string) =>
  waitFor(
    async () => {
      const current = await row(ticketId, channel);
      return current && test(current) && current;
    },
    { what },
  );

describe('delivery when the other side is down', () => {
  it('retries e-mail while the SMTP server is down and delivers it once when it is back', async () => {
    const ticket = await createTicket('投影仪无信号', 'down-then-up@example.com');
    const failed = await rowWhere(ticket.id, 'email', (r) => r.attempts >= 1, 'a failed SMTP attempt');
    expect(failed.status).toBe('pending');
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);

    smtp = await startTestSmtpServer(smtpPort);
    const sent = await rowWhere(ticket.id, 'email', (r) => r.status === 'sent', 'the e-mail sent');
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    const messages = await smtp.waitForMessages(1);
    expect(messages[0]!.subject).toBe(`【${ticket.number}】已收到您的反馈`);
    // No further attempts once sent.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(smtp.messages).toHaveLength(1);
    expect((await row(ticket.id, 'email'))!.attempts).toBe(sent.attempts);
  });

  it('delivers a webhook exactly once to a receiver that was down and came back', async () => {
    const endpoint = (
      await admin.request('POST', '/api/v1/webhook-endpoints', {
        name: 'CRM',
        url: `${receiver.url}/hook`,
        events: ['ticket.created'],
      })
    ).json();
    const ticket = await createTicket('门锁无法识别指纹', 'lock@example.com');
    const failed = await rowWhere(ticket.id, 'webhook', (r) => r.attempts >= 1, 'a failed webhook attempt');
    expect(failed).toMatchObject({ status: 'pending', recipient: endpoint.id });
    expect(failed.last_error).toBeTruthy();
    expect(receiver.requests).toHaveLength(0);

    await receiver.start();
    const sent = await rowWhere(ticket.id, 'webhook', (r) => r.status === 'sent', 'the webhook sent');
    expect(sent.last_error).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({
      event: 'ticket.created',
      ticket: { id: ticket.id, number: ticket.number },
    });
    await admin.request('DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`);
  });

  it('dead-letters a webhook after the last retry, shows it to administrators, and redelivers it by hand', async () => {
    await receiver.stop();
    receiver.requests.length = 0;
    const created = await admin.request('POST', '/api/v1/webhook-endpoints', {
      name: 'BI',
      url: `${receiver.url}/bi`,
      events: ['ticket.created'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const ticket = await createTicket('扫地机器人迷路', 'robot@example.com');
    const dead = await rowWhere(ticket.id, 'webhook', (r) => r.status === 'dead', 'the dead letter');
    expect(dead.attempts).toBe(ATTEMPTS);

    const list = await admin.request('GET', '/api/v1/notifications/deliveries?status=dead');
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json().items.find((candidate: { id: string }) => candidate.id === dead.id);
    expect(item).toMatchObject({
      channel: 'webhook',
      status: 'dead',
      attempts: ATTEMPTS,
      attemptLimit: ATTEMPTS,
      targetName: 'BI',
      subject: 'ticket.created',
      ticket: { id: ticket.id, number: ticket.number },
    });
    expect(item.lastError).toBeTruthy();
    const sentOnly = (await admin.request('GET', '/api/v1/notifications/deliveries?status=sent')).json();
    expect(sentOnly.items.every((candidate: { status: string }) => candidate.status === 'sent')).toBe(true);

    await receiver.start();
    const redelivered = await admin.request('POST', `/api/v1/notifications/deliveries/${dead.id}/redeliver`);
    expect(redelivered.statusCode, redelivered.body).toBe(200);
    expect(redelivered.json()).toMatchObject({ status: 'pending', attemptLimit: ATTEMPTS * 2 });
    const sent = await rowWhere(ticket.id, 'webhook', (r) => r.status === 'sent', 'the redelivered webhook');
    expect(sent.attempts).toBe(ATTEMPTS + 1);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers['x-aftercare-delivery']).toBe(dead.id);

    const again = await admin.request('POST', `/api/v1/notifications/deliveries/${dead.id}/redeliver`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    const audit = (
      await admin.request('GET', `/api/v1/audit?entityType=notification&entityId=${dead.id}`)
    ).json();
    expect(audit.items.map((entry: { action: string }) => entry.action)).toEqual([
      'notification.redelivered',
    ]);
  });
});
