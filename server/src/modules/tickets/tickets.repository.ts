import type { Queryable } from '../../platform/db/database.js';
import { camelRow, SqlParams } from '../../platform/db/rows.js';
import type { ComplaintSeverity, Emotion, TicketChannel, TicketStatus, TicketType } from './ticket.types.js';

export interface TicketRecord {
  id: string;
  number: string;
  title: string;
  description: string;
  type: TicketType;
  channel: TicketChannel;
  sourceReference: string | null;
  status: TicketStatus;
  subStatus: string | null;
  priority: string;
  categoryId: string | null;
  emotion: Emotion;
  complaintSeverity: ComplaintSeverity | null;
  complaintCategory: string | null;
  externalSource: string | null;
  externalDeadlineAt: Date | null;
  customerId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  preferredContactTime: string | null;
  orderNumber: string | null;
  purchaseChannel: string | null;
  purchasedOn: string | null;
  productId: string | null;
  productModel: string | null;
  serialNumber: string | null;
  batchNumber: string | null;
  customerRequest: string | null;
  expectedResolutionAt: Date | null;
  tags: string[];
  missingEssentials: string[];
  groupId: string | null;
  ownerUserId: string | null;
  assignmentState: 'pending' | 'accepted' | 'declined' | null;
  callStartedAt: Date | null;
  callDurationSeconds: number | null;
  receivedAt: Date;
  classifiedAt: Date | null;
  assignedAt: Date | null;
  acceptedAt: Date | null;
  firstResponseAt: Date | null;
  solutionProposedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  closeReason: 'confirmed' | 'auto_closed' | 'merged' | null;
  confirmationMethod: string | null;
  reopenedCount: number;
  lastPublicUpdateAt: Date | null;
  lastCustomerActivityAt: Date | null;
  mergedIntoTicketId: string | null;
  createdByUserId: string | null;
  acknowledgedAt: Date | null;
  slaPolicyId: string | null;
  isOverdue: boolean;
  overdueReason: string | null;
  overdueReasonText: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A ticket with the names a list or page shows next to it. */
export interface TicketView extends TicketRecord {
  categoryCode: string | null;
  categoryName: string | null;
  categoryNameEn: string | null;
  groupKey: string | null;
  groupName: string | null;
  ownerUsername: string | null;
  ownerDisplayName: string | null;
  customerName: string | null;
  customerNumber: string | null;
  customerTier: 'vip' | 'regular' | null;
  customerRegion: string | null;
  customerCompanyName: string | null;
  collaboratorIds: string[];
}

// Every column but the search vector, which is large (often half the row) and only ever searched, never
// read: lists and pages then carry a fraction of the bytes. A column added to tickets belongs here too.
const TICKET_OWN_COLUMNS = [
  'id',
  'number',
  'title',
  'description',
  'type',
  'channel',
  'source_reference',
  'status',
  'sub_status',
  'priority',
  'category_id',
  'emotion',
  'complaint_severity',
  'complaint_category',
  'external_source',
  'external_deadline_at',
  'customer_id',
  'contact_name',
  'contact_phone',
  'contact_email',
  'preferred_contact_time',
  'order_number',
  'purchase_channel',
  'purchased_on',
  'product_id',
  'product_model',
  'serial_number',
  'batch_number',
  'customer_request',
  'expected_resolution_at',
  'tags',
  'missing_essentials',
  'group_id',
  'owner_user_id',
  'assignment_state',
  'call_started_at',
  'call_duration_seconds',
  'received_at',
  'classified_at',
  'assigned_at',
  'accepted_at',
  'first_response_at',
  'solution_proposed_at',
  'resolved_at',
  'closed_at',
  'close_reason',
  'confirmation_method',
  'reopened_count',
  'last_public_update_at',
  'last_customer_activity_at',
  'merged_into_ticket_id',
  'created_by_user_id',
  'created_at',
  'updated_at',
  'sla_policy_id',
  'is_overdue',
  'overdue_reason',
  'overdue_reason_text',
  'acknowledged_at',
]
  .map((column) => `t.${column}`)
  .join(', ');

const TICKET_COLUMNS = `
  ${TICKET_OWN_COLUMNS}, c.code AS category_code, c.name AS category_name, c.name_en AS category_name_en,
  g.key AS group_key, g.name AS group_name,
  o.username AS owner_username, o.display_name AS owner_display_name,
  cu.name AS customer_name, cu.customer_number, cu.tier AS customer_tier, cu.region AS customer_region,
  cu.company_name AS customer_company_name,
  coalesce((SELECT array_agg(tc.user_id) FROM ticket_collaborators tc WHERE tc.ticket_id = t.id), '{}') AS collaborator_ids`;

const TICKET_JOINS = `
  LEFT JOIN categories c ON c.id = t.category_id
  LEFT JOIN groups g ON g.id = t.group_id
  LEFT JOIN users o ON o.id = t.owner_user_id
  LEFT JOIN customers cu ON cu.id = t.customer_id`;

const TICKET_VIEW = `SELECT ${TICKET_COLUMNS} FROM tickets t ${TICKET_JOINS}`;

function toView(row: Record<string, unknown>): TicketView {
  const view = camelRow<TicketView & { searchVector?: unknown }>(row);
  delete view.searchVector;
  return view;
}

export async function categoryExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM categories WHERE id = $1', [id])).length === 1;
}

