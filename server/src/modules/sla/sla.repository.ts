import type { Queryable } from '../../platform/db/database.js';
import { camelRow, SqlParams } from '../../platform/db/rows.js';
import type { AnyMilestone, SlaPolicy } from './sla.js';

export interface SlaPolicyRecord extends SlaPolicy {
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

const toPolicy = (row: unknown) => camelRow<SlaPolicyRecord>(row as Record<string, unknown>);

/** Every policy in evaluation order (reference data: kept in memory until one changes). */
export function listSlaPolicies(db: Queryable): Promise<readonly SlaPolicyRecord[]> {
  return db.referenceData('sla_policies', async (reference) =>
    (await reference.query('SELECT * FROM sla_policies ORDER BY position, key')).map(toPolicy),
  );
}

export async function findSlaPolicy(db: Queryable, id: string): Promise<SlaPolicyRecord | undefined> {
  return (await listSlaPolicies(db)).find((policy) => policy.id === id);
}

export async function findSlaPolicyByKey(db: Queryable, key: string): Promise<SlaPolicyRecord | undefined> {
  const rows = await db.query('SELECT * FROM sla_policies WHERE key = $1', [key]);
  return rows[0] ? toPolicy(rows[0]) : undefined;
}

export type PolicyFields = Omit<SlaPolicyRecord, 'id' | 'createdAt' | 'updatedAt'>;

export async function insertSlaPolicy(tx: Queryable, policy: PolicyFields, now: Date): Promise<string> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO sla_policies (key, name, description, position, is_active, conditions, calendar_id, targets,
                               pause_while_waiting_customer, warning_percents, breach_actions, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
    [
      policy.key,
      policy.name,
      policy.description,
      policy.position,
      policy.isActive,
      JSON.stringify(policy.conditions),
      policy.calendarId,
      JSON.stringify(policy.targets),
      policy.pauseWhileWaitingCustomer,
      policy.warningPercents,
      JSON.stringify(policy.breachActions),
      now,
    ],
  );
  return rows[0]!.id;
}

export async function updateSlaPolicy(
  tx: Queryable,
  id: string,
  policy: Omit<PolicyFields, 'key'>,
  now: Date,
): Promise<void> {
  await tx.query(
    `UPDATE sla_policies SET name = $2, description = $3, position = $4, is_active = $5, conditions = $6, calendar_id = $7,
            targets = $8, pause_while_waiting_customer = $9, warning_percents = $10, breach_actions = $11, updated_at = $12
      WHERE id = $1`,
    [
      id,
      policy.name,
      policy.description,
      policy.position,
      policy.isActive,
      JSON.stringify(policy.conditions),
      policy.calendarId,
      JSON.stringify(policy.targets),
      policy.pauseWhileWaitingCustomer,
      policy.warningPercents,
      JSON.stringify(policy.breachActions),
      now,
    ],
  );
}

export async function countPolicyUse(db: Queryable, id: string): Promise<number> {
  const rows = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM ticket_milestones WHERE policy_id = $1',
    [id],
  );
  return rows[0]?.count ?? 0;
}

export async function deleteSlaPolicy(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM sla_policies WHERE id = $1', [id]);
}

export interface MilestoneRecord {
  id: string;
  ticketId: string;
  milestone: AnyMilestone;
  /** Null only for task milestones (`survey_follow_up`), whose terms come from the task. */
  policyId: string | null;
  priority: string;
  targetMinutes: number;
  isBusinessTime: boolean;
  startedAt: Date;
  dueAt: Date;
  metAt: Date | null;
  pausedAt: Date | null;
  pausedMs: number;
  breachedAt: Date | null;
  warningsSent: number[];
  nextCheckAt: Date | null;
  cycle: number;
}

const toMilestone = (row: unknown) => camelRow<MilestoneRecord>(row as Record<string, unknown>);
const MILESTONE_COLUMNS =
  'id, ticket_id, milestone, policy_id, priority, target_minutes, is_business_time, started_at, due_at, met_at, paused_at, paused_ms, breached_at, warnings_sent, next_check_at, cycle';

export async function listTicketMilestones(db: Queryable, ticketId: string): Promise<MilestoneRecord[]> {
  return (
    await db.query(`SELECT ${MILESTONE_COLUMNS} FROM ticket_milestones WHERE ticket_id = $1`, [ticketId])
  ).map(toMilestone);
}

