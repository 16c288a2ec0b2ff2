import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAdmin, startTestApp, type TestApp } from '../../test/harness.js';
import { signWebhook } from './signature.js';

let t: TestApp;
let admin: Session;
let secret: string;

beforeAll(async () => {
  t = await startTestApp({ AFTERCARE_PUBLIC_FORM_RATE_PER_MINUTE: '5' });
  admin = await signInAdmin(t.app);
  const created = await admin.request('POST', '/api/v1/webhook-sources', {
    key: 'wechat',
    name: '微信公众号',
    defaultType: 'consultation',
  });
  expect(created.statusCode).toBe(201);
  secret = created.json().secret;
});
afterAll(() => t.close());

function deliver(
  payload: object,
  options: { secret?: string; timestamp?: number; source?: string; signature?: string } = {},
) {
  const raw = JSON.stringify(payload);
  const timestamp = options.timestamp ?? Math.floor(t.clock.now().getTime() / 1000);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/webhooks/inbound/${options.source ?? 'wechat'}`,
    headers: {
      'content-type': 'application/json',
      'x-aftercare-timestamp': String(timestamp),
      'x-aftercare-signature': options.signature ?? signWebhook(options.secret ?? secret, timestamp, raw),
    },
    payload: raw,
  });
}

describe('the public web form', () => {
  it('creates a portal ticket and answers only its number and status', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      payload: {
        type: 'repair',
        description: '扫地机器人无法回充',
        name: '周杰',
        phone: '13588776655',
        email: 'zj@example.com',
        productModel: 'RV-S9 Pro',
      },
    });
    expect(response.statusCode).toBe(201);
    expect(Object.keys(response.json()).sort()).toEqual(['number', 'receivedAt', 'status']);
    const ticket = (await admin.request('GET', `/api/v1/tickets/${response.json().number}`)).json().ticket;
    expect(ticket).toMatchObject({
      channel: 'portal',
      title: '扫地机器人无法回充',
      contact: { phone: '13588776655' },
    });
    const ack = await t.db.query<{ template: string }>(
      'SELECT template FROM notifications WHERE ticket_id = $1',
      [ticket.id],
    );
    expect(ack.map((row) => row.template)).toEqual(['ticketAcknowledged']);
  });

  it('needs a way to reach the customer and refuses bots', async () => {
    const noContact = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      payload: { type: 'consultation', description: '咨询', name: 'x' },
    });
    expect(noContact.json()).toMatchObject({ code: 'validation_failed', field: 'body.phone' });
    const bot = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      payload: { type: 'consultation', description: '咨询', name: 'x', phone: '1', website: 'http://spam' },
    });
    expect(bot.json().field).toBe('body.website');
  });

  it('is rate-limited per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/tickets',
        remoteAddress: '10.9.9.9',
        payload: { type: 'consultation', description: `第${i}次`, name: 'x', phone: '1' },
      });
      codes.push(response.statusCode);
    }
    const more = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      remoteAddress: '10.9.9.9',
      payload: { type: 'consultation', description: 'again', name: 'x', phone: '1' },
    });
    const limited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      remoteAddress: '10.9.9.9',
      payload: { type: 'consultation', description: 'again', name: 'x', phone: '1' },
    });
    expect(codes).toEqual([201, 201, 201, 201]);
    expect([more.statusCode, limited.statusCode]).toEqual([201, 429]);
    expect(limited.json().code).toBe('rate_limited');
  });
});

describe('inbound webhooks', () => {
  it('opens a ticket for a signed message and threads later messages of the conversation into it', async () => {
    const first = await deliver({
      messageId: 'm1',
      threadId: 'openid-1',
      customer: { name: '微信用户', phone: '13700000001' },
      text: '买的冰箱结霜严重',
    });
    expect(first.statusCode).toBe(202);
    expect(first.json().action).toBe('created');
    const second = await deliver({
      messageId: 'm2',
      threadId: 'openid-1',
      customer: { name: '微信用户' },
      text: '补充一下，型号是BCD-520WP',
    });
    expect(second.json()).toEqual({ action: 'appended', ticketNumber: first.json().ticketNumber });
    const detail = (await admin.request('GET', `/api/v1/tickets/${first.json().ticketNumber}`)).json();
    expect(detail.ticket).toMatchObject({
      channel: 'webhook',
      sourceReference: 'wechat:openid-1',
      type: 'consultation',
    });
    expect(
      detail.timeline
        .filter((entry: { kind: string }) => entry.kind === 'customer_reply')
        .map((entry: { body: string }) => entry.body),
    ).toEqual(['补充一下，型号是BCD-520WP']);
  });

  it('refuses a bad, stale or replayed signature and an unknown source', async () => {
    const payload = { messageId: 'm9', customer: { name: 'x' }, text: 'hello' };
    expect((await deliver(payload, { secret: 'wrong' })).json()).toMatchObject({
      status: 401,
      code: 'not_authenticated',
    });
    const stale = await deliver(payload, { timestamp: Math.floor(t.clock.now().getTime() / 1000) - 3600 });
    expect(stale.statusCode).toBe(401);
    const unsigned = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/inbound/wechat',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(unsigned.statusCode).toBe(401);
    expect((await deliver(payload, { source: 'nope' })).statusCode).toBe(404);

    const timestamp = Math.floor(t.clock.now().getTime() / 1000);
    const raw = JSON.stringify(payload);
    const signature = signWebhook(secret, timestamp, raw);
    const once = await deliver(payload, { timestamp, signature });
    expect(once.statusCode).toBe(202);
    const replay = await deliver(payload, { timestamp, signature });
    expect(replay.statusCode).toBe(409);
    const count = await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM tickets WHERE source_reference = 'wechat:m9'`,
    );
    expect(count[0]!.count).toBe(1);
    const resent = await deliver(payload, { timestamp: timestamp + 1 });
    expect(resent.json().action).toBe('duplicate');
  });

  it('rejects a body changed after signing', async () => {
    const timestamp = Math.floor(t.clock.now().getTime() / 1000);
    const signature = signWebhook(
      secret,
      timestamp,
      JSON.stringify({ messageId: 'a', customer: { name: 'x' }, text: 'original' }),
    );
    const tampered = await deliver(
      { messageId: 'a', customer: { name: 'x' }, text: 'changed' },
      { timestamp, signature },
    );
    expect(tampered.statusCode).toBe(401);
  });

  it('shows a source secret only when created or rotated, and stops a deactivated source', async () => {
    const listed = (await admin.request('GET', '/api/v1/webhook-sources')).json().items;
    expect(JSON.stringify(listed)).not.toContain(secret);
    const id = listed[0].id;
    const rotated = (
      await admin.request('PATCH', `/api/v1/webhook-sources/${id}`, { rotateSecret: true })
    ).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect((await deliver({ messageId: 'r1', customer: { name: 'x' }, text: 'old secret' })).statusCode).toBe(
      401,
    );
    secret = rotated.secret;
    expect((await deliver({ messageId: 'r2', customer: { name: 'x' }, text: 'new secret' })).statusCode).toBe(
      202,
    );
    await admin.request('PATCH', `/api/v1/webhook-sources/${id}`, { isActive: false });
    expect((await deliver({ messageId: 'r3', customer: { name: 'x' }, text: 'off' })).statusCode).toBe(404);
  });
});
