import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob } from '../../platform/queue.js';
import { purgeExpiredPortalData } from './portal.service.js';

/** Hourly removal of expired portal sessions and spent one-time codes. */
export const purgePortalDataJob = (ctx: Pick<AppContext, 'db' | 'clock' | 'log'>) =>
  defineJob({
    name: 'portal.purge-expired',
    payload: z.object({}),
    cron: '23 * * * *',
    retryLimit: 2,
    async handle() {
      const removed = await purgeExpiredPortalData(ctx);
      if (removed.sessions + removed.codes > 0) {
        ctx.log.info({ category: 'portal', ...removed }, 'expired portal sessions and codes removed');
      }
    },
  });
