import type { Queryable } from '../../platform/db/database.js';
import { camelRow, SqlParams } from '../../platform/db/rows.js';
import type { TicketStatus, TicketType } from '../tickets/ticket.types.js';
import type { Destination } from './destination.js';

// ---- One-time codes ----

export interface CodeRecord {
  destinationHash: string;
  codeHash: string | null;
  ticketId: string | null;
  attempts: number;
  expiresAt: Date;
  windowStartedAt: Date;
  requestsInWindow: number;
}

/** The destination's code row, locked for this transaction (created empty on first use). */
export async function lockCodeRow(tx: Queryable, destinationHash: string, now: Date): Promise<CodeRecord> {
  await tx.query(
    `INSERT INTO portal_codes (destination_hash, expires_at, window_started_at, created_at, updated_at)
     VALUES ($1, $2, $2, $2, $2) ON CONFLICT (destination_hash) DO NOTHING`,
    [destinationHash, now],
  );
  const rows = await tx.query(
    `SELECT destination_hash, code_hash, ticket_id, attempts, expires_at, window_started_at, requests_in_window
       FROM portal_codes WHERE destination_hash = $1 FOR UPDATE`,
    [destinationHash],
  );
  return camelRow<CodeRecord>(rows[0]!);
}

/** Replaces the destination's code (or records that none was sent) and counts the request. */
export async function saveCode(
  tx: Queryable,
  destinationHash: string,
  code: {
    codeHash: string | null;
    ticketId: string | null;
    expiresAt: Date;
    windowStartedAt: Date;
    requestsInWindow: number;
    now: Date;
  },
): Promise<void> {
  await tx.query(
    `UPDATE portal_codes SET code_hash = $2, ticket_id = $3, attempts = 0, expires_at = $4, window_started_at = $5,
            requests_in_window = $6, updated_at = $7
      WHERE destination_hash = $1`,
    [
      destinationHash,
      code.codeHash,
      code.ticketId,
      code.expiresAt,
      code.windowStartedAt,
      code.requestsInWindow,
      code.now,
    ],
  );
}

export async function recordWrongCode(tx: Queryable, destinationHash: string, now: Date): Promise<number> {
  const rows = await tx.query<{ attempts: number }>(
    `UPDATE portal_codes SET attempts = attempts + 1, updated_at = $2 WHERE destination_hash = $1 RETURNING attempts`,
    [destinationHash, now],
  );
  return rows[0]?.attempts ?? 0;
}

/** A code works once. */
export async function useUpCode(tx: Queryable, destinationHash: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE portal_codes SET code_hash = NULL, attempts = 0, updated_at = $2 WHERE destination_hash = $1`,
    [destinationHash, now],
  );
}

/** Rows whose code has expired and whose request window is over tell nothing any more. */
export async function deleteStaleCodes(db: Queryable, now: Date, windowStart: Date): Promise<number> {
  const rows = await db.query(
    `DELETE FROM portal_codes WHERE expires_at < $1 AND window_started_at < $2 RETURNING destination_hash`,
    [now, windowStart],
  );
  return rows.length;
}

// ---- Sessions ----

export interface PortalSessionRecord {
  id: string;
  csrfToken: string;
  scope: 'account' | 'ticket';
  destination: Destination;
  expiresAt: Date;
  lastSeenAt: Date;
  /** The ticket of a 'ticket' session (null for an account). */
  ticketNumber: string | null;
}

export async function insertSession(
  tx: Queryable,
  session: {
    tokenHash: string;
    csrfToken: string;
    scope: 'account' | 'ticket';
    destination: Destination;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO portal_sessions (token_hash, csrf_token, scope, destination, destination_kind, ip, user_agent,
                                  created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id`,
    [
      session.tokenHash,
      session.csrfToken,
      session.scope,
      session.destination.value,
      session.destination.kind,
      session.ip,
      session.userAgent,
      session.now,
      session.expiresAt,
    ],
  );
  return rows[0]!.id;
}

