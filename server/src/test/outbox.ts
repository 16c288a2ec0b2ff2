import type { Queryable } from '../platform/db/database.js';

/** Helpers for tests of outgoing messages: waiting for background delivery, reading the outbox. */

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface OutboxRow {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  subject: string;
  body: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

export async function outboxRows(db: Queryable, ticketId: string, channel?: string): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `SELECT id, channel, recipient, template, subject, body, status, attempts, last_error FROM notifications
      WHERE ticket_id = $1 AND ($2::text IS NULL OR channel = $2) ORDER BY seq`,
    [ticketId, channel ?? null],
  );
}
