import type { Queryable } from '../../platform/db/database.js';
import { camelRow } from '../../platform/db/rows.js';

export type MailboxSecurity = 'tls' | 'starttls' | 'none';

/** A mailbox as stored, password included: never leaves the service layer as it is. */
export interface MailboxRecord extends MailboxFields {
  id: string;
  uidValidity: number | null;
  lastUid: number;
  stuckUid: number | null;
  stuckAttempts: number;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  messagesTaken: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A mailbox with what the settings page shows next to it. */
export interface MailboxView extends MailboxRecord {
  defaultGroupName: string | null;
  ticketsCreated: number;
  repliesAdded: number;
  ignored: number;
  failed: number;
}

const MAILBOX_COLUMNS = `id, name, host, port, security, username, password, folder, address, default_group_id,
  is_enabled, poll_interval_minutes, uid_validity, last_uid, stuck_uid, stuck_attempts, last_polled_at,
  last_success_at, last_error, last_error_at, messages_taken, created_at, updated_at`;

const toMailbox = (row: unknown) => camelRow<MailboxRecord>(row as Record<string, unknown>);

export async function listMailboxViews(db: Queryable): Promise<MailboxView[]> {
  const rows = await db.query(
    `SELECT ${MAILBOX_COLUMNS.replace(/(\w+)/g, 'm.$1')}, g.name AS default_group_name,
            coalesce(s.tickets_created, 0)::int AS tickets_created, coalesce(s.replies_added, 0)::int AS replies_added,
            coalesce(s.ignored, 0)::int AS ignored, coalesce(s.failed, 0)::int AS failed
       FROM mailboxes m
       LEFT JOIN groups g ON g.id = m.default_group_id
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE outcome = 'ticket_created') AS tickets_created,
                count(*) FILTER (WHERE outcome = 'reply_added') AS replies_added,
                count(*) FILTER (WHERE outcome = 'ignored') AS ignored,
                count(*) FILTER (WHERE outcome = 'failed') AS failed
           FROM mail_messages mm WHERE mm.mailbox_id = m.id) s ON true
      ORDER BY m.name`,
  );
  return rows.map((row) => camelRow<MailboxView>(row as Record<string, unknown>));
}

export async function findMailbox(db: Queryable, id: string): Promise<MailboxRecord | undefined> {
  const rows = await db.query(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes WHERE id = $1`, [id]);
  return rows[0] ? toMailbox(rows[0]) : undefined;
}

export async function mailboxNameTaken(
  db: Queryable,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  const rows = await db.query(
    'SELECT 1 FROM mailboxes WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2',
    [name, exceptId],
  );
  return rows.length > 0;
}

export interface MailboxFields {
  name: string;
  host: string;
  port: number;
  security: MailboxSecurity;
  username: string;
  password: string;
  folder: string;
  address: string | null;
  defaultGroupId: string | null;
  isEnabled: boolean;
  pollIntervalMinutes: number;
}

export async function insertMailbox(tx: Queryable, fields: MailboxFields, now: Date): Promise<string> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO mailboxes (name, host, port, security, username, password, folder, address, default_group_id,
                            is_enabled, poll_interval_minutes, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
    [
      fields.name,
      fields.host,
      fields.port,
      fields.security,
      fields.username,
      fields.password,
      fields.folder,
      fields.address,
      fields.defaultGroupId,
      fields.isEnabled,
      fields.pollIntervalMinutes,
      now,
    ],
  );
  return rows[0]!.id;
}

/** Saves changed settings; a different account or folder forgets the UID position (it meant other mail). */
export async function updateMailbox(
  tx: Queryable,
  id: string,
  fields: MailboxFields,
  options: { resetPosition: boolean; now: Date },
): Promise<void> {
  await tx.query(
    `UPDATE mailboxes SET name = $2, host = $3, port = $4, security = $5, username = $6, password = $7, folder = $8,
            address = $9, default_group_id = $10, is_enabled = $11, poll_interval_minutes = $12, updated_at = $13,
            uid_validity = CASE WHEN $14 THEN NULL ELSE uid_validity END,
            last_uid = CASE WHEN $14 THEN 0 ELSE last_uid END,
            stuck_uid = CASE WHEN $14 THEN NULL ELSE stuck_uid END,
            stuck_attempts = CASE WHEN $14 THEN 0 ELSE stuck_attempts END,
            last_error = CASE WHEN $14 THEN NULL ELSE last_error END
      WHERE id = $1`,
    [
      id,
      fields.name,
      fields.host,
      fields.port,
      fields.security,
      fields.username,
      fields.password,
      fields.folder,
      fields.address,
      fields.defaultGroupId,
      fields.isEnabled,
      fields.pollIntervalMinutes,
      options.now,
      options.resetPosition,
    ],
  );
}

export async function deleteMailbox(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM mailboxes WHERE id = $1', [id]);
}

/** The enabled mailboxes' settings, for the IDLE watcher (updated_at tells it when to reconnect). */
export async function listEnabledMailboxes(db: Queryable): Promise<MailboxRecord[]> {
  return (await db.query(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes WHERE is_enabled ORDER BY name`)).map(
    toMailbox,
  );
}

