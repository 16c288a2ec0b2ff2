import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob } from '../../platform/queue.js';
import { sweepSurveys } from './surveys.service.js';

/** Every minute: invitations, the one reminder and expiries that have come due (R6.1). */
export const surveySweepJob = (ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'queue' | 'log'>) =>
  defineJob({
    name: 'surveys.sweep',
    payload: z.object({}),
    cron: '* * * * *',
    retryLimit: 1,
    async handle() {
      const handled = await sweepSurveys(ctx);
      if (handled > 0) ctx.log.info({ category: 'surveys', handled }, 'surveys swept');
    },
  });
