import type { Queryable } from '../../platform/db/database.js';
import { camelRow, SqlParams } from '../../platform/db/rows.js';

export type NotificationChannel = 'email' | 'sms' | 'in_app' | 'webhook' | 'wecom' | 'dingtalk';
/** Channels delivered by a background job (in-app rows are "sent" when written). */
export type OutboxChannel = Exclude<NotificationChannel, 'in_app'>;
export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'skipped' | 'dead';

export interface NotificationRecord {
  id: string;
  seq: number;
  ticketId: string | null;
  channel: NotificationChannel;
  /** E-mail address, phone number, user id (in-app), robot id or webhook endpoint id. */
  recipient: string;
  template: string;
  locale: string;
  subject: string;
  /** The text; for a webhook the JSON document to post. */
  body: string;
  status: NotificationStatus;
  attempts: number;
  attemptLimit: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
}

export type NewNotification = Pick<
  NotificationRecord,
  'ticketId' | 'channel' | 'recipient' | 'template' | 'locale' | 'subject' | 'body' | 'status' | 'createdAt'
> & {
  attemptLimit?: number;
  /** Writes the row only once per transaction for this key (robots and webhooks). */
  eventKey?: string;
};

/** Writes one outbox row; returns its id, or null when the event key was already written in this transaction. */
export async function insertNotification(
  tx: Queryable,
  notification: NewNotification,
): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO notifications (ticket_id, channel, recipient, template, locale, subject, body, status, created_at,
                                sent_at, attempt_limit, event_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $8 = 'sent' THEN $9::timestamptz END, $10,
             CASE WHEN $11::text IS NOT NULL THEN $11 || '@' || pg_current_xact_id()::text END)
     ON CONFLICT (event_key) WHERE event_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      notification.ticketId,
      notification.channel,
      notification.recipient,
      notification.template,
      notification.locale,
      notification.subject,
      notification.body,
      notification.status,
      notification.createdAt,
      notification.attemptLimit ?? 1,
      notification.eventKey ?? null,
    ],
  );
  return rows[0]?.id ?? null;
}

const toRecord = (row: Record<string, unknown>) => camelRow<NotificationRecord>(row);

