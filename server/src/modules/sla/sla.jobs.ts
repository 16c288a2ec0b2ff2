import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob } from '../../platform/queue.js';
import { sweepAllDue } from './sla.sweep.js';

/** Every minute: warnings and breaches that have come due (R5.4), all of them. */
export const slaSweepJob = (ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'queue' | 'log'>) =>
  defineJob({
    name: 'sla.sweep',
    payload: z.object({}),
    cron: '* * * * *',
    retryLimit: 1,
    async handle() {
      const handled = await sweepAllDue(ctx, { concurrency: ctx.config.slaSweepConcurrency });
      if (handled > 0) ctx.log.info({ category: 'sla', handled }, 'SLA milestones swept');
    },
  });