/** The addresses that are our own: mail from them is our mail coming back, never a customer. */
export async function listMailboxAddresses(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ address: string }>('SELECT address FROM mailboxes WHERE address IS NOT NULL');
  return rows.map((row) => row.address);
}

// ---- Fetching: one at a time per mailbox, across processes ----

/**
 * Takes the mailbox's fetch lease if it is free (or its holder stopped renewing it), clearing pending
 * requests; the fetch counts as the mailbox's last poll from its start.
 */
export async function claimFetchLease(
  db: Queryable,
  id: string,
  lease: { owner: string; now: Date; until: Date },
): Promise<MailboxRecord | undefined> {
  const rows = await db.query(
    `UPDATE mailboxes SET fetch_lease_owner = $2, fetch_lease_until = $4, fetch_requested_at = NULL, last_polled_at = $3
      WHERE id = $1 AND is_enabled AND (fetch_lease_until IS NULL OR fetch_lease_until < $3)
      RETURNING ${MAILBOX_COLUMNS}`,
    [id, lease.owner, lease.now, lease.until],
  );
  return rows[0] ? toMailbox(rows[0]) : undefined;
}

/** Asks the current lease holder to go round once more (mail arrived while it was fetching). */
export async function requestFetch(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE mailboxes SET fetch_requested_at = $2 WHERE id = $1', [id, now]);
}

/**
 * Ends a fetch: records its outcome and frees the lease. Returns whether another fetch was asked for
 * meanwhile, so the caller takes the lease again rather than leave that mail until the next poll.
 */
export async function releaseFetchLease(
  db: Queryable,
  id: string,
  owner: string,
  outcome: { at: Date; error: string | null },
): Promise<boolean> {
  const rows = await db.query<{ requested: boolean }>(
    `UPDATE mailboxes SET fetch_lease_owner = NULL, fetch_lease_until = NULL,
            last_success_at = CASE WHEN $4::text IS NULL THEN $3 ELSE last_success_at END,
            last_error = $4,
            last_error_at = CASE WHEN $4::text IS NULL THEN last_error_at ELSE $3 END
      WHERE id = $1 AND fetch_lease_owner = $2
      RETURNING fetch_requested_at IS NOT NULL AS requested`,
    [id, owner, outcome.at, outcome.error],
  );
  return rows[0]?.requested ?? false;
}

/** Where the next fetch resumes: a folder whose UIDVALIDITY changed starts over after its current UIDs. */
export async function setMailboxPosition(
  db: Queryable,
  id: string,
  position: { uidValidity: number; lastUid: number },
): Promise<void> {
  await db.query(
    'UPDATE mailboxes SET uid_validity = $2, last_uid = $3, stuck_uid = NULL, stuck_attempts = 0 WHERE id = $1',
    [id, position.uidValidity, position.lastUid],
  );
}

/** One message taken: the position moves past it (when resuming by UID) and the lease is renewed. */
export async function markMessageTaken(
  tx: Queryable,
  id: string,
  taken: { uid: number | null; leaseUntil: Date },
): Promise<void> {
  await tx.query(
    `UPDATE mailboxes SET last_uid = CASE WHEN $2::bigint IS NULL THEN last_uid ELSE greatest(last_uid, $2::bigint) END,
            messages_taken = messages_taken + 1, stuck_uid = NULL, stuck_attempts = 0, fetch_lease_until = $3
      WHERE id = $1`,
    [id, taken.uid, taken.leaseUntil],
  );
}

/** Counts another failure of the same message; returns how often it has failed in a row. */
export async function noteStuckMessage(db: Queryable, id: string, uid: number): Promise<number> {
  const rows = await db.query<{ stuck_attempts: number }>(
    `UPDATE mailboxes SET stuck_attempts = CASE WHEN stuck_uid = $2 THEN stuck_attempts + 1 ELSE 1 END, stuck_uid = $2
      WHERE id = $1 RETURNING stuck_attempts`,
    [id, uid],
  );
  return rows[0]?.stuck_attempts ?? 1;
}

/** The mailboxes due for a poll; marks them queued so each is queued once per interval. */
export async function claimDuePolls(tx: Queryable, now: Date): Promise<string[]> {
  // A little slack, so a one-minute interval is not skipped when the minute's job runs a moment early.
  const rows = await tx.query<{ id: string }>(
    `UPDATE mailboxes SET poll_queued_at = $1
      WHERE is_enabled AND (poll_queued_at IS NULL
         OR poll_queued_at + make_interval(mins => poll_interval_minutes) <= $1::timestamptz + interval '10 seconds')
      RETURNING id`,
    [now],
  );
  return rows.map((row) => row.id);
}