export async function listMilestonesOfTickets(
  db: Queryable,
  ticketIds: string[],
): Promise<MilestoneRecord[]> {
  if (ticketIds.length === 0) return [];
  return (
    await db.query(`SELECT ${MILESTONE_COLUMNS} FROM ticket_milestones WHERE ticket_id = ANY($1::uuid[])`, [
      ticketIds,
    ])
  ).map(toMilestone);
}

export async function upsertMilestone(
  tx: Queryable,
  milestone: Omit<MilestoneRecord, 'id'>,
  now: Date,
): Promise<void> {
  await upsertMilestones(tx, [milestone], now);
}

/**
 * Writes several milestones in one statement, however many tickets they belong to (at most one record
 * per ticket and milestone): one round trip however many clocks a change or a sweep moves.
 */
export async function upsertMilestones(
  tx: Queryable,
  milestones: readonly Omit<MilestoneRecord, 'id'>[],
  now: Date,
): Promise<void> {
  if (milestones.length === 0) return;
  const rows = milestones.map((milestone) => ({
    ticket_id: milestone.ticketId,
    milestone: milestone.milestone,
    policy_id: milestone.policyId,
    priority: milestone.priority,
    target_minutes: milestone.targetMinutes,
    is_business_time: milestone.isBusinessTime,
    started_at: milestone.startedAt,
    due_at: milestone.dueAt,
    met_at: milestone.metAt,
    paused_at: milestone.pausedAt,
    paused_ms: milestone.pausedMs,
    breached_at: milestone.breachedAt,
    warnings_sent: milestone.warningsSent,
    next_check_at: milestone.nextCheckAt,
    cycle: milestone.cycle,
  }));
  await tx.query(
    `INSERT INTO ticket_milestones (ticket_id, milestone, policy_id, priority, target_minutes, is_business_time, started_at,
                                    due_at, met_at, paused_at, paused_ms, breached_at, warnings_sent, next_check_at, cycle,
                                    created_at, updated_at)
     SELECT m.ticket_id, m.milestone, m.policy_id, m.priority, m.target_minutes, m.is_business_time, m.started_at,
            m.due_at, m.met_at, m.paused_at, m.paused_ms, m.breached_at, m.warnings_sent, m.next_check_at, m.cycle,
            $2::timestamptz, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS m (
              ticket_id uuid, milestone text, policy_id uuid, priority text, target_minutes integer,
              is_business_time boolean, started_at timestamptz, due_at timestamptz, met_at timestamptz,
              paused_at timestamptz, paused_ms bigint, breached_at timestamptz, warnings_sent integer[],
              next_check_at timestamptz, cycle integer)
     ON CONFLICT (ticket_id, milestone) DO UPDATE SET
       policy_id = EXCLUDED.policy_id, priority = EXCLUDED.priority, target_minutes = EXCLUDED.target_minutes,
       is_business_time = EXCLUDED.is_business_time, started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at,
       met_at = EXCLUDED.met_at, paused_at = EXCLUDED.paused_at, paused_ms = EXCLUDED.paused_ms,
       breached_at = EXCLUDED.breached_at, warnings_sent = EXCLUDED.warnings_sent,
       next_check_at = EXCLUDED.next_check_at, cycle = EXCLUDED.cycle, updated_at = EXCLUDED.updated_at`,
    [JSON.stringify(rows), now],
  );
}

/**
 * The sweep's query: milestones whose next check has come, claimed by locking their tickets, so no other
 * sweeper takes them too. The ticket is the unit: handling one milestone rewrites all of its ticket's
 * milestones, and every change to a ticket locks it first. A ticket another sweeper or a user's change
 * holds is left for them. The milestone rows themselves are not locked: SKIP LOCKED skips a row only
 * after locking its first table, so a sweeper that locked a milestone and then found its ticket taken
 * would keep that stray lock, and the two sweepers then wait on each other's tickets' milestones.
 */
export async function claimDueMilestones(
  tx: Queryable,
  now: Date,
  limit: number,
): Promise<MilestoneRecord[]> {
  return (
    await tx.query(
      `WITH claimed AS (
         SELECT m.id FROM ticket_milestones m JOIN tickets t ON t.id = m.ticket_id
          WHERE m.next_check_at IS NOT NULL AND m.next_check_at <= $1
          ORDER BY m.next_check_at LIMIT $2 FOR UPDATE OF t SKIP LOCKED)
       SELECT ${MILESTONE_COLUMNS} FROM ticket_milestones WHERE id IN (SELECT id FROM claimed)
        ORDER BY next_check_at`,
      [now, limit],
    )
  ).map(toMilestone);
}