export async function grantTicket(tx: Queryable, sessionId: string, ticketId: string): Promise<void> {
  await tx.query(
    'INSERT INTO portal_session_tickets (session_id, ticket_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [sessionId, ticketId],
  );
}

export async function findSession(
  db: Queryable,
  tokenHash: string,
): Promise<PortalSessionRecord | undefined> {
  const rows = await db.query<{
    id: string;
    csrf_token: string;
    scope: 'account' | 'ticket';
    destination: string;
    destination_kind: 'email' | 'phone';
    expires_at: Date;
    last_seen_at: Date;
    ticket_number: string | null;
  }>(
    `SELECT s.id, s.csrf_token, s.scope, s.destination, s.destination_kind, s.expires_at, s.last_seen_at,
            (SELECT t.number FROM portal_session_tickets st JOIN tickets t ON t.id = st.ticket_id
              WHERE st.session_id = s.id AND s.scope = 'ticket' LIMIT 1) AS ticket_number
       FROM portal_sessions s WHERE s.token_hash = $1`,
    [tokenHash],
  );
  const row = rows[0];
  return (
    row && {
      id: row.id,
      csrfToken: row.csrf_token,
      scope: row.scope,
      destination: { kind: row.destination_kind, value: row.destination },
      expiresAt: row.expires_at,
      lastSeenAt: row.last_seen_at,
      ticketNumber: row.ticket_number,
    }
  );
}

export async function touchSession(db: Queryable, id: string, now: Date, expiresAt: Date): Promise<void> {
  await db.query('UPDATE portal_sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [
    id,
    now,
    expiresAt,
  ]);
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM portal_sessions WHERE id = $1', [id]);
}

export async function deleteExpiredSessions(db: Queryable, now: Date): Promise<number> {
  const rows = await db.query('DELETE FROM portal_sessions WHERE expires_at <= $1 RETURNING id', [now]);
  return rows.length;
}

// ---- Which tickets a customer reaches ----

/**
 * The ids of the tickets a verified e-mail address or mobile number reaches: those whose contact details
 * are it, and those of the customers who have it (on their record or on one of their registered contacts).
 * Each branch uses an index.
 */
function reachableTicketIds(p: SqlParams, destination: Destination): string {
  const value = p.add(destination.value);
  if (destination.kind === 'email') {
    return `SELECT t.id FROM tickets t WHERE lower(t.contact_email) = ${value}
      UNION SELECT t.id FROM tickets t WHERE t.customer_id IN (
        SELECT c.id FROM customers c WHERE lower(c.email) = ${value}
        UNION SELECT cc.customer_id FROM customer_contacts cc WHERE lower(cc.email) = ${value})`;
  }
  return `SELECT t.id FROM tickets t WHERE portal_phone_key(t.contact_phone) = ${value}
    UNION SELECT t.id FROM tickets t WHERE t.customer_id IN (
      SELECT c.id FROM customers c WHERE c.phone = ${value}
      UNION SELECT cc.customer_id FROM customer_contacts cc WHERE cc.phone = ${value})`;
}

/** The session's tickets: granted ones, and for an account everything its destination reaches. */
function visibleTicketIds(
  p: SqlParams,
  session: { id: string; scope: 'account' | 'ticket'; destination: Destination },
): string {
  const granted = `SELECT st.ticket_id AS id FROM portal_session_tickets st WHERE st.session_id = ${p.add(session.id)}`;
  return session.scope === 'account'
    ? `${granted} UNION ${reachableTicketIds(p, session.destination)}`
    : granted;
}

/** The ticket with this number, if the destination reaches it. */
export async function findReachableTicketId(
  db: Queryable,
  destination: Destination,
  number: string,
): Promise<string | undefined> {
  const p = new SqlParams();
  const rows = await db.query<{ id: string }>(
    `SELECT t.id FROM tickets t WHERE t.number = ${p.add(number)} AND t.id IN (${reachableTicketIds(p, destination)})`,
    p.values,
  );
  return rows[0]?.id;
}