// ---- Messages taken in and sent out ----

export type MailOutcome = 'processing' | 'ticket_created' | 'reply_added' | 'ignored' | 'failed' | 'sent';

export async function findMessageOutcome(db: Queryable, messageId: string): Promise<MailOutcome | undefined> {
  const rows = await db.query<{ outcome: MailOutcome }>(
    'SELECT outcome FROM mail_messages WHERE message_id = $1',
    [messageId],
  );
  return rows[0]?.outcome;
}

export interface InboundMessage {
  messageId: string;
  mailboxId: string;
  fromAddress: string | null;
  subject: string;
  inReplyTo: string | null;
  references: string[];
  htmlBody: string | null;
  imapUid: number | null;
  receivedAt: Date;
}

/**
 * Claims a Message-ID for this transaction. A second copy (another mailbox, another process) waits on
 * the unique index until the first commits and then gets nothing: it is a duplicate. A message recorded
 * as failed may be taken again.
 */
export async function claimInboundMessage(
  tx: Queryable,
  message: InboundMessage,
): Promise<string | undefined> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO mail_messages (message_id, direction, mailbox_id, outcome, from_address, subject, in_reply_to,
                                "references", html_body, imap_uid, received_at, created_at)
     VALUES ($1, 'inbound', $2, 'processing', $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (message_id) DO UPDATE SET outcome = 'processing', reason = NULL, mailbox_id = EXCLUDED.mailbox_id,
        imap_uid = EXCLUDED.imap_uid
      WHERE mail_messages.outcome = 'failed' AND mail_messages.direction = 'inbound'
     RETURNING id`,
    [
      message.messageId,
      message.mailboxId,
      message.fromAddress,
      message.subject,
      message.inReplyTo,
      message.references,
      message.htmlBody,
      message.imapUid,
      message.receivedAt,
    ],
  );
  return rows[0]?.id;
}

export async function finishInboundMessage(
  tx: Queryable,
  id: string,
  outcome: {
    outcome: Exclude<MailOutcome, 'processing' | 'sent'>;
    reason: string | null;
    ticketId: string | null;
  },
): Promise<void> {
  await tx.query('UPDATE mail_messages SET outcome = $2, reason = $3, ticket_id = $4 WHERE id = $1', [
    id,
    outcome.outcome,
    outcome.reason,
    outcome.ticketId,
  ]);
}

/** A message that failed every attempt: recorded so administrators see it; it stays unseen in the mailbox. */
export async function recordFailedMessage(
  db: Queryable,
  message: InboundMessage & { reason: string },
): Promise<void> {
  await db.query(
    `INSERT INTO mail_messages (message_id, direction, mailbox_id, outcome, reason, from_address, subject,
                                in_reply_to, "references", imap_uid, received_at, created_at)
     VALUES ($1, 'inbound', $2, 'failed', $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (message_id) DO NOTHING`,
    [
      message.messageId,
      message.mailboxId,
      message.reason.slice(0, 1000),
      message.fromAddress,
      message.subject,
      message.inReplyTo,
      message.references,
      message.imapUid,
      message.receivedAt,
    ],
  );
}

/**
 * The tickets the given message ids belong to: mail we took in or sent, and — for our own generated ids,
 * also when no record of them exists — the notification or ticket they name.
 */
export async function findTicketsByMessageIds(
  db: Queryable,
  messageIds: readonly string[],
  ours: { notificationIds: readonly string[]; ticketIds: readonly string[] },
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (messageIds.length) {
    const rows = await db.query<{ message_id: string; ticket_id: string }>(
      `SELECT message_id, ticket_id FROM mail_messages
        WHERE message_id = ANY($1::text[]) AND ticket_id IS NOT NULL AND outcome IN ('ticket_created', 'reply_added', 'sent')`,
      [messageIds],
    );
    for (const row of rows) found.set(`message:${row.message_id}`, row.ticket_id);
  }
  if (ours.notificationIds.length) {
    const rows = await db.query<{ id: string; ticket_id: string }>(
      'SELECT id, ticket_id FROM notifications WHERE id = ANY($1::uuid[]) AND ticket_id IS NOT NULL',
      [ours.notificationIds],
    );
    for (const row of rows) found.set(`notification:${row.id}`, row.ticket_id);
  }
  if (ours.ticketIds.length) {
    const rows = await db.query<{ id: string }>('SELECT id FROM tickets WHERE id = ANY($1::uuid[])', [
      ours.ticketIds,
    ]);
    for (const row of rows) found.set(`ticket:${row.id}`, row.id);
  }
  return found;
}

/** Tickets by number, with the addresses of their customer (to check who may answer by subject). */
export async function findTicketsByNumbers(
  db: Queryable,
  numbers: readonly string[],
): Promise<{ id: string; number: string; addresses: string[] }[]> {
  if (!numbers.length) return [];
  const rows = await db.query<{
    id: string;
    number: string;
    contact_email: string | null;
    customer_email: string | null;
  }>(
    `SELECT t.id, t.number, t.contact_email, cu.email AS customer_email
       FROM tickets t LEFT JOIN customers cu ON cu.id = t.customer_id
      WHERE t.number = ANY($1::text[])`,
    [numbers],
  );
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    addresses: [row.contact_email, row.customer_email].filter((address): address is string =>
      Boolean(address),
    ),
  }));
}

/** Where a merged ticket went (its mail continues there). */
export async function findMergeTarget(db: Queryable, ticketId: string): Promise<string | null> {
  const rows = await db.query<{ merged_into_ticket_id: string | null }>(
    'SELECT merged_into_ticket_id FROM tickets WHERE id = $1',
    [ticketId],
  );
  return rows[0]?.merged_into_ticket_id ?? null;
}

/** What outgoing mail about a ticket needs to thread into the customer's conversation. */
export interface TicketMailThread {
  channel: string;
  number: string;
  title: string;
  /** The subject of the first message the customer sent, if the ticket came by e-mail. */
  firstSubject: string | null;
  /** The address of the mailbox that message came to. */
  mailboxAddress: string | null;
  chain: { messageId: string; direction: 'inbound' | 'outbound' }[];
}

export async function findTicketMailThread(
  db: Queryable,
  ticketId: string,
): Promise<TicketMailThread | undefined> {
  const tickets = await db.query<{ channel: string; number: string; title: string }>(
    'SELECT channel, number, title FROM tickets WHERE id = $1',
    [ticketId],
  );
  const ticket = tickets[0];
  if (!ticket) return undefined;
  const rows = await db.query<{
    message_id: string;
    direction: 'inbound' | 'outbound';
    subject: string;
    mailbox_address: string | null;
  }>(
    `SELECT mm.message_id, mm.direction, mm.subject, mb.address AS mailbox_address
       FROM mail_messages mm LEFT JOIN mailboxes mb ON mb.id = mm.mailbox_id
      WHERE mm.ticket_id = $1 AND mm.outcome IN ('ticket_created', 'reply_added', 'sent')
      ORDER BY mm.seq`,
    [ticketId],
  );
  const firstInbound = rows.find((row) => row.direction === 'inbound');
  const latestMailbox = [...rows].reverse().find((row) => row.mailbox_address)?.mailbox_address ?? null;
  return {
    channel: ticket.channel,
    number: ticket.number,
    title: ticket.title,
    firstSubject: firstInbound?.subject ?? null,
    mailboxAddress: latestMailbox,
    chain: rows.map((row) => ({ messageId: row.message_id, direction: row.direction })),
  };
}

/** Records a message we sent about a ticket (once: recording the same id again changes nothing). */
export async function recordOutboundMessage(
  db: Queryable,
  message: { messageId: string; ticketId: string; notificationId: string; subject: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO mail_messages (message_id, direction, ticket_id, notification_id, outcome, subject, received_at, created_at)
     VALUES ($1, 'outbound', $2, $3, 'sent', $4, $5, $5)
     ON CONFLICT (message_id) DO NOTHING`,
    [message.messageId, message.ticketId, message.notificationId, message.subject, message.at],
  );
}

