import type { Clock } from './clock.js';
import type { AppConfig } from './config.js';
import type { Database } from './db/database.js';
import type { Logger } from './logger.js';
import type { JobQueue } from './queue.js';

/** What every module needs from the platform, passed in explicitly (no globals). */
export interface AppContext {
  config: AppConfig;
  db: Database;
  clock: Clock;
  log: Logger;
  queue: JobQueue;
  version: string;
}
