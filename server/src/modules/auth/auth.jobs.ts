import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob } from '../../platform/queue.js';
import { deleteExpiredSessions } from './auth.repository.js';

/** Hourly removal of expired sessions, so the sessions table holds only live ones. */
export const purgeExpiredSessionsJob = (ctx: Pick<AppContext, 'db' | 'clock' | 'log'>) =>
  defineJob({
    name: 'auth.purge-expired-sessions',
    payload: z.object({}),
    cron: '17 * * * *',
    retryLimit: 2,
    async handle() {
      const removed = await deleteExpiredSessions(ctx.db, ctx.clock.now());
      if (removed > 0) ctx.log.info({ category: 'auth', removed }, 'expired sessions removed');
    },
  });