export async function groupExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM groups WHERE id = $1', [id])).length === 1;
}

export async function activeUserExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users WHERE id = $1 AND is_active', [id])).length === 1;
}

export async function priorityExists(db: Queryable, code: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM priorities WHERE code = $1 AND is_active', [code]);
  return rows.length === 1;
}

/** Takes the next serial of a month; the row lock makes concurrent creations on any server wait in turn. */
export async function nextTicketSerial(tx: Queryable, month: string): Promise<number> {
  const rows = await tx.query<{ last_serial: number }>(
    `INSERT INTO ticket_number_counters (month, last_serial) VALUES ($1, 1)
     ON CONFLICT (month) DO UPDATE SET last_serial = ticket_number_counters.last_serial + 1
     RETURNING last_serial`,
    [month],
  );
  return rows[0]!.last_serial;
}

/** Gives a new ticket its number, and makes the number searchable with the rest of its document. */
export async function setTicketNumber(
  tx: Queryable,
  ticketId: string,
  number: string,
  numberDocument: string,
): Promise<void> {
  await tx.query(
    `UPDATE tickets SET number = $2, search_vector = search_vector || to_tsvector('simple', $3) WHERE id = $1`,
    [ticketId, number, numberDocument],
  );
}

export type NewTicket = Omit<
  TicketRecord,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'reopenedCount'
  | 'acceptedAt'
  | 'firstResponseAt'
  | 'solutionProposedAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'closeReason'
  | 'confirmationMethod'
  | 'lastPublicUpdateAt'
  | 'lastCustomerActivityAt'
  | 'mergedIntoTicketId'
  | 'subStatus'
  | 'slaPolicyId'
  | 'isOverdue'
  | 'overdueReason'
  | 'overdueReasonText'
>;

const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export async function insertTicket(
  tx: Queryable,
  ticket: NewTicket,
  searchDocument: string,
  now: Date,
): Promise<string> {
  const params = new SqlParams();
  const columns: string[] = [];
  const values: string[] = [];
  for (const [key, value] of Object.entries(ticket)) {
    columns.push(snake(key));
    values.push(params.add(value));
  }
  columns.push('search_vector', 'created_at', 'updated_at');
  values.push(`to_tsvector('simple', ${params.add(searchDocument)})`, params.add(now), params.add(now));
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO tickets (${columns.join(', ')}) VALUES (${values.join(', ')}) RETURNING id`,
    params.values,
  );
  return rows[0]!.id;
}

export async function findTicketView(db: Queryable, idOrNumber: string): Promise<TicketView | undefined> {
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber);
  const rows = await db.query(`${TICKET_VIEW} WHERE ${byId ? 't.id = $1' : 't.number = $1'}`, [idOrNumber]);
  return rows[0] ? toView(rows[0] as Record<string, unknown>) : undefined;
}

/** Several tickets by id in one query, for work done in batches (the SLA sweep). */
export async function findTicketViews(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, TicketView>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query(`${TICKET_VIEW} WHERE t.id = ANY($1::uuid[])`, [ids]);
  return new Map(
    rows.map((row) => {
      const view = toView(row as Record<string, unknown>);
      return [view.id, view] as const;
    }),
  );
}

/** The newest ticket opened from one external conversation (webhook thread, e-mail thread). */
export async function findTicketIdBySourceReference(
  db: Queryable,
  sourceReference: string,
): Promise<string | undefined> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM tickets WHERE source_reference = $1 AND merged_into_ticket_id IS NULL
      ORDER BY received_at DESC LIMIT 1`,
    [sourceReference],
  );
  return rows[0]?.id;
}

/** Locks the ticket row for the rest of the transaction, so concurrent actions apply one after another. */
export async function lockTicket(tx: Queryable, id: string): Promise<void> {
  await tx.query('SELECT 1 FROM tickets WHERE id = $1 FOR UPDATE', [id]);
}

