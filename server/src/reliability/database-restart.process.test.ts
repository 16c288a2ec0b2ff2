import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type Database, openDatabase } from '../platform/db/database.js';
import { type PostgresCluster, startPostgresCluster } from '../test/postgres-cluster.js';
import { type ServerProcess, signInOverHttp, startServerProcess } from '../test/server-process.js';
import { ticketBody, ticketIntegrity } from './fixtures.js';

// The database server itself is stopped and started again under load: a cluster of this test's own, so
// no other test loses its database meanwhile.
let cluster: PostgresCluster;
let server: ServerProcess | undefined;
let db: Database | undefined;

beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(async () => {
  await server?.kill('SIGKILL');
  await db?.close().catch(() => undefined);
  cluster?.destroy();
});

type Outcome = {
  n: number;
  key: string;
  status: number | 'lost';
  contentType: string;
  code?: string;
  id?: string;
};

describe('the database restarted under load', () => {
  it('answers 503 problems while it is down, reconnects by itself, and leaves nothing half-written', async () => {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE aftercare');
    await admin.end();
    const url = cluster.url.replace(/\/postgres$/, '/aftercare');
    server = await startServerProcess({ DATABASE_URL: url, DATABASE_POOL_MAX: '8' });
    await server.ready();
    onTestFailed(() => {
      process.stderr.write(`server output:\n${server?.output()}\n`);
    });
    const staff = await signInOverHttp(server.url);
    const pid = server.child.pid;
    const run = `restart-${randomBytes(3).toString('hex')}`;

    const outcomes: Outcome[] = [];
    let n = 0;
    let loading = true;
    const create = async () => {
      const i = n++;
      const key = `${run}-${i}`;
      try {
        const response = await staff.request('POST', '/api/v1/tickets', ticketBody(run, i), {
          'idempotency-key': key,
        });
        const body = response.body as { id?: string; code?: string } | undefined;
        outcomes.push({
          n: i,
          key,
          status: response.status,
          contentType: response.headers.get('content-type') ?? '',
          code: body?.code,
          id: body?.id,
        });
      } catch {
        outcomes.push({ n: i, key, status: 'lost', contentType: '' });
      }
    };
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (loading) {
          await create();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }),
    );
    const created = () => outcomes.filter((o) => o.status === 201).length;
    while (created() < 20) await new Promise((resolve) => setTimeout(resolve, 50));

    cluster.stop('fast');
    const downAt = outcomes.length;
    // While it is down: clean 503 problems, on reads, writes and the health check alike.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const [method, path] of [
      ['GET', '/api/v1/tickets'],
      ['GET', '/api/health'],
      ['POST', '/api/v1/tickets'],
    ] as const) {
      const response = await staff.request(
        method,
        path,
        method === 'POST' ? ticketBody(run, 9999) : undefined,
      );
      expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({
        path,
        status: 503,
        type: expect.stringContaining('application/problem+json'),
      });
      expect((response.body as { code: string }).code).toBe('service_unavailable');
    }
    expect(outcomes.length).toBeGreaterThan(downAt);

    cluster.start();
    // The same process serves again without a restart.
    const startedAgain = Date.now();
    for (;;) {
      const response = await staff.request('GET', '/api/v1/tickets?limit=1');
      if (response.status === 200) break;
      expect(response.status).toBe(503);
      expect(Date.now() - startedAgain).toBeLessThan(20_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const before = created();
    while (created() < before + 10) await new Promise((resolve) => setTimeout(resolve, 50));
    loading = false;
    await load;
    expect(server.child.pid).toBe(pid);
    expect(server.child.exitCode).toBeNull();

    // Every answer was a ticket or a clean 503 problem; never a 500, never a hang.
    const unclean = outcomes.filter(
      (o) =>
        o.status !== 201 &&
        !(
          o.status === 503 &&
          o.contentType.includes('application/problem+json') &&
          o.code === 'service_unavailable'
        ),
    );
    expect(unclean).toEqual([]);
    const refused = outcomes.filter((o) => o.status === 503);
    expect(refused.length).toBeGreaterThan(0);

    // Each creation happened entirely or not at all: ticket, timeline, milestones, outbox row and its job.
    db = await openDatabase({ kind: 'postgres', url, poolMax: 2 });
    const stored = await ticketIntegrity(db, run);
    const byId = new Map(stored.map((row) => [row.id, row]));
    for (const outcome of outcomes.filter((o) => o.status === 201)) expect(byId.has(outcome.id!)).toBe(true);
    for (const row of stored) {
      expect({ number: row.number, whole: row.events > 0 && row.milestones > 0 && row.outbox === 1 }).toEqual(
        {
          number: row.number,
          whole: true,
        },
      );
    }
    const withoutJob = await db.query(
      `SELECT o.id FROM notifications o JOIN tickets t ON t.id = o.ticket_id
        WHERE t.title LIKE $1 || '%' AND o.channel = 'email'
          AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.data->>'notificationId' = o.id::text)`,
      [run],
    );
    expect(withoutJob).toEqual([]);
    const dangling = await db.query(`SELECT key FROM idempotency_keys WHERE ticket_id IS NULL`);
    expect(dangling).toEqual([]);

    // Retrying the refused ones with their keys creates each exactly once.
    for (const outcome of refused) {
      const response = await staff.request('POST', '/api/v1/tickets', ticketBody(run, outcome.n), {
        'idempotency-key': outcome.key,
      });
      expect(response.status).toBe(201);
    }
    const after = await ticketIntegrity(db, run);
    expect(after).toHaveLength(new Set(outcomes.filter((o) => o.status !== 'lost').map((o) => o.key)).size);
    expect(new Set(after.map((row) => row.title)).size).toBe(after.length);
  });
});