export interface MailMessageView {
  id: string;
  messageId: string;
  fromAddress: string | null;
  subject: string;
  outcome: MailOutcome;
  reason: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  receivedAt: Date;
}

/** The latest messages taken from one mailbox, newest first. */
export async function listMailboxMessages(
  db: Queryable,
  mailboxId: string,
  limit: number,
): Promise<MailMessageView[]> {
  const rows = await db.query(
    `SELECT mm.id, mm.message_id, mm.from_address, mm.subject, mm.outcome, mm.reason, mm.ticket_id,
            t.number AS ticket_number, mm.received_at
       FROM mail_messages mm LEFT JOIN tickets t ON t.id = mm.ticket_id
      WHERE mm.mailbox_id = $1 AND mm.direction = 'inbound'
      ORDER BY mm.seq DESC LIMIT $2`,
    [mailboxId, limit],
  );
  return rows.map((row) => camelRow<MailMessageView>(row as Record<string, unknown>));
}

/** Removes stored files that never joined a ticket (the message turned out to be a duplicate, or failed). */
export async function deleteUnattachedUploads(db: Queryable, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.query<{ storage_key: string }>(
    'DELETE FROM attachments WHERE id = ANY($1::uuid[]) AND ticket_id IS NULL RETURNING storage_key',
    [ids],
  );
  return rows.map((row) => row.storage_key);
}