export async function setTicketSlaState(
  tx: Queryable,
  ticketId: string,
  state: { slaPolicyId: string | null; isOverdue: boolean },
): Promise<void> {
  await tx.query('UPDATE tickets SET sla_policy_id = $2, is_overdue = $3 WHERE id = $1', [
    ticketId,
    state.slaPolicyId,
    state.isOverdue,
  ]);
}

/** What the sweep changes on a ticket: the policy's breach actions, if any, and its SLA state. */
export interface SweptTicket {
  id: string;
  priority?: string;
  ownerUserId?: string;
  assignmentState?: 'pending';
  assignedAt?: Date;
  lastPublicUpdateAt?: Date;
  slaPolicyId: string | null;
  isOverdue: boolean;
}

/**
 * The batch's ticket changes in one statement: breach actions (a changed ticket's `updated_at` moves)
 * and the SLA state of every resynchronised ticket.
 */
export async function updateSweptTickets(
  tx: Queryable,
  tickets: readonly SweptTicket[],
  now: Date,
): Promise<void> {
  if (tickets.length === 0) return;
  const rows = tickets.map((ticket) => ({
    id: ticket.id,
    priority: ticket.priority ?? null,
    owner_user_id: ticket.ownerUserId ?? null,
    assignment_state: ticket.assignmentState ?? null,
    assigned_at: ticket.assignedAt ?? null,
    last_public_update_at: ticket.lastPublicUpdateAt ?? null,
    changed:
      ticket.priority !== undefined ||
      ticket.ownerUserId !== undefined ||
      ticket.lastPublicUpdateAt !== undefined,
    sla_policy_id: ticket.slaPolicyId,
    is_overdue: ticket.isOverdue,
  }));
  await tx.query(
    `UPDATE tickets t SET
       priority = coalesce(s.priority, t.priority),
       owner_user_id = coalesce(s.owner_user_id, t.owner_user_id),
       assignment_state = coalesce(s.assignment_state, t.assignment_state),
       assigned_at = coalesce(s.assigned_at, t.assigned_at),
       last_public_update_at = coalesce(s.last_public_update_at, t.last_public_update_at),
       updated_at = CASE WHEN s.changed THEN $2::timestamptz ELSE t.updated_at END,
       sla_policy_id = s.sla_policy_id,
       is_overdue = s.is_overdue
      FROM jsonb_to_recordset($1::jsonb) AS s (
             id uuid, priority text, owner_user_id uuid, assignment_state text, assigned_at timestamptz,
             last_public_update_at timestamptz, changed boolean, sla_policy_id uuid, is_overdue boolean)
     WHERE t.id = s.id`,
    [JSON.stringify(rows), now],
  );
}

export interface OverdueReasonRecord {
  code: string;
  name: string;
  nameEn: string;
  requiresText: boolean;
  position: number;
  isActive: boolean;
}

export async function listOverdueReasons(db: Queryable): Promise<OverdueReasonRecord[]> {
  return (await db.query('SELECT * FROM overdue_reasons ORDER BY position, code')).map((row) =>
    camelRow<OverdueReasonRecord>(row as Record<string, unknown>),
  );
}

export async function upsertOverdueReason(tx: Queryable, reason: OverdueReasonRecord): Promise<void> {
  await tx.query(
    `INSERT INTO overdue_reasons (code, name, name_en, requires_text, position, is_active) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, requires_text = EXCLUDED.requires_text,
       position = EXCLUDED.position, is_active = EXCLUDED.is_active`,
    [reason.code, reason.name, reason.nameEn, reason.requiresText, reason.position, reason.isActive],
  );
}

/** Users whose role is the supervisor's (R5.4: told of every breach). */
export async function listSupervisorIds(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id WHERE u.is_active AND r.key = 'supervisor'`,
  );
  return rows.map((row) => row.id);
}

export async function findCalendarIdByKey(db: Queryable, key: string): Promise<string | undefined> {
  const rows = await db.query<{ id: string }>('SELECT id FROM business_calendars WHERE key = $1', [key]);
  return rows[0]?.id;
}

export async function listOpenTicketIdsOfPolicy(db: Queryable, policyId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM tickets WHERE sla_policy_id = $1 AND status <> 'closed'`,
    [policyId],
  );
  return rows.map((row) => row.id);
}

