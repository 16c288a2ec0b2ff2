import type { FastifyInstance } from 'fastify';
import { httpModules, jobDefinitions, startBackgroundServices } from './modules/index.js';
import { ensureFirstRun, type FirstRunResult } from './modules/system/first-run.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { AppConfig } from './platform/config.js';
import type { AppContext } from './platform/context.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { buildHttpApp } from './platform/http/app.js';
import { createLogger, type Logger } from './platform/logger.js';
import { type JobQueue, startJobQueue } from './platform/queue.js';
import { VERSION } from './platform/version.js';

export interface Aftercare {
  context: AppContext;
  app: FastifyInstance;
  firstRun: FirstRunResult;
  close(): Promise<void>;
}

/**
 * Starts the job queue with every job declared. Jobs that enqueue further jobs get the queue through a
 * forwarding reference, since the queue exists only once their declarations are known.
 */
export async function startQueueWithJobs(
  db: Database,
  log: Logger,
  options: { supervise: boolean; clock: Clock; config: AppConfig },
): Promise<JobQueue> {
  let started: JobQueue | undefined;
  const forward: JobQueue = {
    enqueue: (tx, job, payload) => started!.enqueue(tx, job, payload),
    enqueueMany: (tx, job, payloads) => started!.enqueueMany(tx, job, payloads),
    work: (timezone) => started!.work(timezone),
    stop: () => started!.stop(),
  };
  started = await startJobQueue(db, log, {
    supervise: options.supervise,
    jobs: jobDefinitions({ db, clock: options.clock, log, config: options.config, queue: forward }),
  });
  return started;
}

export function databaseOptionsOf(config: AppConfig) {
  return config.databaseUrl
    ? ({
        kind: 'postgres',
        url: config.databaseUrl,
        poolMax: config.databasePoolMax,
        preparedStatements: config.databasePreparedStatements,
      } as const)
    : ({ kind: 'pglite', dataDir: config.dataDir } as const);
}

/**
 * Assembles a running Aftercare: database (migrated), first-run defaults, job queue, HTTP app.
 * The `worker` role runs jobs only; `api` serves HTTP only; `all` does both.
 */
export async function createAftercare(
  config: AppConfig,
  options: { clock?: Clock; log?: Logger; db?: Database; webDist?: string | false } = {},
): Promise<Aftercare> {
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const db = options.db ?? (await openDatabase(databaseOptionsOf(config)));
  await migrate(db);
  const firstRun = await ensureFirstRun(db, config.adminPassword);
  const runsJobs = config.role !== 'api';
  const queue = await startQueueWithJobs(db, log, { supervise: runsJobs, clock, config });
  if (runsJobs) await queue.work(config.timezone);
  const context: AppContext = { config, db, clock, log, queue, version: VERSION };
  const app = await buildHttpApp(context, httpModules, { webDist: options.webDist });
  const services = runsJobs ? startBackgroundServices(context) : [];
  return {
    context,
    app,
    firstRun,
    async close() {
      // Long-lived connections (IMAP IDLE) go first, so nothing new is queued while the queue drains.
      await Promise.all(services.map((service) => service.stop()));
      await app.close();
      await queue.stop();
      await db.close();
    },
  };
}
