import type { Queryable } from '../../platform/db/database.js';
import { camelRow } from '../../platform/db/rows.js';

/** Solution plans, collaboration and escalation requests: the decisions around a ticket (R3.4, R4.4). */

export interface SolutionPlanRecord {
  id: string;
  ticketId: string;
  body: string;
  compensationType: string | null;
  compensationAmount: number | null;
  isBulk: boolean;
  needsManagement: boolean;
  status:
    | 'pending_lead'
    | 'pending_management'
    | 'approved'
    | 'rejected'
    | 'accepted'
    | 'declined_by_customer'
    | 'withdrawn';
  leadDecidedBy: string | null;
  leadDecidedAt: Date | null;
  leadNote: string | null;
  managementDecidedBy: string | null;
  managementDecidedAt: Date | null;
  managementNote: string | null;
  customerDecidedAt: Date | null;
  customerNote: string | null;
  createdBy: string | null;
  createdAt: Date;
}

export async function insertPlan(
  tx: Queryable,
  plan: Pick<
    SolutionPlanRecord,
    | 'ticketId'
    | 'body'
    | 'compensationType'
    | 'compensationAmount'
    | 'isBulk'
    | 'needsManagement'
    | 'status'
    | 'createdBy'
    | 'createdAt'
  >,
): Promise<string> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO solution_plans (ticket_id, body, compensation_type, compensation_amount, is_bulk, needs_management,
                                 status, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      plan.ticketId,
      plan.body,
      plan.compensationType,
      plan.compensationAmount,
      plan.isBulk,
      plan.needsManagement,
      plan.status,
      plan.createdBy,
      plan.createdAt,
    ],
  );
  return rows[0]!.id;
}

export async function listPlans(db: Queryable, ticketId: string): Promise<SolutionPlanRecord[]> {
  const rows = await db.query('SELECT * FROM solution_plans WHERE ticket_id = $1 ORDER BY created_at', [
    ticketId,
  ]);
  return rows.map((row) => camelRow<SolutionPlanRecord>(row as Record<string, unknown>));
}

export async function findPlan(
  db: Queryable,
  ticketId: string,
  planId: string,
): Promise<SolutionPlanRecord | undefined> {
  const rows = await db.query('SELECT * FROM solution_plans WHERE id = $1 AND ticket_id = $2', [
    planId,
    ticketId,
  ]);
  return rows[0] ? camelRow<SolutionPlanRecord>(rows[0] as Record<string, unknown>) : undefined;
}

const PLAN_COLUMNS: Record<string, string> = {
  status: 'status',
  leadDecidedBy: 'lead_decided_by',
  leadDecidedAt: 'lead_decided_at',
  leadNote: 'lead_note',
  managementDecidedBy: 'management_decided_by',
  managementDecidedAt: 'management_decided_at',
  managementNote: 'management_note',
  customerDecidedAt: 'customer_decided_at',
  customerNote: 'customer_note',
};

export async function updatePlan(
  tx: Queryable,
  id: string,
  changes: Partial<SolutionPlanRecord>,
): Promise<void> {
  const entries = Object.entries(changes).filter(([key, value]) => value !== undefined && PLAN_COLUMNS[key]);
  const sets = entries.map(([key], index) => `${PLAN_COLUMNS[key]} = $${index + 2}`);
  await tx.query(`UPDATE solution_plans SET ${sets.join(', ')} WHERE id = $1`, [
    id,
    ...entries.map(([, value]) => value),
  ]);
}

export interface CollaborationRequestRecord {
  id: string;
  ticketId: string;
  requestedBy: string;
  requestedByName: string;
  groupId: string;
  groupName: string;
  action: string;
  dueAt: Date;
  status: 'open' | 'answered';
  answer: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
  createdAt: Date;
}

const SELECT_COLLABORATION = `
  SELECT r.*, u.display_name AS requested_by_name, g.name AS group_name
    FROM collaboration_requests r JOIN users u ON u.id = r.requested_by JOIN groups g ON g.id = r.group_id`;

export async function insertCollaborationRequest(
  tx: Queryable,
  request: {
    ticketId: string;
    requestedBy: string;
    groupId: string;
    action: string;
    dueAt: Date;
    createdAt: Date;
  },
): Promise<string> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO collaboration_requests (ticket_id, requested_by, group_id, action, due_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      request.ticketId,
      request.requestedBy,
      request.groupId,
      request.action,
      request.dueAt,
      request.createdAt,
    ],
  );
  return rows[0]!.id;
}

