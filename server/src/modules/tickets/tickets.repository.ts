import type { Database, Queryable } from '../../platform/db/database.js';
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
// read: lists and pages then carry a fraction of the bytes. A column added to tickets belongs here too,
// except the priority rank, which only orders the inbox and follows the priority (0011's trigger).
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
  ARRAY(SELECT tc.user_id FROM ticket_collaborators tc WHERE tc.ticket_id = t.id) AS collaborator_ids`;

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

/** Gives a new ticket its number (searchable too) and its service-level state, in one write of the row. */
export async function setTicketNumber(
  tx: Queryable,
  ticketId: string,
  number: string,
  numberDocument: string,
  sla: { slaPolicyId: string | null; isOverdue: boolean },
): Promise<void> {
  await tx.query(
    `UPDATE tickets SET number = $2, search_vector = search_vector || to_tsvector('simple', $3),
            sla_policy_id = $4, is_overdue = $5
      WHERE id = $1`,
    [ticketId, number, numberDocument, sla.slaPolicyId, sla.isOverdue],
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

type NewEvent = Omit<TicketEventRecord, 'id' | 'createdAt'> & { createdAt: Date };

const EVENT_COLUMNS = 'ticket_id, kind, is_public, author_user_id, author_label, body, data, created_at';

/** An entry's values in the order of EVENT_COLUMNS. */
const eventValues = (event: NewEvent) => [
  event.ticketId,
  event.kind,
  event.isPublic,
  event.authorUserId,
  event.authorLabel,
  event.body,
  JSON.stringify(event.data),
  event.createdAt,
];

export async function insertEvent(tx: Queryable, event: NewEvent): Promise<number> {
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO ticket_events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    eventValues(event),
  );
  return rows[0]!.id;
}

/** Several timeline entries in one statement, in the given order. */
export async function insertEvents(tx: Queryable, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const params: unknown[] = [];
  const rows = events.map((event) => {
    const values = eventValues(event);
    const placeholders = values.map((_, index) => `$${params.length + index + 1}`);
    params.push(...values);
    return `(${placeholders.join(', ')})`;
  });
  await tx.query(`INSERT INTO ticket_events (${EVENT_COLUMNS}) VALUES ${rows.join(', ')}`, params);
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

/** Adds collaborators to several tickets in one statement (each pair once; existing ones stay). */
export async function addCollaboratorsToTickets(
  tx: Queryable,
  pairs: readonly { ticketId: string; userId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await tx.query(
    `INSERT INTO ticket_collaborators (ticket_id, user_id)
     SELECT DISTINCT p.ticket_id, p.user_id FROM unnest($1::uuid[], $2::uuid[]) AS p (ticket_id, user_id)
     ON CONFLICT DO NOTHING`,
    [pairs.map((pair) => pair.ticketId), pairs.map((pair) => pair.userId)],
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

type SortKey = { column: string; cast: string };
const receivedAt: SortKey = { column: 'received_at', cast: 'timestamptz' };
const updatedAt: SortKey = { column: 'updated_at', cast: 'timestamptz' };
// Kept on the ticket by a trigger (0011), so the open-ticket indexes serve the priority order.
const rank: SortKey = { column: 'priority_rank', cast: 'integer' };
const id: SortKey = { column: 'id', cast: 'uuid' };

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

/**
 * How a search reads (see `pageKeys`): each way into the reader's scope first walks at most `walkBudget`
 * tickets of the list's order; past that the text index counts the reader's matches, which are sorted
 * when there are at most `sortLimit`.
 */
export interface SearchTuning {
  walkBudget: number;
  sortLimit: number;
}
export const SEARCH_TUNING: SearchTuning = { walkBudget: 10_000, sortLimit: 2000 };

const distinct = (values: readonly string[] | undefined) => (values ? [...new Set(values)] : []);

/** The SQL of one statement over an inbox list: its conditions, its order, the shapes that read it. */
class ListQuery {
  readonly params = new SqlParams();
  readonly keys: SortKey[];
  readonly direction: 'ASC' | 'DESC';
  /** Every condition but who may see the tickets and the words searched. */
  readonly conditions: string[] = [];
  readonly words: string | null;
  /** A list of several groups or owners, read as one index walk per value (see `pick`). */
  readonly fanOut: { column: string; values: string[] } | null;
  readonly #customers: string;

  constructor(
    filter: TicketFilter,
    readonly scope: TicketScope,
    sort: TicketSort,
    after: unknown[] | null,
  ) {
    const { params, conditions } = this;
    const groupIds = distinct(filter.groupIds);
    const ownerIds = distinct(filter.ownerIds);
    this.fanOut =
      groupIds.length > 1
        ? { column: 't.group_id', values: groupIds }
        : ownerIds.length > 1
          ? { column: 't.owner_user_id', values: ownerIds }
          : null;
    // One value is an equality, which the planner takes as a constant: the index then serves the order.
    const anyOf = (column: string, values: readonly string[] | undefined, cast = 'text') => {
      if (!values?.length || column === this.fanOut?.column) return;
      conditions.push(
        values.length === 1
          ? `${column} = ${params.add(values[0])}::${cast}`
          : `${column} = ANY(${params.add(values)}::${cast}[])`,
      );
    };
    anyOf('t.status', filter.statuses);
    anyOf('t.priority', filter.priorities);
    anyOf('t.category_id', filter.categoryIds, 'uuid');
    anyOf('t.channel', filter.channels);
    anyOf('t.type', filter.types);
    anyOf('cu.tier', filter.tiers);
    anyOf('t.owner_user_id', ownerIds, 'uuid');
    anyOf('t.group_id', groupIds, 'uuid');
    if (filter.customerId) conditions.push(`t.customer_id = ${params.add(filter.customerId)}`);
    if (filter.productId) conditions.push(`t.product_id = ${params.add(filter.productId)}`);
    if (filter.tag) conditions.push(`t.tags @> ARRAY[${params.add(filter.tag)}]::text[]`);
    if (filter.unassigned) conditions.push('t.owner_user_id IS NULL');
    if (filter.open) conditions.push(OPEN_FILTER);
    if (filter.receivedFrom) conditions.push(`t.received_at >= ${params.add(filter.receivedFrom)}`);
    if (filter.receivedTo) conditions.push(`t.received_at < ${params.add(filter.receivedTo)}`);
    this.words = filter.searchQuery
      ? `t.search_vector @@ to_tsquery('simple', ${params.add(filter.searchQuery)})`
      : null;
    ({ keys: this.keys, direction: this.direction } = SORTS[sort]);
    if (after) {
      const left = this.keys.map((key) => `t.${key.column}`).join(', ');
      const right = this.keys.map((key, index) => `${params.add(after[index])}::${key.cast}`).join(', ');
      conditions.push(`(${left}) ${this.direction === 'ASC' ? '>' : '<'} (${right})`);
    }
    this.#customers = filter.tiers?.length ? 'LEFT JOIN customers cu ON cu.id = t.customer_id' : '';
  }

  order(alias: string): string {
    return this.keys.map((key) => `${alias}.${key.column} ${this.direction}`).join(', ');
  }

  columns(alias: string): string {
    return this.keys.map((key) => `${alias}.${key.column}`).join(', ');
  }

  /** The list's conditions with the reader's scope. */
  visible(): string[] {
    const scoped = scopeCondition(this.scope, this.params);
    return scoped ? [scoped, ...this.conditions] : this.conditions;
  }

  #select(from: string, where: readonly string[], tail = '', extra = ''): string {
    return `SELECT ${this.columns('t')}${extra} FROM ${from} ${this.#customers}
             ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${tail}`;
  }

  /**
   * The first `size` tickets under `conditions` in the list's order. Over several groups or owners: the
   * first `size` of each by its own index walk, merged — `group_id = ANY(…)` would return the tickets
   * group by group, and every ticket of the groups would be sorted for one page.
   */
  pick(size: string, conditions: readonly string[]): string {
    const ordered = `ORDER BY ${this.order('t')} LIMIT ${size}`;
    if (!this.fanOut) return this.#select('tickets t', conditions, ordered);
    return `SELECT each.* FROM unnest(${this.params.add(this.fanOut.values)}::uuid[]) AS fan (value)
              CROSS JOIN LATERAL (${this.#select('tickets t', [`${this.fanOut.column} = fan.value`, ...conditions], ordered)}) each
             ORDER BY ${this.order('each')} LIMIT ${size}`;
  }

  /**
   * The ways a ticket is in the reader's scope, each a condition an index serves: one of their groups,
   * owned, created, collaborated on (together: `scopeCondition`). Null when they see every ticket.
   * `ordered`: each group on its own, its id a constant, so the planner walks that group's index with
   * that group's statistics; otherwise the text index takes the groups together.
   */
  #sources(ordered: boolean): { from: string; where: string }[] | null {
    if (this.scope.all) return null;
    const user = this.params.add(this.scope.userId);
    const groups = ordered
      ? this.scope.groupIds.map((groupId) => `t.group_id = ${this.params.add(groupId)}::uuid`)
      : [`t.group_id = ANY(${this.params.add(this.scope.groupIds)}::uuid[])`];
    return [
      ...groups.map((where) => ({ from: 'tickets t', where })),
      { from: 'tickets t', where: `t.owner_user_id = ${user}` },
      { from: 'tickets t', where: `t.created_by_user_id = ${user}` },
      {
        from: 'ticket_collaborators tc JOIN tickets t ON t.id = tc.ticket_id',
        where: `tc.user_id = ${user}`,
      },
    ];
  }

  /** The lists a search walks in order, merged: the scope's ways in, or the fanned-out list, or the list. */
  #walks(): { from: string; where: string[] }[] {
    if (this.fanOut) {
      const visible = this.visible();
      return this.fanOut.values.map((value) => ({
        from: 'tickets t',
        where: [`${this.fanOut!.column} = ${this.params.add(value)}::uuid`, ...visible],
      }));
    }
    const sources = this.#sources(true);
    if (!sources) return [{ from: 'tickets t', where: this.conditions }];
    return sources.map(({ from, where }) => ({ from, where: [where, ...this.conditions] }));
  }

  /**
   * Up to `cap` of the reader's tickets with the words under the list's conditions, found through the
   * scoped text index (0011), a ticket possibly once per way it is in scope.
   */
  matches(cap: string): string {
    const conditions = [this.words!, ...this.conditions];
    const sources = this.#sources(false);
    if (!sources) return this.#select('tickets t', conditions, `LIMIT ${cap}`);
    return `${sources.map(({ from, where }) => `(${this.#select(from, [where, ...conditions])})`).join(' UNION ALL ')}
            LIMIT ${cap}`;
  }

  /** The first `size` tickets with the words in the list's order: every walk to its `size`-th match. */
  walk(size: string): string {
    const walks = this.#walks().map(
      ({ from, where }) =>
        `(${this.#select(from, [this.words!, ...where], `ORDER BY ${this.order('t')} LIMIT ${size}`)})`,
    );
    return `SELECT DISTINCT ${this.columns('walks')} FROM (${walks.join(' UNION ALL ')}) walks
             ORDER BY ${this.order('walks')} LIMIT ${size}`;
  }

  /**
   * Like `walk`, but each walk reads at most `budget` tickets: it stops at its `size`-th match, at its
   * budget (marking that row `at_end`), or at its end. What lies before every stopped walk's last row
   * is certain; `bounded` tells whether any walk stopped early. The page is the first `size` certain
   * matches: a full page, or with no walk stopped early, the whole answer.
   */
  boundedWalk(size: string, budget: string): string {
    const keys = (alias: string) => this.columns(alias);
    const reverse = this.direction === 'ASC' ? 'DESC' : 'ASC';
    const walks = this.#walks().map(
      ({ from, where }, index) =>
        `(SELECT ${index} AS walk, r.* FROM (
            SELECT o.*, row_number() OVER () = ${budget} AS at_end
              FROM (${this.#select(from, where, `ORDER BY ${this.order('t')} LIMIT ${budget}`, `, ${this.words} AS hit`)}) o) r
           WHERE r.hit OR r.at_end LIMIT ${size})`,
    );
    return `WITH w AS MATERIALIZED (${walks.join(' UNION ALL ')}),
         walked AS (SELECT walk, count(*) AS n, bool_or(at_end) AS at_end FROM w GROUP BY walk),
         edges AS (SELECT DISTINCT ON (w.walk) ${keys('w')} FROM w JOIN walked USING (walk)
                    WHERE walked.n = ${size} OR walked.at_end
                    ORDER BY w.walk, ${this.keys.map((key) => `w.${key.column} ${reverse}`).join(', ')}),
         bound AS (SELECT ${keys('edges')} FROM edges ORDER BY ${this.order('edges')} LIMIT 1)
    SELECT (SELECT count(*) FROM bound)::int AS bounded, page.*
      FROM (SELECT 1) one
      LEFT JOIN LATERAL (
        SELECT DISTINCT ${keys('w')} FROM w
         WHERE w.hit AND (NOT EXISTS (SELECT 1 FROM bound)
                          OR (${keys('w')}) ${this.direction === 'ASC' ? '<=' : '>='} (SELECT ${keys('bound')} FROM bound))
         ORDER BY ${this.order('w')} LIMIT ${size}) page ON true`;
  }
}

/**
 * The sort keys (id last) of a page's tickets, plus one. A search first walks the list's order — each
 * way into the reader's scope on its own index — checking the words, for at most `walkBudget` tickets
 * each: a word common among recent tickets fills the page there. Then the scoped text index counts the
 * reader's matches: at most `sortLimit` — a word rare among what the reader may see, however common
 * elsewhere — are sorted; more are found by walking on. So the cost follows the reader's own tickets and
 * matches, never the whole history. Without an index for the order (`tuning` null), the matches are
 * always sorted.
 */
async function pageKeys(
  db: Queryable,
  build: () => ListQuery,
  size: number,
  tuning: SearchTuning | null,
): Promise<Record<string, unknown>[]> {
  const found = (rows: Record<string, unknown>[]) => rows.filter((row) => row.id !== null);
  const list = build();
  const limit = list.params.add(size);
  if (!list.words) return db.query(list.pick(limit, list.visible()), list.params.values);
  if (tuning && tuning.walkBudget > 0) {
    const walk = build();
    const rows = await db.query<Record<string, unknown> & { bounded: number }>(
      walk.boundedWalk(walk.params.add(size), walk.params.add(tuning.walkBudget)),
      walk.params.values,
    );
    if (found(rows).length === size || rows[0]!.bounded === 0) return found(rows);
  }
  const cap = list.params.add(tuning ? tuning.sortLimit + 1 : null);
  const rows = await db.query<Record<string, unknown> & { found: number }>(
    `WITH found AS MATERIALIZED (${list.matches(cap)})
     SELECT n.found, page.*
       FROM (SELECT count(*)::int AS found FROM found) n
       LEFT JOIN LATERAL (SELECT DISTINCT ${list.columns('found')} FROM found
                           ORDER BY ${list.order('found')} LIMIT ${limit}) page ON true`,
    list.params.values,
  );
  if (!tuning || rows[0]!.found <= tuning.sortLimit) return found(rows);
  const walk = build();
  return db.query(walk.walk(walk.params.add(size)), walk.params.values);
}

/** The inbox: one page of tickets in the sort's order, after the cursor's ticket. */
export async function listTicketViews(
  db: Database,
  filter: TicketFilter,
  scope: TicketScope,
  sort: TicketSort,
  after: unknown[] | null,
  limit: number,
  tuning: SearchTuning = SEARCH_TUNING,
): Promise<TicketPage> {
  const build = () => new ListQuery(filter, scope, sort, after);
  // Indexes give received time's order over every ticket, the other sorts' over open tickets only:
  // without one, a walk would sort the whole list, so the matches are always sorted instead.
  const walkable = sort.startsWith('received') || filter.open === true;
  const read = async (reader: Queryable) => {
    const keys = await pageKeys(reader, build, limit + 1, walkable ? tuning : null);
    if (keys.length === 0) return [];
    // Driven by the page's ids in order, so each name is looked up by key for these few tickets (joined
    // by hash, PGlite read every customer for a page of 50).
    return reader.query<Record<string, unknown>>(
      `SELECT ${TICKET_COLUMNS}, t.priority_rank
         FROM unnest($1::uuid[]) WITH ORDINALITY AS page (id, position)
         JOIN tickets t ON t.id = page.id ${TICKET_JOINS}
        ORDER BY page.position`,
      [keys.map((row) => row.id)],
    );
  };
  // A search's plans are estimated dear (the planner cannot know how few matches the reader's scope
  // holds), and PostgreSQL would first compile them to machine code: most of a second, for a query of a
  // few milliseconds.
  const rows = filter.searchQuery
    ? await db.transaction(async (tx) => {
        await tx.query('SET LOCAL jit = off');
        return read(tx);
      })
    : await read(db);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const { keys } = SORTS[sort];
  return {
    items: items.map((row) => {
      const { priorityRank: _rank, ...view } = toView(row) as TicketView & { priorityRank?: number };
      return view;
    }),
    nextCursor: rows.length > limit && last ? encodeCursor(keys.map((key) => last[key.column])) : null,
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
