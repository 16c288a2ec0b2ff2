import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ImapFlow, MailboxObject } from 'imapflow';
import type { AppContext } from '../../platform/context.js';
import { closeQuietly, describeImapError, imapClient } from './imap.js';
import { fallbackMessageId, planFetch } from './inbound.js';
import { ingestMessage, readMessage } from './ingest.service.js';
import {
  claimFetchLease,
  type MailboxRecord,
  markMessageTaken,
  noteStuckMessage,
  recordFailedMessage,
  releaseFetchLease,
  requestFetch,
  setMailboxPosition,
} from './mailboxes.repository.js';

/** How long a fetch may go without renewing its lease before another process may take over. */
const LEASE_MS = 10 * 60_000;
/** A message failing this many fetches in a row is recorded as failed and passed over (it stays unseen). */
export const MAX_ATTEMPTS_PER_MESSAGE = 5;

export type FetchResult =
  | { status: 'fetched'; taken: number; error: string | null }
  /** Another fetch of this mailbox is running; it was asked to go round once more. */
  | { status: 'busy' }
  /** Disabled or deleted. */
  | { status: 'unavailable' };

const leaseFor = (ctx: Pick<AppContext, 'clock'>, owner: string) => {
  const now = ctx.clock.now();
  return { owner, now, until: new Date(now.getTime() + LEASE_MS) };
};

/**
 * Takes the new mail of one mailbox: the same fetch whether the minute's poll, an IDLE announcement or
 * an administrator asks for it. One fetch per mailbox runs at a time across all processes (a lease in
 * the database); a request that finds one running makes it go round again instead of waiting.
 */
export async function fetchMailbox(ctx: AppContext, mailboxId: string): Promise<FetchResult> {
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  let mailbox = await claimFetchLease(ctx.db, mailboxId, leaseFor(ctx, owner));
  if (!mailbox) {
    await requestFetch(ctx.db, mailboxId, ctx.clock.now());
    // The holder may have finished between our two steps without seeing the request: try once more.
    mailbox = await claimFetchLease(ctx.db, mailboxId, leaseFor(ctx, owner));
    if (!mailbox) return (await isFetchable(ctx, mailboxId)) ? { status: 'busy' } : { status: 'unavailable' };
  }
  let taken = 0;
  for (;;) {
    const round = await fetchRound(ctx, mailbox, owner);
    taken += round.taken;
    const again = await releaseFetchLease(ctx.db, mailbox.id, owner, {
      at: ctx.clock.now(),
      error: round.error,
    });
    if (round.error || !again) return { status: 'fetched', taken, error: round.error };
    const next = await claimFetchLease(ctx.db, mailboxId, leaseFor(ctx, owner));
    if (!next) return { status: 'fetched', taken, error: null };
    mailbox = next;
  }
}

async function isFetchable(ctx: AppContext, mailboxId: string): Promise<boolean> {
  const rows = await ctx.db.query('SELECT 1 FROM mailboxes WHERE id = $1 AND is_enabled', [mailboxId]);
  return rows.length > 0;
}

