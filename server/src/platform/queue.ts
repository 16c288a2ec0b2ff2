import { PgBoss } from 'pg-boss';
import type { z } from 'zod';
import type { Database, Queryable } from './db/database.js';
import type { Logger } from './logger.js';

/** What a job is: its name, payload schema and retry policy — all that is needed to enqueue it. */
export interface JobSpec<Payload> {
  name: string;
  payload: z.ZodType<Payload>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Cron expression (in the configured time zone) when the job runs on a schedule. */
  cron?: string;
}

/** A job with its handler, bound to a running system: what workers run. */
export interface JobDefinition<Payload> extends JobSpec<Payload> {
  handle(payload: Payload): Promise<void>;
}

export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

export interface JobQueue {
  /** Enqueues a job inside the caller's transaction: it exists only if that transaction commits. */
  enqueue<Payload>(tx: Queryable, job: JobSpec<Payload>, payload: Payload): Promise<void>;
  /** Enqueues many jobs of one kind in one statement, inside the caller's transaction (batch work). */
  enqueueMany<Payload>(tx: Queryable, job: JobSpec<Payload>, payloads: readonly Payload[]): Promise<void>;
  /** Starts workers and schedules for every declared job (the worker role). */
  work(timezone: string): Promise<void>;
  stop(): Promise<void>;
}

const WORKERS_PER_QUEUE = 4;

/** The pg-boss queue, on the same database as the data (PGlite or PostgreSQL). */
export async function startJobQueue(
  db: Database,
  log: Logger,
  options: { supervise: boolean; jobs: JobDefinition<never>[] },
): Promise<JobQueue> {
  const boss = new PgBoss({
    db: db.queue,
    backend: db.kind === 'pglite' ? 'pglite' : 'postgres',
    schema: 'pgboss',
    supervise: options.supervise,
    schedule: options.supervise,
  });
  boss.on('error', (error) => log.error({ err: error, category: 'queue' }, 'job queue error'));
  await boss.start();
  // Queues are created up front: on PGlite a queue created from inside an open transaction would wait
  // for that transaction to end.
  const jobs = options.jobs as unknown as JobDefinition<unknown>[];
  for (const job of jobs) {
    const policy = {
      retryLimit: job.retryLimit ?? 5,
      retryDelay: job.retryDelaySeconds ?? 30,
      retryBackoff: true,
    };
    await boss.createQueue(job.name, policy);
    // createQueue leaves an existing queue as it was; a changed retry policy must reach it too.
    await boss.updateQueue(job.name, policy);
  }
  const declared = new Set(jobs.map((job) => job.name));

  return {
    async enqueue(tx, job, payload) {
      if (!declared.has(job.name)) throw new Error(`Job ${job.name} was not declared to the queue`);
      await boss.send(job.name, job.payload.parse(payload) as object, { db: tx.queue });
    },
    async enqueueMany(tx, job, payloads) {
      if (!declared.has(job.name)) throw new Error(`Job ${job.name} was not declared to the queue`);
      if (payloads.length === 0) return;
      // The queue's retry policy fills in what a job leaves out, as it does for `send`.
      const jobs = payloads.map((payload) => ({ data: job.payload.parse(payload) as object }));
      await boss.insert(job.name, jobs, { db: tx.queue });
    },
    async work(timezone) {
      for (const job of jobs) {
        // One job per fetch, so a failure retries only that job (a delivery is never repeated for a neighbour's
        // sake). Throughput comes from several workers per queue, and from fetching without pause while a
        // backlog is reported (e.g. a burst of acknowledgements), instead of one job per poll interval.
        const polling = {
          batchSize: 1,
          localConcurrency: WORKERS_PER_QUEUE,
          pollingIntervalSeconds: 0.5,
          burstWhenReadyExceeds: WORKERS_PER_QUEUE,
        };
        await boss.work(job.name, polling, async (batch) => {
          for (const item of batch) {
            await job.handle(job.payload.parse(item.data));
          }
        });
        if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: timezone });
      }
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