export async function listCollaborationRequests(
  db: Queryable,
  ticketId: string,
): Promise<CollaborationRequestRecord[]> {
  const rows = await db.query(`${SELECT_COLLABORATION} WHERE r.ticket_id = $1 ORDER BY r.created_at`, [
    ticketId,
  ]);
  return rows.map((row) => camelRow<CollaborationRequestRecord>(row as Record<string, unknown>));
}

export async function findCollaborationRequest(db: Queryable, ticketId: string, id: string) {
  const rows = await db.query(`${SELECT_COLLABORATION} WHERE r.id = $1 AND r.ticket_id = $2`, [id, ticketId]);
  return rows[0] ? camelRow<CollaborationRequestRecord>(rows[0] as Record<string, unknown>) : undefined;
}

export async function answerCollaborationRequest(
  tx: Queryable,
  id: string,
  answer: string,
  by: string,
  at: Date,
) {
  await tx.query(
    `UPDATE collaboration_requests SET status = 'answered', answer = $2, answered_by = $3, answered_at = $4 WHERE id = $1`,
    [id, answer, by, at],
  );
}

export interface EscalationRequestRecord {
  id: string;
  ticketId: string;
  requestedBy: string;
  requestedByName: string;
  reason: string;
  supportNeeded: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  newExpectedResolutionAt: Date | null;
  createdAt: Date;
}

const SELECT_ESCALATION = `
  SELECT e.*, u.display_name AS requested_by_name FROM escalation_requests e JOIN users u ON u.id = e.requested_by`;

export async function insertEscalationRequest(
  tx: Queryable,
  request: { ticketId: string; requestedBy: string; reason: string; supportNeeded: string; createdAt: Date },
): Promise<string> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO escalation_requests (ticket_id, requested_by, reason, support_needed, created_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [request.ticketId, request.requestedBy, request.reason, request.supportNeeded, request.createdAt],
  );
  return rows[0]!.id;
}

export async function listEscalationRequests(
  db: Queryable,
  ticketId: string,
): Promise<EscalationRequestRecord[]> {
  const rows = await db.query(`${SELECT_ESCALATION} WHERE e.ticket_id = $1 ORDER BY e.created_at`, [
    ticketId,
  ]);
  return rows.map((row) => camelRow<EscalationRequestRecord>(row as Record<string, unknown>));
}

export async function findEscalationRequest(db: Queryable, ticketId: string, id: string) {
  const rows = await db.query(`${SELECT_ESCALATION} WHERE e.id = $1 AND e.ticket_id = $2`, [id, ticketId]);
  return rows[0] ? camelRow<EscalationRequestRecord>(rows[0] as Record<string, unknown>) : undefined;
}

export async function decideEscalationRequest(
  tx: Queryable,
  id: string,
  decision: {
    status: 'approved' | 'rejected';
    by: string;
    at: Date;
    note: string | null;
    newExpectedResolutionAt: Date | null;
  },
) {
  await tx.query(
    `UPDATE escalation_requests SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5,
            new_expected_resolution_at = $6 WHERE id = $1`,
    [id, decision.status, decision.by, decision.at, decision.note, decision.newExpectedResolutionAt],
  );
}

export interface SavedViewRecord {
  id: string;
  userId: string;
  name: string;
  filters: Record<string, unknown>;
  isShared: boolean;
  createdAt: Date;
}

export async function listSavedViews(db: Queryable, userId: string): Promise<SavedViewRecord[]> {
  const rows = await db.query(
    'SELECT * FROM saved_views WHERE user_id = $1 OR is_shared ORDER BY is_shared, name',
    [userId],
  );
  return rows.map((row) => camelRow<SavedViewRecord>(row as Record<string, unknown>));
}

export async function insertSavedView(
  tx: Queryable,
  view: { userId: string; name: string; filters: Record<string, unknown>; isShared: boolean },
): Promise<SavedViewRecord> {
  const rows = await tx.query(
    'INSERT INTO saved_views (user_id, name, filters, is_shared) VALUES ($1, $2, $3, $4) RETURNING *',
    [view.userId, view.name, JSON.stringify(view.filters), view.isShared],
  );
  return camelRow<SavedViewRecord>(rows[0] as Record<string, unknown>);
}

export async function deleteSavedView(tx: Queryable, id: string, userId: string): Promise<boolean> {
  const rows = await tx.query('DELETE FROM saved_views WHERE id = $1 AND user_id = $2 RETURNING id', [
    id,
    userId,
  ]);
  return rows.length === 1;
}
