import type { Queryable } from '../../platform/db/database.js';
import { camelRow } from '../../platform/db/rows.js';
import type { AnyMilestone, SlaPolicy } from './sla.js';

export interface SlaPolicyRecord extends SlaPolicy {
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

const toPolicy = (row: unknown) => camelRow<SlaPolicyRecord>(row as Record<string, unknown>);

export async function listSlaPolicies(db: Queryable): Promise<SlaPolicyRecord[]> {
  return (await db.query('SELECT * FROM sla_policies ORDER BY position, key')).map(toPolicy);
}

export async function findSlaPolicy(db: Queryable, id: string): Promise<SlaPolicyRecord | undefined> {
  const rows = await db.query('SELECT * FROM sla_policies WHERE id = $1', [id]);
  return rows[0] ? toPolicy(rows[0]) : undefined;
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

const UPSERTED_COLUMNS = 15;

/** Writes several milestones in one statement: one round trip however many clocks a change moves. */
export async function upsertMilestones(
  tx: Queryable,
  milestones: readonly Omit<MilestoneRecord, 'id'>[],
  now: Date,
): Promise<void> {
  if (milestones.length === 0) return;
  const values: unknown[] = [now];
  const rows = milestones.map((milestone, index) => {
    values.push(
      milestone.ticketId,
      milestone.milestone,
      milestone.policyId,
      milestone.priority,
      milestone.targetMinutes,
      milestone.isBusinessTime,
      milestone.startedAt,
      milestone.dueAt,
      milestone.metAt,
      milestone.pausedAt,
      milestone.pausedMs,
      milestone.breachedAt,
      milestone.warningsSent,
      milestone.nextCheckAt,
      milestone.cycle,
    );
    const first = 2 + index * UPSERTED_COLUMNS;
    const placeholders = Array.from({ length: UPSERTED_COLUMNS }, (_, column) => `$${first + column}`);
    return `(${placeholders.join(', ')}, $1, $1)`;
  });
  await tx.query(
    `INSERT INTO ticket_milestones (ticket_id, milestone, policy_id, priority, target_minutes, is_business_time, started_at,
                                    due_at, met_at, paused_at, paused_ms, breached_at, warnings_sent, next_check_at, cycle,
                                    created_at, updated_at)
     VALUES ${rows.join(', ')}
     ON CONFLICT (ticket_id, milestone) DO UPDATE SET
       policy_id = EXCLUDED.policy_id, priority = EXCLUDED.priority, target_minutes = EXCLUDED.target_minutes,
       is_business_time = EXCLUDED.is_business_time, started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at,
       met_at = EXCLUDED.met_at, paused_at = EXCLUDED.paused_at, paused_ms = EXCLUDED.paused_ms,
       breached_at = EXCLUDED.breached_at, warnings_sent = EXCLUDED.warnings_sent,
       next_check_at = EXCLUDED.next_check_at, cycle = EXCLUDED.cycle, updated_at = EXCLUDED.updated_at`,
    values,
  );
}

/**
 * The sweep's query: milestones whose next check has come, locked so no other server takes them too.
 * Their tickets are locked with them: handling one milestone rewrites all of its ticket's milestones, so
 * two sweepers holding different milestones of one ticket would otherwise deadlock; a ticket another
 * sweeper or a user's change holds is left for the next sweep.
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
          ORDER BY m.next_check_at LIMIT $2 FOR UPDATE OF m, t SKIP LOCKED)
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

/** A category and its ancestors, for policy conditions on parent categories. */
export async function categoryLineage(db: Queryable, categoryId: string | null): Promise<string[]> {
  if (!categoryId) return [];
  const rows = await db.query<{ id: string }>(
    `WITH RECURSIVE lineage AS (
       SELECT id, parent_id FROM categories WHERE id = $1
       UNION ALL SELECT c.id, c.parent_id FROM categories c JOIN lineage l ON c.id = l.parent_id
     ) SELECT id FROM lineage`,
    [categoryId],
  );
  return rows.map((row) => row.id);
}

/** Users whose role is the supervisor's (R5.4: told of every breach). */
export async function listSupervisorIds(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id WHERE u.is_active AND r.key = 'supervisor'`,
  );
  return rows.map((row) => row.id);
}

/** The next more urgent active priority (by rank), or null at the top. */
export async function nextHigherPriority(db: Queryable, code: string): Promise<string | null> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM priorities WHERE is_active AND rank < (SELECT rank FROM priorities WHERE code = $1)
      ORDER BY rank DESC LIMIT 1`,
    [code],
  );
  return rows[0]?.code ?? null;
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

/**
 * R5.5: open milestones that are breached, warned, or due within the horizon, with their ticket's
 * group and owner; limited to the caller's groups unless they see everything. A survey follow-up runs
 * on a closed ticket and belongs to its assignee (NULL: to the supervisors).
 */
export async function listAtRiskMilestones(
  db: Queryable,
  scope: { all: boolean; groupIds: readonly string[]; userId: string },
  horizon: Date,
): Promise<BoardRow[]> {
  const rows = await db.query(
    `SELECT t.id AS ticket_id, t.number, t.title, t.priority, t.status, t.group_id, g.name AS group_name,
            o.owner_user_id, u.display_name AS owner_name, m.milestone, m.due_at, m.breached_at, m.warnings_sent,
            m.is_business_time, p.calendar_id
       FROM ticket_milestones m
       JOIN tickets t ON t.id = m.ticket_id
       LEFT JOIN sla_policies p ON p.id = m.policy_id
       LEFT JOIN survey_follow_ups f ON f.ticket_id = m.ticket_id AND m.milestone = 'survey_follow_up'
       CROSS JOIN LATERAL (SELECT CASE WHEN m.milestone = 'survey_follow_up' THEN f.assignee_user_id
                                       ELSE t.owner_user_id END AS owner_user_id) o
       LEFT JOIN groups g ON g.id = t.group_id
       LEFT JOIN users u ON u.id = o.owner_user_id
      WHERE m.met_at IS NULL AND m.paused_at IS NULL
        AND (t.status <> 'closed' OR m.milestone = 'survey_follow_up')
        AND (m.breached_at IS NOT NULL OR m.warnings_sent <> '{}' OR m.due_at <= $1)
        AND ($2 OR t.group_id = ANY($3::uuid[]) OR o.owner_user_id = $4)
      ORDER BY m.due_at LIMIT 500`,
    [horizon, scope.all, scope.groupIds, scope.userId],
  );
  return rows.map((row) => camelRow<BoardRow>(row as Record<string, unknown>));
}

export async function listOpenTicketIdsOfCalendar(db: Queryable, calendarId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT t.id FROM tickets t JOIN sla_policies p ON p.id = t.sla_policy_id
      WHERE p.calendar_id = $1 AND t.status <> 'closed'`,
    [calendarId],
  );
  return rows.map((row) => row.id);
}
