import type { Queryable } from '../../platform/db/database.js';
import { camelRow } from '../../platform/db/rows.js';

export type NotificationChannel = 'email' | 'sms' | 'in_app';

export interface NotificationRecord {
  id: string;
  ticketId: string | null;
  channel: NotificationChannel;
  recipient: string;
  template: string;
  locale: string;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export async function insertNotification(
  tx: Queryable,
  notification: Pick<
    NotificationRecord,
    'ticketId' | 'channel' | 'recipient' | 'template' | 'locale' | 'subject' | 'body' | 'status' | 'createdAt'
  >,
): Promise<string> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO notifications (ticket_id, channel, recipient, template, locale, subject, body, status, created_at, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $8 = 'sent' THEN $9::timestamptz END) RETURNING id`,
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
    ],
  );
  return rows[0]!.id;
}

export async function findNotification(db: Queryable, id: string): Promise<NotificationRecord | undefined> {
  const rows = await db.query('SELECT * FROM notifications WHERE id = $1', [id]);
  return rows[0] ? camelRow<NotificationRecord>(rows[0] as Record<string, unknown>) : undefined;
}

export async function markNotification(
  tx: Queryable,
  id: string,
  outcome: { status: NotificationRecord['status']; error: string | null; at: Date },
): Promise<void> {
  await tx.query(
    `UPDATE notifications SET status = $2, last_error = $3, attempts = attempts + 1,
            sent_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz ELSE sent_at END WHERE id = $1`,
    [id, outcome.status, outcome.error, outcome.at],
  );
}

export async function listTicketNotifications(
  db: Queryable,
  ticketId: string,
): Promise<NotificationRecord[]> {
  const rows = await db.query('SELECT * FROM notifications WHERE ticket_id = $1 ORDER BY created_at', [
    ticketId,
  ]);
  return rows.map((row) => camelRow<NotificationRecord>(row as Record<string, unknown>));
}