/** One connection: the messages after the known position (or the unseen ones), oldest first. */
async function fetchRound(
  ctx: AppContext,
  mailbox: MailboxRecord,
  owner: string,
): Promise<{ taken: number; error: string | null }> {
  const log = ctx.log.child({ category: 'mailboxes', mailboxId: mailbox.id });
  const client = imapClient(mailbox);
  let taken = 0;
  try {
    await client.connect();
    const lock = await client.getMailboxLock(mailbox.folder);
    try {
      const folder = client.mailbox as MailboxObject;
      const plan = planFetch(
        { uidValidity: mailbox.uidValidity, lastUid: mailbox.lastUid },
        { uidValidity: Number(folder.uidValidity), uidNext: folder.uidNext },
      );
      if (plan.mode === 'unseen' && mailbox.uidValidity !== null) {
        log.warn(
          { was: mailbox.uidValidity, now: plan.uidValidity },
          'UIDVALIDITY changed; taking unseen mail',
        );
      }
      const found =
        plan.mode === 'resume'
          ? await client.search({ uid: `${plan.afterUid + 1}:*` }, { uid: true })
          : await client.search({ seen: false }, { uid: true });
      // `n:*` always matches the newest message, even when its UID is below n.
      const uids = (found || [])
        .filter((uid) => plan.mode === 'unseen' || uid > plan.afterUid)
        .sort((a, b) => a - b);
      for (const uid of uids) {
        const outcome = await takeMessage(ctx, client, mailbox, uid, plan.mode === 'resume', owner);
        if (outcome !== 'taken') return { taken, error: outcome.error };
        taken += 1;
      }
      if (plan.mode === 'unseen') {
        await setMailboxPosition(ctx.db, mailbox.id, {
          uidValidity: plan.uidValidity,
          lastUid: Math.max(plan.resumeAfterUid, ...uids),
        });
      }
    } finally {
      lock.release();
    }
    return { taken, error: null };
  } catch (error) {
    const { problem, detail } = describeImapError(error);
    log.warn({ problem, error: detail }, 'mailbox fetch failed');
    return { taken, error: `${problem}: ${detail}` };
  } finally {
    await closeQuietly(client);
  }
}

/**
 * Downloads one message without marking it read, takes it in, and only then marks it \Seen. A failure
 * leaves it unseen and stops the round (so the position never moves past it); after a few failed rounds
 * it is recorded as failed and passed over.
 */
async function takeMessage(
  ctx: AppContext,
  client: ImapFlow,
  mailbox: MailboxRecord,
  uid: number,
  resume: boolean,
  owner: string,
): Promise<'taken' | { error: string }> {
  const log = ctx.log.child({ category: 'mailboxes', mailboxId: mailbox.id, uid });
  const message = await client.fetchOne(
    String(uid),
    { uid: true, source: true, internalDate: true },
    { uid: true },
  );
  // Deleted meanwhile: nothing to take.
  if (message === false || !message.source) return 'taken';
  const receivedAt = message.internalDate ? new Date(message.internalDate) : null;
  const leaseUntil = leaseFor(ctx, owner).until;
  try {
    const result = await ingestMessage(ctx, message.source, {
      mailbox,
      uid: resume ? uid : null,
      receivedAt,
      leaseUntil,
    });
    log.info({ outcome: result.outcome }, 'mail taken');
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const attempts = await noteStuckMessage(ctx.db, mailbox.id, uid);
    log.warn({ attempt: attempts, error: detail }, 'mail could not be taken; it stays unseen');
    if (attempts < MAX_ATTEMPTS_PER_MESSAGE) return { error: `UID ${uid}: ${detail}` };
    // Recorded under its own Message-ID when it can be read that far, so a copy elsewhere may still be taken.
    const facts = await readMessage(message.source).catch(() => null);
    await recordFailedMessage(ctx.db, {
      messageId:
        facts?.messageId ??
        fallbackMessageId({
          from: null,
          to: mailbox.id,
          date: String(mailbox.uidValidity ?? ''),
          subject: `uid ${uid}`,
          text: message.source.toString('latin1'),
        }),
      mailboxId: mailbox.id,
      fromAddress: facts?.fromAddress ?? null,
      subject: facts?.subject.slice(0, 1000) ?? '',
      inReplyTo: facts?.inReplyTo[0] ?? null,
      references: facts?.references ?? [],
      htmlBody: null,
      imapUid: uid,
      receivedAt: receivedAt ?? ctx.clock.now(),
      reason: detail,
    });
    await markMessageTaken(ctx.db, mailbox.id, { uid: resume ? uid : null, leaseUntil });
    return 'taken';
  }
  try {
    await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
  } catch (error) {
    // Stored already; the position has moved past it, so it is not taken twice.
    log.warn({ error: describeImapError(error).detail }, 'could not mark mail as seen');
  }
  return 'taken';
}
