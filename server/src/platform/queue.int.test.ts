import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../test/harness.js';
import { migrate } from './db/migrate.js';
import { createLogger } from './logger.js';
import { defineJob, type JobQueue, startJobQueue } from './queue.js';

let testDb: TestDatabase;
let queue: JobQueue;
const handled: string[] = [];

const recordJob = defineJob({
  name: 'test.record',
  payload: z.object({ note: z.string() }),
  retryLimit: 0,
  async handle(payload) {
    handled.push(payload.note);
  },
});

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.db);
  queue = await startJobQueue(testDb.db, createLogger('silent'), {
    supervise: true,
    jobs: [recordJob as never],
  });
  await queue.work('Asia/Shanghai');
});
afterAll(async () => {
  await queue.stop();
  await testDb.db.close();
  await testDb.drop();
});

async function waitFor(predicate: () => boolean, timeoutMs = 15_000) {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the job');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('job queue', () => {
  it('runs a job enqueued in a committed transaction, and never one whose transaction rolled back', async () => {
    await expect(
      testDb.db.transaction(async (tx) => {
        await queue.enqueue(tx, recordJob, { note: 'rolled back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await testDb.db.transaction(async (tx) => {
      await queue.enqueue(tx, recordJob, { note: 'committed' });
    });
    await waitFor(() => handled.includes('committed'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(handled).toEqual(['committed']);
  });

  it('enqueues many jobs in one call, only when the transaction commits', async () => {
    await expect(
      testDb.db.transaction(async (tx) => {
        await queue.enqueueMany(tx, recordJob, [{ note: 'batch rolled back' }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await testDb.db.transaction((tx) =>
      queue.enqueueMany(tx, recordJob, [{ note: 'batch 1' }, { note: 'batch 2' }, { note: 'batch 3' }]),
    );
    await waitFor(() => ['batch 1', 'batch 2', 'batch 3'].every((note) => handled.includes(note)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(handled.filter((note) => note.startsWith('batch')).sort()).toEqual([
      'batch 1',
      'batch 2',
      'batch 3',
    ]);
    await expect(
      testDb.db.transaction((tx) =>
        queue.enqueueMany(tx, recordJob, [{ note: 7 } as unknown as { note: string }]),
      ),
    ).rejects.toThrow();
  });

  it('refuses a payload that does not match the job’s schema', async () => {
    await expect(
      testDb.db.transaction((tx) =>
        queue.enqueue(tx, recordJob, { note: 42 } as unknown as { note: string }),
      ),
    ).rejects.toThrow();
  });
});
