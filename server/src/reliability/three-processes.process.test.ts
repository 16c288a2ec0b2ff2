import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/harness.js';
import { startTestHttpReceiver, type TestHttpReceiver } from '../test/http-receiver.js';
import { waitFor } from '../test/outbox.js';
import {
  type HttpSession,
  type ServerProcess,
  signInOverHttp,
  startServerProcess,
} from '../test/server-process.js';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp-server.js';
import { inParallel, serialOf, ticketBody } from './fixtures.js';

// Three servers on one database, each serving HTTP and running the workers and schedules.
const CREATIONS = Number(process.env.AFTERCARE_RELIABILITY_CREATIONS ?? 300);
const OVERDUE = 9;

let database: TestDatabase;
let smtp: TestSmtpServer;
let receiver: TestHttpReceiver;
const servers: ServerProcess[] = [];
let sessions: HttpSession[];
const run = `multi-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startTestSmtpServer();
  receiver = await startTestHttpReceiver();
  const env = {
    DATABASE_URL: database.url!,
    DATABASE_POOL_MAX: '10',
    SMTP_URL: smtp.url,
    AFTERCARE_NOTIFY_RETRY_DELAY_SECONDS: '1',
  };
  // The first one migrates and creates the administrator; the other two join an installed database.
  servers.push(await startServerProcess(env));
  await servers[0]!.ready();
  servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
  await Promise.all(servers.map((server) => server.ready()));
  const admin = await signInOverHttp(servers[0]!.url);
  sessions = servers.map((server) => admin.on(server.url));
  const endpoint = await admin.request('POST', '/api/v1/webhook-endpoints', {
    name: 'CRM',
    url: `${receiver.url}/hook`,
    events: ['sla.warning', 'sla.breached'],
  });
  if (endpoint.status !== 201) throw new Error(`webhook endpoint: ${endpoint.text}`);
}, 90_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill()));
  await smtp?.close();
  await receiver?.close();
  await database?.db.close();
  await database?.drop();
});

const overdueTitle = `${run} 逾期`;

describe('three server processes on one database', () => {
  it('creates overdue tickets for the SLA sweep to find', async () => {
    onTestFailed(() => {
      process.stderr.write(servers.map((s) => s.output()).join('\n'));
    });
    // Received 50 minutes ago at P1 (around the clock): some targets are breached, some due for a warning.
    const receivedAt = new Date(Date.now() - 50 * 60_000).toISOString();
    const me = (await sessions[0]!.request('GET', '/api/v1/auth/me')).body as { user: { id: string } };
    const created = await Promise.all(
      Array.from({ length: OVERDUE }, (_, n) =>
        sessions[n % 3]!.request(
          'POST',
          '/api/v1/tickets',
          ticketBody(overdueTitle, n, { priority: 'P1', receivedAt, ownerId: me.user.id }),
        ),
      ),
    );
    expect(created.filter((response) => response.status !== 201).map((response) => response.text)).toEqual(
      [],
    );
  });

  it('numbers concurrent creations uniquely and consecutively for the month', async () => {
    // One customer in ten leaves an e-mail address: enough acknowledgements to share among the workers
    // while the queue's one-second poll keeps the test short.
    const responses = await inParallel(12, CREATIONS, (n) =>
      sessions[n % 3]!.request(
        'POST',
        '/api/v1/tickets',
        ticketBody(run, n, n % 10 === 0 ? {} : { customer: { name: `客户${n}` } }),
      ),
    );
    expect(responses.filter((response) => response.status !== 201).map((r) => r.text)).toEqual([]);
    const rows = await database.db.query<{ number: string; month: string }>(
      `SELECT number, to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') AS month FROM tickets`,
    );
    expect(rows).toHaveLength(CREATIONS + OVERDUE);
    expect(new Set(rows.map((row) => row.number)).size).toBe(rows.length);
    const byMonth = new Map<string, number[]>();
    for (const row of rows) {
      expect(row.number.startsWith(row.month)).toBe(true);
      byMonth.set(row.month, [...(byMonth.get(row.month) ?? []), serialOf(row.number)]);
    }
    for (const serials of byMonth.values()) {
      serials.sort((a, b) => a - b);
      expect(serials).toEqual(Array.from({ length: serials.length }, (_, i) => i + 1));
    }
  });

  it('delivers every notification exactly once across the three workers', async () => {
    const expected = await database.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM notifications WHERE channel = 'email'`,
    );
    expect(expected[0]!.count).toBeGreaterThanOrEqual(CREATIONS / 10);
    await waitFor(
      async () =>
        (
          await database.db.query<{ pending: number }>(
            `SELECT count(*)::int AS pending FROM notifications WHERE channel IN ('email', 'webhook') AND status <> 'sent'`,
          )
        )[0]!.pending === 0,
      { timeoutMs: 45_000, what: 'every e-mail and webhook sent' },
    ).catch(async (error) => {
      const states = await database.db.query(
        `SELECT channel, status, attempts, last_error, count(*)::int FROM notifications GROUP BY 1, 2, 3, 4`,
      );
      throw new Error(`${(error as Error).message}: ${JSON.stringify(states)}`);
    });
    // Give a duplicate the time to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const emails = await database.db.query<{ id: string }>(
      `SELECT id FROM notifications WHERE channel = 'email'`,
    );
    const messageIds = smtp.messages.map((message) => message.messageId);
    expect(messageIds).toHaveLength(emails.length);
    expect(new Set(messageIds).size).toBe(emails.length);
    expect(new Set(messageIds.map((id) => /notification-([0-9a-f-]+)@/.exec(id ?? '')?.[1]))).toEqual(
      new Set(emails.map((row) => row.id)),
    );
    const hooks = await database.db.query<{ id: string }>(
      `SELECT id FROM notifications WHERE channel = 'webhook'`,
    );
    const deliveries = receiver.requests.map((request) => request.headers['x-aftercare-delivery']);
    expect(deliveries).toHaveLength(hooks.length);
    expect(new Set(deliveries)).toEqual(new Set(hooks.map((row) => row.id)));
  });

  it('fires every SLA warning and breach exactly once though three sweeps run', async () => {
    // The sweep is a once-a-minute schedule: wait for the first run that finds the overdue tickets.
    const slaEvents = () =>
      database.db.query<{ ticket_id: string; kind: string; milestone: string; percent: number | null }>(
        `SELECT e.ticket_id, e.data->>'sla' AS kind, e.data->>'milestone' AS milestone,
                (e.data->>'percent')::int AS percent
           FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
          WHERE t.title LIKE $1 || '%' AND e.data ? 'sla'`,
        [overdueTitle],
      );
    await waitFor(
      async () => {
        const events = await slaEvents();
        const tickets = new Set(events.filter((e) => e.kind === 'breached').map((e) => e.ticket_id));
        return tickets.size === OVERDUE;
      },
      { timeoutMs: 100_000, intervalMs: 500, what: 'the SLA sweep' },
    );
    // Let another sweep come and go on the other processes: still once each.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const events = await slaEvents();
    const keys = events.map((e) => `${e.ticket_id} ${e.kind} ${e.milestone} ${e.percent ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(events.some((e) => e.kind === 'warning')).toBe(true);

    const alerts = await database.db.query<{ key: string; count: number }>(
      `SELECT o.ticket_id || ' ' || o.template || ' ' || o.channel || ' ' || o.recipient || ' ' || o.subject || ' ' || o.body AS key,
              count(*)::int AS count
         FROM notifications o JOIN tickets t ON t.id = o.ticket_id
        WHERE t.title LIKE $1 || '%' AND o.template IN ('slaWarning', 'slaBreached')
        GROUP BY 1`,
      [overdueTitle],
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.filter((row) => row.count !== 1)).toEqual([]);
    await waitFor(
      async () =>
        (
          await database.db.query<{ pending: number }>(
            `SELECT count(*)::int AS pending FROM notifications WHERE channel = 'webhook' AND status <> 'sent'`,
          )
        )[0]!.pending === 0,
      { timeoutMs: 20_000, what: 'the SLA webhooks sent' },
    );
    const deliveries = receiver.requests.map((request) => request.headers['x-aftercare-delivery']);
    expect(new Set(deliveries).size).toBe(deliveries.length);
    const slaHooks = receiver.requests.filter((request) => JSON.parse(request.body).event.startsWith('sla.'));
    expect(slaHooks.length).toBeGreaterThan(0);
  }, 120_000);
});
