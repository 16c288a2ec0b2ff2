import type { ImapFlow } from 'imapflow';
import type { AppContext } from '../../platform/context.js';
import { closeQuietly, describeImapError, imapClient } from './imap.js';
import { fetchMailboxSpec } from './mailboxes.jobs.js';
import { listEnabledMailboxes, type MailboxRecord } from './mailboxes.repository.js';

export interface MailboxWatcher {
  /** Looks at the mailbox settings again (also done on a timer). */
  refresh(): Promise<void>;
  /** Closes every connection; nothing reconnects afterwards. */
  stop(): Promise<void>;
}

interface Watch {
  mailboxId: string;
  /** The settings' version (updated_at) this connection was made with; a change reconnects. */
  version: number;
  client: ImapFlow | null;
  stopped: boolean;
  /** The server has no IDLE: the minute's poll covers this mailbox alone. */
  pollingOnly: boolean;
  attempt: number;
  retryTimer: NodeJS.Timeout | null;
  announceTimer: NodeJS.Timeout | null;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Worker processes keep one IMAP IDLE connection per enabled mailbox whose server supports IDLE, and
 * queue a fetch the moment the server announces new mail (several processes may announce the same mail;
 * the fetch itself runs once per mailbox at a time). Lost connections come back with exponential backoff.
 */
export function startMailboxWatcher(ctx: AppContext, options: { refreshMs?: number } = {}): MailboxWatcher {
  const log = ctx.log.child({ category: 'mailboxes' });
  const watches = new Map<string, Watch>();
  let stopped = false;
  let refreshing: Promise<void> = Promise.resolve();

  const announce = (watch: Watch) => {
    if (watch.stopped || watch.announceTimer) return;
    // A burst of arrivals becomes one fetch.
    watch.announceTimer = setTimeout(() => {
      watch.announceTimer = null;
      if (watch.stopped) return;
      ctx.queue
        .enqueue(ctx.db, fetchMailboxSpec, { mailboxId: watch.mailboxId })
        .catch((error: unknown) =>
          log.warn({ err: error, mailboxId: watch.mailboxId }, 'could not queue a fetch'),
        );
    }, 300);
  };

  const scheduleReconnect = (watch: Watch, mailbox: MailboxRecord) => {
    if (watch.stopped || watch.pollingOnly || watch.retryTimer) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** watch.attempt) * (0.5 + Math.random() / 2);
    watch.attempt += 1;
    watch.retryTimer = setTimeout(() => {
      watch.retryTimer = null;
      void connect(watch, mailbox);
    }, delay);
    watch.retryTimer.unref();
  };

  const connect = async (watch: Watch, mailbox: MailboxRecord) => {
    if (watch.stopped) return;
    const client = imapClient(mailbox, { idle: true });
    watch.client = client;
    client.on('exists', (change) => {
      if (change.count > change.prevCount) announce(watch);
    });
    client.on('close', () => {
      if (watch.client === client) scheduleReconnect(watch, mailbox);
    });
    try {
      await client.connect();
      if (!client.capabilities.has('IDLE')) {
        watch.pollingOnly = true;
        log.info({ mailboxId: mailbox.id }, 'the server has no IDLE; the mailbox is polled');
        await closeQuietly(client);
        return;
      }
      // Read-only: the watcher only listens; the fetch marks what it has taken.
      await client.mailboxOpen(mailbox.folder, { readOnly: true });
      if (watch.stopped) {
        await closeQuietly(client);
        return;
      }
      watch.attempt = 0;
      // Mail may have come while nobody was listening.
      announce(watch);
    } catch (error) {
      log.warn({ mailboxId: mailbox.id, error: describeImapError(error).detail }, 'IDLE connection failed');
      client.close();
      scheduleReconnect(watch, mailbox);
    }
  };

  const unwatch = async (watch: Watch) => {
    watch.stopped = true;
    if (watch.retryTimer) clearTimeout(watch.retryTimer);
    if (watch.announceTimer) clearTimeout(watch.announceTimer);
    watch.retryTimer = null;
    watch.announceTimer = null;
    const client = watch.client;
    watch.client = null;
    if (client) await closeQuietly(client);
  };

  const refreshNow = async () => {
    if (stopped) return;
    const mailboxes = await listEnabledMailboxes(ctx.db);
    if (stopped) return;
    const wanted = new Map(mailboxes.map((mailbox) => [mailbox.id, mailbox]));
    for (const [id, watch] of watches) {
      const mailbox = wanted.get(id);
      if (!mailbox || mailbox.updatedAt.getTime() !== watch.version) {
        watches.delete(id);
        await unwatch(watch);
      }
    }
    for (const mailbox of mailboxes) {
      if (watches.has(mailbox.id)) continue;
      const watch: Watch = {
        mailboxId: mailbox.id,
        version: mailbox.updatedAt.getTime(),
        client: null,
        stopped: false,
        pollingOnly: false,
        attempt: 0,
        retryTimer: null,
        announceTimer: null,
      };
      watches.set(mailbox.id, watch);
      void connect(watch, mailbox);
    }
  };

  const refresh = () => {
    refreshing = refreshing
      .then(refreshNow)
      .catch((error: unknown) => log.warn({ err: error }, 'could not read the mailbox settings'));
    return refreshing;
  };

  const timer = setInterval(() => void refresh(), options.refreshMs ?? 15_000);
  timer.unref();
  void refresh();

  return {
    refresh,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await refreshing;
      await Promise.all([...watches.values()].map(unwatch));
      watches.clear();
    },
  };
}