export async function calendarExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM business_calendars WHERE id = $1', [id])).length === 1;
}

export interface BoardRow {
  ticketId: string;
  number: string;
  title: string;
  priority: string;
  status: string;
  groupId: string | null;
  groupName: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  milestone: AnyMilestone;
  dueAt: Date;
  breachedAt: Date | null;
  warningsSent: number[];
  isBusinessTime: boolean;
  calendarId: string | null;
}

export interface BoardScope {
  all: boolean;
  groupIds: readonly string[];
  userId: string;
}

/** A reader's scope on the board, with how the board checks it (see `onBoard`). */
export interface BoardReader extends BoardScope {
  byTicketIds: boolean;
}

// Up to this many unclosed tickets in a reader's groups and hands, the board checks milestones against
// their ids; beyond, against each milestone's ticket.
const BOARD_TICKET_IDS_LIMIT = 5000;

/** How the board checks what `scope` may see: by its few unclosed tickets' ids, or ticket by ticket. */
export async function boardReaderOf(db: Queryable, scope: BoardScope): Promise<BoardReader> {
  if (scope.all) return { ...scope, byTicketIds: false };
  const rows = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM (
       SELECT 1 FROM tickets WHERE status <> 'closed' AND group_id = ANY($1::uuid[])
       UNION ALL SELECT 1 FROM tickets WHERE status <> 'closed' AND owner_user_id = $2
       LIMIT $3) unclosed`,
    [scope.groupIds, scope.userId, BOARD_TICKET_IDS_LIMIT + 1],
  );
  return { ...scope, byTicketIds: rows[0]!.count <= BOARD_TICKET_IDS_LIMIT };
}

// A survey follow-up runs on a closed ticket and belongs to its assignee (NULL: to the supervisors); a
// ticket has one at most. Looked up only for that milestone: as a join it was matched against every row.
const OWNER = `CASE WHEN m.milestone = 'survey_follow_up'
  THEN (SELECT f.assignee_user_id FROM survey_follow_ups f WHERE f.ticket_id = m.ticket_id)
  ELSE t.owner_user_id END`;

/**
 * The milestones on the board for `reader`: the tables to read and the condition, with its parameters
 * after the horizon ($1). The board is two ranges, each read in due order from its own index (0011):
 * every running milestone due by the horizon, and those due later that already warned or breached. As
 * one condition the walk could not stop at the horizon, and would read every running milestone of every
 * open ticket to find the few warned ones.
 *
 * A reader with few unclosed tickets in their groups and hands is checked on the milestone alone,
 * against those tickets' ids (and, for survey follow-ups, the follow-ups in their scope): the walk reads
 * only the milestone index until it has its page, not each milestone's ticket — mostly another group's.
 * Others are checked on each milestone's ticket. The CASEs are ORs in a form the planner does not try
 * to match against each of the tickets' indexes: written as ORs, planning took 40–110 ms.
 */
function onBoard(reader: BoardReader, params: SqlParams): { ctes: string; from: string; where: string } {
  const running = 'm.met_at IS NULL AND m.paused_at IS NULL';
  const unclosedOrFollowUp = `CASE WHEN m.milestone = 'survey_follow_up' THEN true ELSE t.status <> 'closed' END`;
  const withTicket = 'ticket_milestones m JOIN tickets t ON t.id = m.ticket_id';
  if (reader.all) return { ctes: '', from: withTicket, where: `${running} AND ${unclosedOrFollowUp}` };
  const groups = params.add(reader.groupIds);
  const user = params.add(reader.userId);
  if (!reader.byTicketIds)
    return {
      ctes: '',
      from: withTicket,
      where: `${running} AND ${unclosedOrFollowUp}
        AND CASE WHEN t.group_id = ANY(${groups}::uuid[]) THEN true ELSE ${OWNER} = ${user} END`,
    };
  return {
    ctes: `readers_tickets AS MATERIALIZED (
             SELECT id FROM tickets WHERE status <> 'closed' AND group_id = ANY(${groups}::uuid[])
             UNION SELECT id FROM tickets WHERE status <> 'closed' AND owner_user_id = ${user}),
           readers_follow_ups AS MATERIALIZED (
             SELECT f.ticket_id AS id FROM survey_follow_ups f JOIN tickets ft ON ft.id = f.ticket_id
              WHERE f.assignee_user_id = ${user} OR ft.group_id = ANY(${groups}::uuid[])),`,
    from: 'ticket_milestones m',
    where: `${running}
      AND CASE WHEN m.milestone = 'survey_follow_up' THEN m.ticket_id IN (SELECT id FROM readers_follow_ups)
               ELSE m.ticket_id IN (SELECT id FROM readers_tickets) END`,
  };
}

const DUE_BY_HORIZON = 'm.due_at <= $1';
const FLAGGED_LATER = `m.due_at > $1 AND (m.breached_at IS NOT NULL OR m.warnings_sent <> '{}')`;

/**
 * R5.5: one page of the open milestones that are breached, warned, or due within the horizon, most
 * urgent (earliest due) first, with their ticket's group and owner; limited to the caller's groups (and
 * what they own) unless they see everything.
 */
export async function listAtRiskMilestones(
  db: Queryable,
  reader: BoardReader,
  horizon: Date,
  page: { limit: number; offset: number },
): Promise<BoardRow[]> {
  const params = new SqlParams();
  params.add(horizon);
  const board = onBoard(reader, params);
  const reach = params.add(page.offset + page.limit);
  const part = (range: string) =>
    `(SELECT m.id, m.due_at FROM ${board.from} WHERE ${board.where} AND ${range}
       ORDER BY m.due_at, m.id LIMIT ${reach})`;
  const rows = await db.query(
    `WITH ${board.ctes}
     page AS (
       ${part(DUE_BY_HORIZON)} UNION ALL ${part(FLAGGED_LATER)}
       ORDER BY due_at, id LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}
     )
     SELECT t.id AS ticket_id, t.number, t.title, t.priority, t.status, t.group_id, g.name AS group_name,
            o.owner_user_id, u.display_name AS owner_name, m.milestone, m.due_at, m.breached_at, m.warnings_sent,
            m.is_business_time, p.calendar_id
       FROM page JOIN ticket_milestones m ON m.id = page.id
       JOIN tickets t ON t.id = m.ticket_id
       CROSS JOIN LATERAL (SELECT ${OWNER} AS owner_user_id) o
       LEFT JOIN sla_policies p ON p.id = m.policy_id
       LEFT JOIN groups g ON g.id = t.group_id
       LEFT JOIN users u ON u.id = o.owner_user_id
      ORDER BY m.due_at, m.id`,
    params.values,
  );
  return rows.map((row) => camelRow<BoardRow>(row as Record<string, unknown>));
}

/**
 * How many milestones the board holds, breached (marked so, or past due) and at risk, each counted up
 * to `cap`: a desk far behind has hundreds of thousands, and counting them all would cost seconds on
 * every refresh of every supervisor's board.
 */
export async function countAtRiskMilestones(
  db: Queryable,
  reader: BoardReader,
  horizon: Date,
  now: Date,
  cap: number,
): Promise<{ breached: number; atRisk: number }> {
  const params = new SqlParams();
  params.add(horizon);
  const board = onBoard(reader, params);
  const at = params.add(now);
  const limit = params.add(cap);
  // Each part is a range of one index, read until the cap at most.
  const upTo = (range: string) =>
    `(SELECT count(*) FROM (SELECT 1 FROM ${board.from} WHERE ${board.where} AND ${range} LIMIT ${limit}) part)`;
  const rows = await db.query<{ breached: number; at_risk: number }>(
    `${board.ctes ? `WITH ${board.ctes.replace(/,\s*$/, '')}` : ''}
     SELECT least(${limit}, ${upTo(`m.due_at < ${at}`)}
                   + ${upTo(`m.due_at >= ${at} AND ${DUE_BY_HORIZON} AND m.breached_at IS NOT NULL`)}
                   + ${upTo(`${FLAGGED_LATER} AND m.breached_at IS NOT NULL`)})::int AS breached,
            least(${limit}, ${upTo(`m.due_at >= ${at} AND ${DUE_BY_HORIZON} AND m.breached_at IS NULL`)}
                   + ${upTo(`${FLAGGED_LATER} AND m.breached_at IS NULL`)})::int AS at_risk`,
    params.values,
  );
  return { breached: rows[0]!.breached, atRisk: rows[0]!.at_risk };
}

export async function listOpenTicketIdsOfCalendar(db: Queryable, calendarId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT t.id FROM tickets t JOIN sla_policies p ON p.id = t.sla_policy_id
      WHERE p.calendar_id = $1 AND t.status <> 'closed'`,
    [calendarId],
  );
  return rows.map((row) => row.id);
}
