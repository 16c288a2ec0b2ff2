import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/harness.js';
import { startTestHttpReceiver, type TestHttpReceiver } from '../test/http-receiver.js';
import { waitFor } from '../test/outbox.js';
import { freePort, type ServerProcess, signInOverHttp, startServerProcess } from '../test/server-process.js';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp-server.js';
import { inParallel, ticketBody } from './fixtures.js';

// The in-process version (notifications/delivery-retries.int.test.ts) covers one message and the dead
// letter; here two servers share the retries of many messages while the mail server and the webhook
// receiver are down, then come back.
const TICKETS = 8;

let database: TestDatabase;
let smtp: TestSmtpServer | undefined;
let receiver: TestHttpReceiver;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await startTestHttpReceiver();
  await receiver.stop();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill()));
  await smtp?.close();
  await receiver.close();
  await database.db.close();
  await database.drop();
});

const pending = async (channel: string) =>
  database.db.query<{ id: string; status: string; attempts: number }>(
    `SELECT id, status, attempts FROM notifications WHERE channel = $1`,
    [channel],
  );

describe('the mail server and a webhook receiver down for a while', () => {
  it('delivers every e-mail and webhook exactly once when they are back', async () => {
    onTestFailed(() => {
      process.stderr.write(servers.map((s) => s.output()).join('\n'));
    });
    const smtpPort = await freePort();
    const env = {
      DATABASE_URL: database.url!,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      AFTERCARE_NOTIFY_RETRY_LIMIT: '10',
      AFTERCARE_NOTIFY_RETRY_DELAY_SECONDS: '1',
      AFTERCARE_NOTIFY_HTTP_TIMEOUT_MS: '2000',
    };
    servers.push(await startServerProcess(env));
    await servers[0]!.ready();
    servers.push(await startServerProcess(env));
    await servers[1]!.ready();
    const admin = await signInOverHttp(servers[0]!.url);
    const endpoint = await admin.request('POST', '/api/v1/webhook-endpoints', {
      name: 'ERP',
      url: `${receiver.url}/hook`,
      events: ['ticket.created'],
    });
    expect(endpoint.status, endpoint.text).toBe(201);

    const run = `outage-${randomBytes(3).toString('hex')}`;
    const created = await inParallel(4, TICKETS, (n) =>
      admin.on(servers[n % 2]!.url).request('POST', '/api/v1/tickets', ticketBody(run, n)),
    );
    expect(created.filter((response) => response.status !== 201)).toEqual([]);

    // Both channels fail for a while: every row has been tried at least once and none is sent.
    await waitFor(
      async () => {
        const rows = [...(await pending('email')), ...(await pending('webhook'))];
        return rows.length === TICKETS * 2 && rows.every((row) => row.attempts >= 1);
      },
      { timeoutMs: 30_000, what: 'a failed attempt on every message' },
    );
    expect((await pending('email')).filter((row) => row.status === 'sent')).toEqual([]);

    // The mail server comes back on its port; the receiver comes back answering 503 a few times first.
    smtp = await startTestSmtpServer(smtpPort);
    let refusals = 5;
    receiver.respond(() => {
      if (refusals > 0) {
        refusals -= 1;
        return { status: 503, body: 'busy' };
      }
      return { status: 200, body: '{"ok":true}' };
    });
    await receiver.start();

    await waitFor(
      async () => {
        const rows = [...(await pending('email')), ...(await pending('webhook'))];
        return rows.every((row) => row.status === 'sent');
      },
      { timeoutMs: 45_000, intervalMs: 250, what: 'every message sent' },
    ).catch(async (error) => {
      const states = await database.db.query(
        `SELECT channel, status, attempts, last_error, count(*)::int FROM notifications GROUP BY 1, 2, 3, 4`,
      );
      throw new Error(`${(error as Error).message}: ${JSON.stringify(states)}`);
    });
    // Time for a duplicate to arrive, should any retry still be on its way.
    await new Promise((resolve) => setTimeout(resolve, 2500));

    const emails = await pending('email');
    const messageIds = smtp.messages.map(
      (message) => /notification-([0-9a-f-]+)@/.exec(message.messageId ?? '')?.[1],
    );
    expect(messageIds).toHaveLength(TICKETS);
    expect(new Set(messageIds)).toEqual(new Set(emails.map((row) => row.id)));

    const hooks = await pending('webhook');
    const accepted = receiver.requests.slice(5).map((request) => request.headers['x-aftercare-delivery']);
    expect(accepted).toHaveLength(TICKETS);
    expect(new Set(accepted)).toEqual(new Set(hooks.map((row) => row.id)));
    const bodies = receiver.requests
      .slice(5)
      .map((request) => JSON.parse(request.body).ticket.number as string);
    expect(new Set(bodies).size).toBe(TICKETS);
  }, 90_000);
});