export async function reachesAnyTicket(db: Queryable, destination: Destination): Promise<boolean> {
  const p = new SqlParams();
  const rows = await db.query(`${reachableTicketIds(p, destination)} LIMIT 1`, p.values);
  return rows.length > 0;
}

export async function findVisibleTicketId(
  db: Queryable,
  session: { id: string; scope: 'account' | 'ticket'; destination: Destination },
  number: string,
): Promise<string | undefined> {
  const p = new SqlParams();
  const rows = await db.query<{ id: string }>(
    `SELECT t.id FROM tickets t WHERE t.number = ${p.add(number)} AND t.id IN (${visibleTicketIds(p, session)})`,
    p.values,
  );
  return rows[0]?.id;
}

export interface PortalTicketRow {
  id: string;
  number: string;
  title: string;
  type: TicketType;
  status: TicketStatus;
  receivedAt: Date;
  updatedAt: Date;
}

/** The session's tickets, newest first (by number among those received at the same moment). */
export async function listVisibleTickets(
  db: Queryable,
  session: { id: string; scope: 'account' | 'ticket'; destination: Destination },
  limit: number,
): Promise<PortalTicketRow[]> {
  const p = new SqlParams();
  const rows = await db.query(
    `SELECT t.id, t.number, t.title, t.type, t.status, t.received_at, t.updated_at FROM tickets t
      WHERE t.id IN (${visibleTicketIds(p, session)})
      ORDER BY t.received_at DESC, length(t.number) DESC, t.number DESC LIMIT ${p.add(limit)}`,
    p.values,
  );
  return rows.map((row) => camelRow<PortalTicketRow>(row));
}

/**
 * When the customer may next expect something, per ticket: the earliest due time among the open (unmet,
 * running) milestones the customer sees the outcome of — first response, solution, confirmed closing.
 */
export async function nextExpectedTimes(
  db: Queryable,
  ticketIds: readonly string[],
): Promise<Map<string, Date>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await db.query<{ ticket_id: string; due_at: Date }>(
    `SELECT ticket_id, min(due_at) AS due_at FROM ticket_milestones
      WHERE ticket_id = ANY($1::uuid[]) AND met_at IS NULL AND paused_at IS NULL
        AND milestone IN ('first_response', 'solution_provided', 'closed_confirmed')
      GROUP BY ticket_id`,
    [ticketIds],
  );
  return new Map(rows.map((row) => [row.ticket_id, new Date(row.due_at)]));
}

// ---- Attachments the customer may see ----

export interface PublicAttachment {
  id: string;
  eventId: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  storageKey: string;
}

const PUBLIC_ATTACHMENTS = `SELECT a.id, a.event_id, a.file_name, a.content_type, a.size_bytes, a.storage_key
  FROM attachments a JOIN ticket_events e ON e.id = a.event_id AND e.ticket_id = a.ticket_id
 WHERE a.ticket_id = $1 AND e.is_public`;

/** The files of the ticket's public timeline entries (never those of internal notes). */
export async function listPublicAttachments(db: Queryable, ticketId: string): Promise<PublicAttachment[]> {
  const rows = await db.query(`${PUBLIC_ATTACHMENTS} ORDER BY a.created_at, a.id`, [ticketId]);
  return rows.map((row) => camelRow<PublicAttachment>(row));
}

export async function findPublicAttachment(
  db: Queryable,
  ticketId: string,
  attachmentId: string,
): Promise<PublicAttachment | undefined> {
  const rows = await db.query(`${PUBLIC_ATTACHMENTS} AND a.id = $2`, [ticketId, attachmentId]);
  return rows[0] ? camelRow<PublicAttachment>(rows[0]) : undefined;
}
