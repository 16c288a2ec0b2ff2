import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob } from '../../platform/queue.js';
import { autoCloseSilentTickets } from './tickets.service.js';

/** Every ten minutes: resolved tickets whose customer stayed silent past the window close themselves (R4.5). */
export const autoCloseJob = (ctx: Pick<AppContext, 'db' | 'clock' | 'log'>) =>
  defineJob({
    name: 'tickets.auto-close',
    payload: z.object({}),
    cron: '*/10 * * * *',
    retryLimit: 2,
    async handle() {
      const closed = await autoCloseSilentTickets(ctx);
      if (closed > 0) ctx.log.info({ category: 'tickets', closed }, 'silent resolved tickets auto-closed');
    },
  });