export async function findNotification(db: Queryable, id: string): Promise<NotificationRecord | undefined> {
  const rows = await db.query('SELECT * FROM notifications WHERE id = $1', [id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** Records the outcome of one delivery attempt. */
export async function markNotification(
  tx: Queryable,
  id: string,
  outcome: { status: NotificationStatus; error: string | null; at: Date },
): Promise<void> {
  await tx.query(
    `UPDATE notifications SET status = $2, last_error = $3, attempts = attempts + 1,
            sent_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz ELSE sent_at END WHERE id = $1`,
    [id, outcome.status, outcome.error, outcome.at],
  );
}

/** A hand redelivery: pending again, with a fresh round of attempts after those already made. */
export async function reopenNotification(tx: Queryable, id: string, extraAttempts: number): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE notifications SET status = 'pending', attempt_limit = attempts + $2
      WHERE id = $1 AND status IN ('dead', 'failed', 'skipped') RETURNING id`,
    [id, extraAttempts],
  );
  return rows.length > 0;
}

export async function listTicketNotifications(
  db: Queryable,
  ticketId: string,
): Promise<NotificationRecord[]> {
  const rows = await db.query('SELECT * FROM notifications WHERE ticket_id = $1 ORDER BY seq', [ticketId]);
  return rows.map(toRecord);
}

// ---- The in-app inbox ----

export interface InboxItem {
  id: string;
  seq: number;
  template: string;
  subject: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
  ticketId: string | null;
  ticketNumber: string | null;
}

const INBOX_COLUMNS = `n.id, n.seq, n.template, n.subject, n.body, n.created_at, n.read_at, n.ticket_id,
  t.number AS ticket_number`;

/** A user's in-app notifications, newest first, after the `beforeSeq` cursor. */
export async function listInbox(
  db: Queryable,
  userId: string,
  filter: {
    unreadOnly: boolean;
    beforeSeq?: number | undefined;
    afterSeq?: number | undefined;
    limit: number;
  },
): Promise<InboxItem[]> {
  const p = new SqlParams();
  const conditions = [`n.channel = 'in_app'`, `n.recipient = ${p.add(userId)}`];
  if (filter.unreadOnly) conditions.push('n.read_at IS NULL');
  if (filter.beforeSeq !== undefined) conditions.push(`n.seq < ${p.add(filter.beforeSeq)}`);
  if (filter.afterSeq !== undefined) conditions.push(`n.seq > ${p.add(filter.afterSeq)}`);
  const rows = await db.query(
    `SELECT ${INBOX_COLUMNS} FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id
      WHERE ${conditions.join(' AND ')} ORDER BY n.seq DESC LIMIT ${p.add(filter.limit)}`,
    p.values,
  );
  return rows.map((row) => camelRow<InboxItem>(row));
}

export async function countUnread(db: Queryable, userId: string): Promise<number> {
  const rows = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM notifications WHERE channel = 'in_app' AND recipient = $1 AND read_at IS NULL`,
    [userId],
  );
  return rows[0]?.count ?? 0;
}

/** Marks the given (or all) unread notifications of a user read; returns how many changed. */
export async function markInboxRead(
  db: Queryable,
  userId: string,
  ids: readonly string[] | 'all',
  at: Date,
): Promise<number> {
  const rows =
    ids === 'all'
      ? await db.query(
          `UPDATE notifications SET read_at = $2 WHERE channel = 'in_app' AND recipient = $1 AND read_at IS NULL
           RETURNING id`,
          [userId, at],
        )
      : await db.query(
          `UPDATE notifications SET read_at = $2
            WHERE channel = 'in_app' AND recipient = $1 AND read_at IS NULL AND id = ANY($3::uuid[]) RETURNING id`,
          [userId, at, ids],
        );
  return rows.length;
}

/**
 * For the live stream: per user, the unread count and a fingerprint of the unread set (sum of seq), which
 * changes whenever a notification arrives or is read, whatever order transactions commit in.
 */
export async function unreadFingerprints(
  db: Queryable,
  userIds: readonly string[],
): Promise<Map<string, { unread: number; fingerprint: string }>> {
  const rows = await db.query<{ recipient: string; unread: number; fingerprint: string }>(
    `SELECT recipient, count(*)::int AS unread, sum(seq)::text AS fingerprint FROM notifications
      WHERE channel = 'in_app' AND read_at IS NULL AND recipient = ANY($1::text[]) GROUP BY recipient`,
    [userIds],
  );
  return new Map(rows.map((row) => [row.recipient, { unread: row.unread, fingerprint: row.fingerprint }]));
}

export async function maxInboxSeq(db: Queryable, userId: string): Promise<number> {
  const rows = await db.query<{ seq: number | null }>(
    `SELECT max(seq) AS seq FROM notifications WHERE channel = 'in_app' AND recipient = $1`,
    [userId],
  );
  return rows[0]?.seq ?? 0;
}

// ---- Deliveries (the outbox as administrators see it) ----

export interface DeliveryRow extends NotificationRecord {
  ticketNumber: string | null;
  /** The robot's or endpoint's name, for those channels. */
  targetName: string | null;
}

export interface DeliveryFilter {
  status?: NotificationStatus | undefined;
  channel?: OutboxChannel | undefined;
  ticketId?: string | undefined;
  beforeSeq?: number | undefined;
  limit: number;
}

export async function listDeliveries(db: Queryable, filter: DeliveryFilter): Promise<DeliveryRow[]> {
  const p = new SqlParams();
  const conditions = [`n.channel <> 'in_app'`];
  if (filter.status) conditions.push(`n.status = ${p.add(filter.status)}`);
  if (filter.channel) conditions.push(`n.channel = ${p.add(filter.channel)}`);
  if (filter.ticketId) conditions.push(`n.ticket_id = ${p.add(filter.ticketId)}`);
  if (filter.beforeSeq !== undefined) conditions.push(`n.seq < ${p.add(filter.beforeSeq)}`);
  const rows = await db.query(
    `SELECT n.*, t.number AS ticket_number, coalesce(r.name, w.name) AS target_name
       FROM notifications n
       LEFT JOIN tickets t ON t.id = n.ticket_id
       LEFT JOIN notification_robots r ON n.channel IN ('wecom', 'dingtalk') AND r.id::text = n.recipient
       LEFT JOIN webhook_endpoints w ON n.channel = 'webhook' AND w.id::text = n.recipient
      WHERE ${conditions.join(' AND ')} ORDER BY n.seq DESC LIMIT ${p.add(filter.limit)}`,
    p.values,
  );
  return rows.map((row) => camelRow<DeliveryRow>(row));
}

/** The facts about a ticket that robots and webhooks report. */
export interface TicketFacts {
  id: string;
  number: string;
  title: string;
  status: string;
  priority: string;
  groupId: string | null;
  ownerUserId: string | null;
  contactPhone: string | null;
}

export async function findTicketFacts(db: Queryable, ticketId: string): Promise<TicketFacts | undefined> {
  const rows = await db.query(
    `SELECT id, number, title, status, priority, group_id, owner_user_id, contact_phone FROM tickets
      WHERE id = $1`,
    [ticketId],
  );
  return rows[0] ? camelRow<TicketFacts>(rows[0]) : undefined;
}

/** What a staff alert needs to know about its recipient. */
export interface StaffRecipient {
  id: string;
  email: string | null;
  phone: string | null;
  locale: 'zh-CN' | 'en';
  isActive: boolean;
}

export async function findStaffRecipient(db: Queryable, userId: string): Promise<StaffRecipient | undefined> {
  const rows = await db.query('SELECT id, email, phone, locale, is_active FROM users WHERE id = $1', [
    userId,
  ]);
  return rows[0] ? camelRow<StaffRecipient>(rows[0]) : undefined;
}

// ---- Batches (the SLA sweep's alerts) ----

export async function findStaffRecipients(
  db: Queryable,
  userIds: readonly string[],
): Promise<Map<string, StaffRecipient>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.query(
    'SELECT id, email, phone, locale, is_active FROM users WHERE id = ANY($1::uuid[])',
    [userIds],
  );
  return new Map(rows.map((row) => [row.id as string, camelRow<StaffRecipient>(row)]));
}

