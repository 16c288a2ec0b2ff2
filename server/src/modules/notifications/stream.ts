import type { Queryable } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import { type InboxItem, listInbox, maxInboxSeq, unreadFingerprints } from './notifications.repository.js';

/** One open event stream: where to write, and what it has been told. */
interface Subscriber {
  userId: string;
  write(event: 'unread' | 'notification', data: unknown): void;
  /** Only notifications newer than what existed when the stream opened are announced as new. */
  floorSeq: number;
  fingerprint: string | null;
  announced: Set<string>;
}

const NEWEST = 20;
const MAX_ANNOUNCED = 500;

/**
 * Live in-app notifications for every open stream of this process. One timer polls the outbox while
 * anyone listens: a single grouped query per tick finds the users whose unread set changed (a notification
 * arrived or was read, by any server process), and only for those are the newest unread rows read. Works
 * the same on PGlite and PostgreSQL and across several processes, with no listener connection to keep.
 */
export class InboxStreamHub {
  readonly #subscribers = new Set<Subscriber>();
  #timer: NodeJS.Timeout | undefined;
  #ticking = false;

  constructor(
    private readonly db: Queryable,
    private readonly log: Logger,
    private readonly options: { pollMs: number; present: (item: InboxItem) => unknown },
  ) {}

  get size(): number {
    return this.#subscribers.size;
  }

  /** Starts following a user's inbox; sends the current unread count at once. Returns the unsubscribe. */
  async subscribe(userId: string, write: Subscriber['write']): Promise<() => void> {
    const subscriber: Subscriber = {
      userId,
      write,
      floorSeq: await maxInboxSeq(this.db, userId),
      fingerprint: null,
      announced: new Set(),
    };
    const state = (await unreadFingerprints(this.db, [userId])).get(userId);
    subscriber.fingerprint = state?.fingerprint ?? '0';
    write('unread', { unread: state?.unread ?? 0 });
    this.#subscribers.add(subscriber);
    this.#timer ??= setInterval(() => void this.tick(), this.options.pollMs);
    this.#timer.unref?.();
    return () => {
      this.#subscribers.delete(subscriber);
      if (this.#subscribers.size === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  /** One poll: tell every stream whose user's unread set changed. */
  async tick(): Promise<void> {
    if (this.#ticking || this.#subscribers.size === 0) return;
    this.#ticking = true;
    try {
      const subscribers = [...this.#subscribers];
      const userIds = [...new Set(subscribers.map((s) => s.userId))];
      const states = await unreadFingerprints(this.db, userIds);
      const newest = new Map<string, InboxItem[]>();
      for (const subscriber of subscribers) {
        const state = states.get(subscriber.userId) ?? { unread: 0, fingerprint: '0' };
        if (state.fingerprint === subscriber.fingerprint) continue;
        subscriber.fingerprint = state.fingerprint;
        let items = newest.get(subscriber.userId);
        if (!items) {
          items = await listInbox(this.db, subscriber.userId, { unreadOnly: true, limit: NEWEST });
          newest.set(subscriber.userId, items);
        }
        for (const item of [...items].reverse()) {
          if (item.seq <= subscriber.floorSeq || subscriber.announced.has(item.id)) continue;
          subscriber.announced.add(item.id);
          subscriber.write('notification', this.options.present(item));
        }
        if (subscriber.announced.size > MAX_ANNOUNCED) {
          subscriber.announced = new Set([...subscriber.announced].slice(-MAX_ANNOUNCED / 2));
        }
        subscriber.write('unread', { unread: state.unread });
      }
    } catch (error) {
      this.log.warn({ category: 'notifications', err: error }, 'notification stream poll failed');
    } finally {
      this.#ticking = false;
    }
  }

  /** Forgets every stream (the server is closing; their connections are ended by their owners). */
  clear(): void {
    this.#subscribers.clear();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