export type TicketChanges = Partial<Omit<TicketRecord, 'id' | 'number' | 'createdAt' | 'updatedAt'>>;

export async function updateTicket(
  tx: Queryable,
  id: string,
  changes: TicketChanges,
  now: Date,
): Promise<void> {
  const params = new SqlParams();
  const sets: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    sets.push(`${snake(key)} = ${params.add(value)}`);
  }
  sets.push(`updated_at = ${params.add(now)}`);
  await tx.query(`UPDATE tickets SET ${sets.join(', ')} WHERE id = ${params.add(id)}`, params.values);
}

export async function replaceSearchVector(tx: Queryable, id: string, document: string): Promise<void> {
  await tx.query(`UPDATE tickets SET search_vector = to_tsvector('simple', $2) WHERE id = $1`, [
    id,
    document,
  ]);
}

export async function appendSearchTerms(tx: Queryable, id: string, document: string): Promise<void> {
  if (!document) return;
  await tx.query(
    `UPDATE tickets SET search_vector = search_vector || to_tsvector('simple', $2) WHERE id = $1`,
    [id, document],
  );
}

export interface TicketEventRecord {
  id: number;
  ticketId: string;
  kind: string;
  isPublic: boolean;
  authorUserId: string | null;
  authorLabel: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

export async function insertEvent(
  tx: Queryable,
  event: Omit<TicketEventRecord, 'id' | 'createdAt'> & { createdAt: Date },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO ticket_events (ticket_id, kind, is_public, author_user_id, author_label, body, data, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      event.ticketId,
      event.kind,
      event.isPublic,
      event.authorUserId,
      event.authorLabel,
      event.body,
      JSON.stringify(event.data),
      event.createdAt,
    ],
  );
  return rows[0]!.id;
}

export async function listEvents(
  db: Queryable,
  ticketId: string,
  publicOnly = false,
): Promise<TicketEventRecord[]> {
  const rows = await db.query(
    `SELECT id, ticket_id, kind, is_public, author_user_id, author_label, body, data, created_at
       FROM ticket_events WHERE ticket_id = $1 ${publicOnly ? 'AND is_public' : ''} ORDER BY id`,
    [ticketId],
  );
  return rows.map((row) => camelRow<TicketEventRecord>(row as Record<string, unknown>));
}

export async function listEventBodies(db: Queryable, ticketId: string): Promise<string[]> {
  const rows = await db.query<{ body: string }>(
    `SELECT body FROM ticket_events WHERE ticket_id = $1 AND body <> '' ORDER BY id`,
    [ticketId],
  );
  return rows.map((row) => row.body);
}

export async function setCollaborators(tx: Queryable, ticketId: string, userIds: string[]): Promise<void> {
  await tx.query(
    'DELETE FROM ticket_collaborators WHERE ticket_id = $1 AND NOT (user_id = ANY($2::uuid[]))',
    [ticketId, userIds],
  );
  await tx.query(
    'INSERT INTO ticket_collaborators (ticket_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING',
    [ticketId, userIds],
  );
}

export async function addCollaborator(tx: Queryable, ticketId: string, userId: string): Promise<void> {
  await tx.query(
    'INSERT INTO ticket_collaborators (ticket_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [ticketId, userId],
  );
}

export interface TicketLinkView {
  ticketId: string;
  number: string;
  title: string;
  status: TicketStatus;
  kind: string;
  direction: 'outgoing' | 'incoming';
}

