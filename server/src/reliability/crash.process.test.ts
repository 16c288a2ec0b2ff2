import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/harness.js';
import {
  type HttpSession,
  type ServerProcess,
  signInOverHttp,
  startServerProcess,
} from '../test/server-process.js';
import { inParallel, serialOf, ticketBody, ticketIntegrity } from './fixtures.js';

// Creations under load, the server killed with SIGKILL part-way, restarted on the same database.
const TOTAL = 120;
const KILL_AFTER_ANSWERED = 30;

let database: TestDatabase;
let first: ServerProcess | undefined;
let second: ServerProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await first?.kill('SIGKILL');
  await second?.kill();
  await database.db.close();
  await database.drop();
});

type Outcome = { key: string; status: number | 'lost'; id?: string; number?: string };

describe('a server killed while creating tickets', () => {
  it('keeps every answered ticket intact with its milestones, and retries create no duplicates', async () => {
    const run = `crash-${randomBytes(3).toString('hex')}`;
    const env = { DATABASE_URL: database.url!, DATABASE_POOL_MAX: '10' };
    first = await startServerProcess(env);
    await first.ready();
    const admin = await signInOverHttp(first.url);
    const keys = Array.from({ length: TOTAL }, (_, n) => `${run}-key-${n}`);

    let answered = 0;
    let killed: Promise<void> | undefined;
    const create = async (session: HttpSession, n: number): Promise<Outcome> => {
      const key = keys[n]!;
      if (killed) return { key, status: 'lost' };
      try {
        const response = await session.request('POST', '/api/v1/tickets', ticketBody(run, n), {
          'idempotency-key': key,
        });
        const body = response.body as { id?: string; number?: string };
        if (response.status === 201) {
          answered += 1;
          if (answered >= KILL_AFTER_ANSWERED && !killed) killed = first!.kill('SIGKILL');
        }
        return { key, status: response.status, id: body?.id, number: body?.number };
      } catch {
        return { key, status: 'lost' };
      }
    };
    const outcomes = await inParallel(8, TOTAL, (n) => create(admin, n));
    await killed;
    expect(first.child.signalCode).toBe('SIGKILL');

    const confirmed = outcomes.filter((o) => o.status === 201);
    expect(confirmed.length).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERED);
    // Nothing but a created ticket or a lost connection: no 5xx on the way down.
    expect(outcomes.filter((o) => o.status !== 201 && o.status !== 'lost')).toEqual([]);
    expect(outcomes.some((o) => o.status === 'lost')).toBe(true);

    second = await startServerProcess(env);
    await second.ready();
    const again = admin.on(second.url);

    // Every ticket whose creation was answered exists, whole: timeline, SLA milestones, acknowledgement, audit.
    const stored = new Map((await ticketIntegrity(database.db, run)).map((row) => [row.id, row]));
    for (const outcome of confirmed) {
      const row = stored.get(outcome.id!);
      expect(row, `ticket ${outcome.number}`).toBeDefined();
      expect(row!.number).toBe(outcome.number);
      expect(row!.milestones, `milestones of ${outcome.number}`).toBeGreaterThan(0);
      expect(row!.events, `timeline of ${outcome.number}`).toBeGreaterThan(0);
      expect(row!.outbox, `acknowledgement of ${outcome.number}`).toBe(1);
      expect(row!.audit, `audit of ${outcome.number}`).toBeGreaterThan(0);
    }
    // Nothing half-written: whatever was committed when the process died is just as whole.
    for (const row of stored.values()) {
      expect({ number: row.number, whole: row.milestones > 0 && row.events > 0 && row.outbox === 1 }).toEqual(
        {
          number: row.number,
          whole: true,
        },
      );
    }
    const dangling = await database.db.query(
      `SELECT key FROM idempotency_keys WHERE key LIKE $1 || '%' AND ticket_id IS NULL`,
      [run],
    );
    expect(dangling).toEqual([]);

    // The client retries every request with its Idempotency-Key, answered or not.
    const retries = await inParallel(8, TOTAL, async (n) => {
      const response = await again.request('POST', '/api/v1/tickets', ticketBody(run, n), {
        'idempotency-key': keys[n]!,
      });
      return {
        n,
        status: response.status,
        id: (response.body as { id: string }).id,
        replayed: response.headers.get('idempotent-replayed') === 'true',
      };
    });
    expect(retries.filter((r) => r.status !== 201)).toEqual([]);
    for (const outcome of confirmed) {
      const retry = retries[keys.indexOf(outcome.key)]!;
      expect(retry).toMatchObject({ id: outcome.id, replayed: true });
    }

    const final = await ticketIntegrity(database.db, run);
    expect(final).toHaveLength(TOTAL);
    expect(new Set(final.map((row) => row.title)).size).toBe(TOTAL);
    expect(new Set(retries.map((r) => r.id)).size).toBe(TOTAL);
    // A creation rolled back by the crash gives its number back: the month's serials stay consecutive.
    const serials = final.map((row) => serialOf(row.number)).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: TOTAL }, (_, i) => serials[0]! + i));
  });
});
