import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob, type JobDefinition, type JobSpec } from '../../platform/queue.js';
import { VERSION } from '../../platform/version.js';
import { fetchMailbox } from './fetch.service.js';
import { claimDuePolls } from './mailboxes.repository.js';

const fetchPayload = z.object({ mailboxId: z.uuid() });
type FetchPayload = z.infer<typeof fetchPayload>;

/**
 * Fetches one mailbox. Not retried by the queue: a failure is recorded on the mailbox and the next poll
 * (or IDLE announcement) tries again, so an unreachable server does not pile up retries.
 */
export const fetchMailboxSpec: JobSpec<FetchPayload> = {
  name: 'mailboxes.fetch',
  payload: fetchPayload,
  retryLimit: 0,
};

type JobContext = Pick<AppContext, 'db' | 'clock' | 'log' | 'config' | 'queue'>;

/** Queues a fetch of every enabled mailbox whose poll interval has passed. */
export async function queueDuePolls(ctx: JobContext): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const due = await claimDuePolls(tx, ctx.clock.now());
    for (const mailboxId of due) await ctx.queue.enqueue(tx, fetchMailboxSpec, { mailboxId });
    return due.length;
  });
}

/** The e-mail channel's jobs: the fetch, and the every-minute poll that queues the fetches that are due. */
export function mailboxJobs(ctx: JobContext): JobDefinition<never>[] {
  const context: AppContext = { ...ctx, version: VERSION };
  return [
    defineJob({
      ...fetchMailboxSpec,
      async handle({ mailboxId }) {
        await fetchMailbox(context, mailboxId);
      },
    }),
    defineJob({
      name: 'mailboxes.poll',
      payload: z.object({}),
      cron: '* * * * *',
      retryLimit: 0,
      async handle() {
        await queueDuePolls(ctx);
      },
    }),
  ] as JobDefinition<never>[];
}