export async function insertLink(
  tx: Queryable,
  ticketId: string,
  linkedTicketId: string,
  kind: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO ticket_links (ticket_id, linked_ticket_id, kind) VALUES ($1, $2, $3)
     ON CONFLICT (ticket_id, linked_ticket_id) DO UPDATE SET kind = EXCLUDED.kind`,
    [ticketId, linkedTicketId, kind],
  );
}

export async function listLinks(db: Queryable, ticketId: string): Promise<TicketLinkView[]> {
  const rows = await db.query(
    `SELECT t.id AS ticket_id, t.number, t.title, t.status, l.kind, 'outgoing' AS direction
       FROM ticket_links l JOIN tickets t ON t.id = l.linked_ticket_id WHERE l.ticket_id = $1
     UNION ALL
     SELECT t.id, t.number, t.title, t.status, l.kind, 'incoming'
       FROM ticket_links l JOIN tickets t ON t.id = l.ticket_id WHERE l.linked_ticket_id = $1
     ORDER BY number`,
    [ticketId],
  );
  return rows.map((row) => camelRow<TicketLinkView>(row as Record<string, unknown>));
}

/**
 * Who may see which tickets (R13.4): everything, or the tickets of the caller's groups, those they own,
 * collaborate on, or logged themselves.
 */
export interface TicketScope {
  all: boolean;
  userId: string;
  groupIds: readonly string[];
}

function scopeCondition(scope: TicketScope, params: SqlParams): string | null {
  if (scope.all) return null;
  const user = params.add(scope.userId);
  return `(t.group_id = ANY(${params.add(scope.groupIds)}::uuid[]) OR t.owner_user_id = ${user}
           OR t.created_by_user_id = ${user} OR EXISTS (SELECT 1 FROM ticket_collaborators tc WHERE tc.ticket_id = t.id AND tc.user_id = ${user}))`;
}

export function isInScope(
  ticket: {
    groupId: string | null;
    ownerUserId: string | null;
    createdByUserId: string | null;
    collaboratorIds: string[];
  },
  scope: TicketScope,
): boolean {
  return (
    scope.all ||
    (ticket.groupId !== null && scope.groupIds.includes(ticket.groupId)) ||
    ticket.ownerUserId === scope.userId ||
    ticket.createdByUserId === scope.userId ||
    ticket.collaboratorIds.includes(scope.userId)
  );
}

export interface TicketFilter {
  q?: string | null | undefined;
  searchQuery?: string | null | undefined;
  statuses?: string[] | undefined;
  priorities?: string[] | undefined;
  categoryIds?: string[] | undefined;
  channels?: string[] | undefined;
  types?: string[] | undefined;
  tiers?: string[] | undefined;
  ownerIds?: string[] | undefined;
  groupIds?: string[] | undefined;
  customerId?: string | undefined;
  productId?: string | undefined;
  tag?: string | undefined;
  unassigned?: boolean | undefined;
  open?: boolean | undefined;
  receivedFrom?: Date | undefined;
  receivedTo?: Date | undefined;
}

export type TicketSort = 'received_desc' | 'received_asc' | 'updated_desc' | 'priority';

type SortKey = { expression: string; cast: string; value: (row: Record<string, unknown>) => unknown };
const receivedAt: SortKey = {
  expression: 't.received_at',
  cast: 'timestamptz',
  value: (row) => row.received_at,
};
const updatedAt: SortKey = {
  expression: 't.updated_at',
  cast: 'timestamptz',
  value: (row) => row.updated_at,
};
const rank: SortKey = { expression: 'p.rank', cast: 'integer', value: (row) => row.priority_rank };
const id: SortKey = { expression: 't.id', cast: 'uuid', value: (row) => row.id };

// Every key of one sort runs the same direction, so a row comparison continues after the cursor.
const SORTS: Record<TicketSort, { keys: SortKey[]; direction: 'ASC' | 'DESC' }> = {
  received_desc: { keys: [receivedAt, id], direction: 'DESC' },
  received_asc: { keys: [receivedAt, id], direction: 'ASC' },
  updated_desc: { keys: [updatedAt, id], direction: 'DESC' },
  priority: { keys: [rank, receivedAt, id], direction: 'ASC' },
};

export interface TicketPage {
  items: TicketView[];
  nextCursor: string | null;
}

const OPEN_FILTER = `t.status NOT IN ('resolved', 'closed')`;

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string, sort: TicketSort): unknown[] | null {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(values) && values.length === SORTS[sort].keys.length ? values : null;
  } catch {
    return null;
  }
}

export async function listTicketViews(
  db: Queryable,
  filter: TicketFilter,
  scope: TicketScope,
  sort: TicketSort,
  after: unknown[] | null,
  limit: number,
): Promise<TicketPage> {
  const params = new SqlParams();
  const conditions: string[] = [];
  const scoped = scopeCondition(scope, params);
  if (scoped) conditions.push(scoped);
  const anyOf = (column: string, values: string[] | undefined, cast = 'text') => {
    if (values?.length) conditions.push(`${column} = ANY(${params.add(values)}::${cast}[])`);
  };
  anyOf('t.status', filter.statuses);
  anyOf('t.priority', filter.priorities);
  anyOf('t.category_id', filter.categoryIds, 'uuid');
  anyOf('t.channel', filter.channels);
  anyOf('t.type', filter.types);
  anyOf('cu.tier', filter.tiers);
  anyOf('t.owner_user_id', filter.ownerIds, 'uuid');
  anyOf('t.group_id', filter.groupIds, 'uuid');
  if (filter.customerId) conditions.push(`t.customer_id = ${params.add(filter.customerId)}`);
  if (filter.productId) conditions.push(`t.product_id = ${params.add(filter.productId)}`);
  if (filter.tag) conditions.push(`t.tags @> ARRAY[${params.add(filter.tag)}]::text[]`);
  if (filter.unassigned) conditions.push('t.owner_user_id IS NULL');
  if (filter.open) conditions.push(OPEN_FILTER);
  if (filter.receivedFrom) conditions.push(`t.received_at >= ${params.add(filter.receivedFrom)}`);
  if (filter.receivedTo) conditions.push(`t.received_at < ${params.add(filter.receivedTo)}`);
  if (filter.searchQuery)
    conditions.push(`t.search_vector @@ to_tsquery('simple', ${params.add(filter.searchQuery)})`);
  const { keys, direction } = SORTS[sort];
  if (after) {
    const left = keys.map((key) => key.expression).join(', ');
    const right = keys.map((key, index) => `${params.add(after[index])}::${key.cast}`).join(', ');
    conditions.push(`(${left}) ${direction === 'ASC' ? '>' : '<'} (${right})`);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const order = keys.map((key) => `${key.expression} ${direction}`).join(', ');
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${TICKET_COLUMNS}, p.rank AS priority_rank
       FROM tickets t JOIN priorities p ON p.code = t.priority ${TICKET_JOINS}
       ${where} ORDER BY ${order} LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => {
      const { priorityRank: _rank, ...view } = toView(row) as TicketView & { priorityRank?: number };
      return view;
    }),
    nextCursor: rows.length > limit && last ? encodeCursor(keys.map((key) => key.value(last))) : null,
  };
}

export interface DuplicateCandidate {
  id: string;
  number: string;
  title: string;
  status: TicketStatus;
  receivedAt: Date;
  reason: 'customer' | 'order' | 'serial';
}

/** R1.5: recent tickets of the same customer, order or serial number. */
export async function findPossibleDuplicates(
  db: Queryable,
  ticket: { id: string; customerId: string | null; orderNumber: string | null; serialNumber: string | null },
  since: Date,
): Promise<DuplicateCandidate[]> {
  if (!ticket.customerId && !ticket.orderNumber && !ticket.serialNumber) return [];
  const rows = await db.query(
    `SELECT id, number, title, status, received_at,
            CASE WHEN $3::text IS NOT NULL AND order_number = $3 THEN 'order'
                 WHEN $4::text IS NOT NULL AND serial_number = $4 THEN 'serial'
                 ELSE 'customer' END AS reason
       FROM tickets
      WHERE id <> $1 AND received_at >= $5 AND merged_into_ticket_id IS NULL
        AND (($2::uuid IS NOT NULL AND customer_id = $2) OR ($3::text IS NOT NULL AND order_number = $3)
             OR ($4::text IS NOT NULL AND serial_number = $4))
      ORDER BY received_at DESC LIMIT 10`,
    [ticket.id, ticket.customerId, ticket.orderNumber, ticket.serialNumber, since],
  );
  return rows.map((row) => camelRow<DuplicateCandidate>(row as Record<string, unknown>));
}

export async function findIdempotentTicket(
  db: Queryable,
  principal: string,
  key: string,
): Promise<{ requestHash: string; ticketId: string | null } | undefined> {
  const rows = await db.query<{ request_hash: string; ticket_id: string | null }>(
    'SELECT request_hash, ticket_id FROM idempotency_keys WHERE principal = $1 AND key = $2',
    [principal, key],
  );
  return rows[0] && { requestHash: rows[0].request_hash, ticketId: rows[0].ticket_id };
}

/** Claims an idempotency key; false when another request already holds it. */
export async function claimIdempotencyKey(
  tx: Queryable,
  claim: { principal: string; key: string; requestHash: string; now: Date },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO idempotency_keys (principal, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING key`,
    [claim.principal, claim.key, claim.requestHash, claim.now],
  );
  return rows.length === 1;
}

export async function completeIdempotencyKey(
  tx: Queryable,
  principal: string,
  key: string,
  ticketId: string,
) {
  await tx.query('UPDATE idempotency_keys SET ticket_id = $3 WHERE principal = $1 AND key = $2', [
    principal,
    key,
    ticketId,
  ]);
}

/** Resolved tickets whose silence has run out (the auto-close sweep; uses the partial index). */
export async function findResolvedBefore(db: Queryable, cutoff: Date, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM tickets WHERE status = 'resolved' AND resolved_at <= $1 ORDER BY resolved_at LIMIT $2
       FOR UPDATE SKIP LOCKED`,
    [cutoff, limit],
  );
  return rows.map((row) => row.id);
}