export async function findTicketFactsOf(
  db: Queryable,
  ticketIds: readonly string[],
): Promise<Map<string, TicketFacts>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await db.query(
    `SELECT id, number, title, status, priority, group_id, owner_user_id, contact_phone FROM tickets
      WHERE id = ANY($1::uuid[])`,
    [ticketIds],
  );
  return new Map(rows.map((row) => [row.id as string, camelRow<TicketFacts>(row)]));
}

/**
 * Writes many outbox rows in one statement, in the given order. Returns the id and channel of each row
 * written; a row whose event key was already written in this transaction is left out, as
 * `insertNotification` does.
 */
export async function insertNotifications(
  tx: Queryable,
  notifications: readonly NewNotification[],
): Promise<{ id: string; channel: NotificationChannel }[]> {
  if (notifications.length === 0) return [];
  const rows = notifications.map((notification) => ({
    ticket_id: notification.ticketId,
    channel: notification.channel,
    recipient: notification.recipient,
    template: notification.template,
    locale: notification.locale,
    subject: notification.subject,
    body: notification.body,
    status: notification.status,
    created_at: notification.createdAt,
    attempt_limit: notification.attemptLimit ?? 1,
    event_key: notification.eventKey ?? null,
  }));
  return tx.query<{ id: string; channel: NotificationChannel }>(
    `INSERT INTO notifications (ticket_id, channel, recipient, template, locale, subject, body, status, created_at,
                                sent_at, attempt_limit, event_key)
     SELECT n.ticket_id, n.channel, n.recipient, n.template, n.locale, n.subject, n.body, n.status, n.created_at,
            CASE WHEN n.status = 'sent' THEN n.created_at END, n.attempt_limit,
            CASE WHEN n.event_key IS NOT NULL THEN n.event_key || '@' || pg_current_xact_id()::text END
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (
              ticket_id uuid, channel text, recipient text, template text, locale text, subject text, body text,
              status text, created_at timestamptz, attempt_limit integer, event_key text))
            WITH ORDINALITY AS n (ticket_id, channel, recipient, template, locale, subject, body, status,
                                  created_at, attempt_limit, event_key, position)
      ORDER BY n.position
     ON CONFLICT (event_key) WHERE event_key IS NOT NULL DO NOTHING
     RETURNING id, channel`,
    [JSON.stringify(rows)],
  );
}
