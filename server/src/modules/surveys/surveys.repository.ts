import type { Queryable } from '../../platform/db/database.js';
import { camelRow, SqlParams } from '../../platform/db/rows.js';
import type { SurveyScale } from './scoring.js';
import type { SurveyQuestion } from './surveys.schema.js';

const SETTINGS_KEY = 'surveys.settings';

export async function findSurveySettingsValue(db: Queryable): Promise<unknown> {
  const rows = await db.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [
    SETTINGS_KEY,
  ]);
  return rows[0]?.value;
}

export async function saveSurveySettingsValue(tx: Queryable, value: unknown, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [SETTINGS_KEY, JSON.stringify(value), now],
  );
}

export type SurveyStatus = 'scheduled' | 'sent' | 'answered' | 'expired';
export type SurveyChannel = 'email' | 'sms' | 'portal';

export interface SurveyRecord {
  id: string;
  ticketId: string;
  status: SurveyStatus;
  channel: SurveyChannel | null;
  recipient: string | null;
  scale: SurveyScale;
  questions: SurveyQuestion[];
  closedAt: Date;
  sendAt: Date;
  sentAt: Date | null;
  expiresAt: Date | null;
  remindAt: Date | null;
  remindedAt: Date | null;
  answeredAt: Date | null;
  agentUserId: string | null;
  groupId: string | null;
  categoryId: string | null;
  productId: string | null;
  overallScore: number | null;
  isLow: boolean | null;
  nextCheckAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const toSurvey = (row: unknown) => camelRow<SurveyRecord>(row as Record<string, unknown>);

/** A ticket's survey that can still be answered: invited, unanswered, not yet expired. */
export async function findOpenSurveyOfTicket(
  db: Queryable,
  ticketId: string,
  now: Date,
): Promise<{ id: string; expiresAt: Date } | null> {
  const rows = await db.query<{ id: string; expires_at: Date }>(
    `SELECT id, expires_at FROM surveys WHERE ticket_id = $1 AND status = 'sent' AND expires_at > $2`,
    [ticketId, now],
  );
  const row = rows[0];
  return row ? { id: row.id, expiresAt: new Date(row.expires_at) } : null;
}

export async function findSurvey(db: Queryable, id: string, options: { lock?: boolean } = {}) {
  const rows = await db.query(`SELECT * FROM surveys WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return rows[0] ? toSurvey(rows[0]) : undefined;
}

export async function findSurveyOfTicket(db: Queryable, ticketId: string) {
  const rows = await db.query('SELECT * FROM surveys WHERE ticket_id = $1', [ticketId]);
  return rows[0] ? toSurvey(rows[0]) : undefined;
}

export interface NewSurvey {
  ticketId: string;
  scale: SurveyScale;
  questions: SurveyQuestion[];
  closedAt: Date;
  sendAt: Date;
  agentUserId: string | null;
  groupId: string | null;
  categoryId: string | null;
  productId: string | null;
}

/**
 * R6.4: the ticket's one survey. A survey not yet sent follows the latest close (a ticket reopened and
 * closed again is asked once, after it is finally done); one already sent or answered stays as it is.
 */
export async function scheduleSurveyRow(tx: Queryable, survey: NewSurvey, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO surveys (ticket_id, scale, questions, closed_at, send_at, next_check_at, agent_user_id, group_id,
                          category_id, product_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $10)
     ON CONFLICT (ticket_id) DO UPDATE SET
       scale = EXCLUDED.scale, questions = EXCLUDED.questions, closed_at = EXCLUDED.closed_at,
       send_at = EXCLUDED.send_at, next_check_at = EXCLUDED.next_check_at, agent_user_id = EXCLUDED.agent_user_id,
       group_id = EXCLUDED.group_id, category_id = EXCLUDED.category_id, product_id = EXCLUDED.product_id,
       updated_at = EXCLUDED.updated_at
     WHERE surveys.status = 'scheduled'`,
    [
      survey.ticketId,
      survey.scale,
      JSON.stringify(survey.questions),
      survey.closedAt,
      survey.sendAt,
      survey.agentUserId,
      survey.groupId,
      survey.categoryId,
      survey.productId,
      now,
    ],
  );
}

/** The sweep's query: surveys with something due, locked so no other server takes them too. */
export async function claimDueSurveys(tx: Queryable, now: Date, limit: number): Promise<SurveyRecord[]> {
  return (
    await tx.query(
      `SELECT * FROM surveys WHERE next_check_at IS NOT NULL AND next_check_at <= $1
        ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    )
  ).map(toSurvey);
}

export type SurveyChanges = Partial<
  Pick<
    SurveyRecord,
    | 'status'
    | 'channel'
    | 'recipient'
    | 'sentAt'
    | 'expiresAt'
    | 'remindAt'
    | 'remindedAt'
    | 'answeredAt'
    | 'overallScore'
    | 'isLow'
    | 'nextCheckAt'
  >
>;

const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export async function updateSurvey(
  tx: Queryable,
  id: string,
  changes: SurveyChanges,
  now: Date,
): Promise<void> {
  const params = new SqlParams();
  const sets: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    sets.push(`${snake(key)} = ${params.add(value)}`);
  }
  sets.push(`updated_at = ${params.add(now)}`);
  await tx.query(`UPDATE surveys SET ${sets.join(', ')} WHERE id = ${params.add(id)}`, params.values);
}

export interface AnswerRecord {
  surveyId: string;
  questionKey: string;
  kind: 'score' | 'text';
  rawScore: number | null;
  score: number | null;
  textValue: string | null;
  position: number;
}

export async function insertAnswers(tx: Queryable, answers: AnswerRecord[]): Promise<void> {
  for (const answer of answers) {
    await tx.query(
      `INSERT INTO survey_answers (survey_id, question_key, kind, raw_score, score, text_value, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        answer.surveyId,
        answer.questionKey,
        answer.kind,
        answer.rawScore,
        answer.score,
        answer.textValue,
        answer.position,
      ],
    );
  }
}

export async function listAnswers(db: Queryable, surveyIds: string[]): Promise<AnswerRecord[]> {
  if (surveyIds.length === 0) return [];
  return (
    await db.query(
      'SELECT * FROM survey_answers WHERE survey_id = ANY($1::uuid[]) ORDER BY position, question_key',
      [surveyIds],
    )
  ).map((row) => camelRow<AnswerRecord>(row as Record<string, unknown>));
}

/** A survey with the ticket and people it concerns, as lists and panels show it. */
export interface SurveyView extends SurveyRecord {
  ticketNumber: string;
  ticketTitle: string;
  customerId: string | null;
  agentDisplayName: string | null;
}

const SURVEY_VIEW = `
  SELECT s.*, t.number AS ticket_number, t.title AS ticket_title, t.customer_id, a.display_name AS agent_display_name
    FROM surveys s
    JOIN tickets t ON t.id = s.ticket_id
    LEFT JOIN users a ON a.id = s.agent_user_id`;

export interface SurveyScope {
  all: boolean;
  userId: string;
  groupIds: readonly string[];
}

/** R13.4: the same visibility as the ticket list — everything, or the caller's groups and own tickets. */
function scopeCondition(scope: SurveyScope, params: SqlParams): string {
  if (scope.all) return 'true';
  const user = params.add(scope.userId);
  return `(t.group_id = ANY(${params.add(scope.groupIds)}::uuid[]) OR t.owner_user_id = ${user}
           OR t.created_by_user_id = ${user} OR s.agent_user_id = ${user}
           OR EXISTS (SELECT 1 FROM ticket_collaborators tc WHERE tc.ticket_id = t.id AND tc.user_id = ${user}))`;
}

export async function findSurveyViewOfTicket(
  db: Queryable,
  ticketId: string,
): Promise<SurveyView | undefined> {
  const rows = await db.query(`${SURVEY_VIEW} WHERE s.ticket_id = $1`, [ticketId]);
  return rows[0] ? camelRow<SurveyView>(rows[0] as Record<string, unknown>) : undefined;
}

export async function listSurveyViews(
  db: Queryable,
  filter: {
    customerId?: string | undefined;
    agentId?: string | undefined;
    status?: SurveyStatus | undefined;
  },
  scope: SurveyScope,
  limit: number,
): Promise<SurveyView[]> {
  const params = new SqlParams();
  const where = [scopeCondition(scope, params)];
  if (filter.customerId) where.push(`t.customer_id = ${params.add(filter.customerId)}`);
  if (filter.agentId) where.push(`s.agent_user_id = ${params.add(filter.agentId)}`);
  if (filter.status) where.push(`s.status = ${params.add(filter.status)}`);
  const rows = await db.query(
    `${SURVEY_VIEW} WHERE ${where.join(' AND ')}
      ORDER BY coalesce(s.answered_at, s.sent_at, s.send_at) DESC, s.id LIMIT ${params.add(limit)}`,
    params.values,
  );
  return rows.map((row) => camelRow<SurveyView>(row as Record<string, unknown>));
}

export interface FollowUpRecord {
  id: string;
  surveyId: string;
  ticketId: string;
  assigneeUserId: string | null;
  status: 'open' | 'done';
  dueAt: Date;
  lowAnswers: Record<string, number>;
  causeTags: string[];
  remedyType: string | null;
  remedyAmount: number | null;
  note: string;
  completedAt: Date | null;
  completedByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface FollowUpView extends FollowUpRecord {
  ticketNumber: string;
  ticketTitle: string;
  ticketGroupId: string | null;
  ticketOwnerUserId: string | null;
  customerName: string | null;
  assigneeDisplayName: string | null;
  completedByDisplayName: string | null;
  overallScore: number | null;
  scale: SurveyScale;
}

export async function insertFollowUp(
  tx: Queryable,
  followUp: {
    surveyId: string;
    ticketId: string;
    assigneeUserId: string | null;
    dueAt: Date;
    lowAnswers: Record<string, number>;
  },
  now: Date,
): Promise<string> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO survey_follow_ups (survey_id, ticket_id, assignee_user_id, due_at, low_answers, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
    [
      followUp.surveyId,
      followUp.ticketId,
      followUp.assigneeUserId,
      followUp.dueAt,
      JSON.stringify(followUp.lowAnswers),
      now,
    ],
  );
  return rows[0]!.id;
}

const FOLLOW_UP_VIEW = `
  SELECT f.*, t.number AS ticket_number, t.title AS ticket_title, t.group_id AS ticket_group_id,
         t.owner_user_id AS ticket_owner_user_id, t.contact_name AS customer_name,
         a.display_name AS assignee_display_name, c.display_name AS completed_by_display_name,
         s.overall_score, s.scale
    FROM survey_follow_ups f
    JOIN surveys s ON s.id = f.survey_id
    JOIN tickets t ON t.id = f.ticket_id
    LEFT JOIN users a ON a.id = f.assignee_user_id
    LEFT JOIN users c ON c.id = f.completed_by_user_id`;

const toFollowUp = (row: unknown) => camelRow<FollowUpView>(row as Record<string, unknown>);

export async function findFollowUp(db: Queryable, id: string, options: { lock?: boolean } = {}) {
  const rows = await db.query(`${FOLLOW_UP_VIEW} WHERE f.id = $1${options.lock ? ' FOR UPDATE OF f' : ''}`, [
    id,
  ]);
  return rows[0] ? toFollowUp(rows[0]) : undefined;
}

export async function findFollowUpOfSurvey(db: Queryable, surveyId: string) {
  const rows = await db.query(`${FOLLOW_UP_VIEW} WHERE f.survey_id = $1`, [surveyId]);
  return rows[0] ? toFollowUp(rows[0]) : undefined;
}

/**
 * Follow-ups the caller may see: those assigned to them, those left to supervisors when they are one,
 * and (with the ticket scope) those on tickets they may see.
 */
export async function listFollowUps(
  db: Queryable,
  filter: { status?: 'open' | 'done' | undefined; assignedTo?: { userId: string; isSupervisor: boolean } },
  scope: SurveyScope,
): Promise<FollowUpView[]> {
  const params = new SqlParams();
  const where = [`(${scopeCondition(scope, params)} OR f.assignee_user_id = ${params.add(scope.userId)})`];
  if (filter.status) where.push(`f.status = ${params.add(filter.status)}`);
  if (filter.assignedTo) {
    const mine = `f.assignee_user_id = ${params.add(filter.assignedTo.userId)}`;
    where.push(filter.assignedTo.isSupervisor ? `(${mine} OR f.assignee_user_id IS NULL)` : mine);
  }
  const rows = await db.query(
    `${FOLLOW_UP_VIEW} WHERE ${where.join(' AND ')}
      ORDER BY (f.status = 'done'), CASE WHEN f.status = 'open' THEN f.due_at END, f.completed_at DESC, f.id
      LIMIT 500`,
    params.values,
  );
  return rows.map(toFollowUp);
}

export async function updateFollowUp(
  tx: Queryable,
  id: string,
  changes: {
    causeTags: string[];
    remedyType: string;
    remedyAmount: number | null;
    note: string;
    status: 'open' | 'done';
    completedAt: Date | null;
    completedByUserId: string | null;
  },
  now: Date,
): Promise<void> {
  await tx.query(
    `UPDATE survey_follow_ups SET cause_tags = $2, remedy_type = $3, remedy_amount = $4, note = $5, status = $6,
            completed_at = $7, completed_by_user_id = $8, updated_at = $9
      WHERE id = $1`,
    [
      id,
      changes.causeTags,
      changes.remedyType,
      changes.remedyAmount,
      changes.note,
      changes.status,
      changes.completedAt,
      changes.completedByUserId,
      now,
    ],
  );
}

export async function userHasRole(db: Queryable, userId: string, roleKey: string): Promise<boolean> {
  const rows = await db.query(
    'SELECT 1 FROM users u JOIN roles r ON r.id = u.role_id WHERE u.id = $1 AND r.key = $2',
    [userId, roleKey],
  );
  return rows.length > 0;
}

export interface CsatFiguresRow {
  sent: number;
  answered: number;
  average: number | null;
  satisfied: number;
  low: number;
}

const FIGURES = `count(*)::int AS sent,
  count(*) FILTER (WHERE s.status = 'answered')::int AS answered,
  round(avg(s.overall_score) FILTER (WHERE s.status = 'answered'), 2) AS average,
  count(*) FILTER (WHERE s.status = 'answered' AND s.overall_score >= 70)::int AS satisfied,
  count(*) FILTER (WHERE s.status = 'answered' AND s.is_low)::int AS low`;

const BREAKDOWN = {
  agent: {
    column: 's.agent_user_id',
    join: 'LEFT JOIN users d ON d.id = s.agent_user_id',
    name: 'd.display_name',
  },
  group: { column: 's.group_id', join: 'LEFT JOIN groups d ON d.id = s.group_id', name: 'd.name' },
  category: {
    column: 's.category_id',
    join: 'LEFT JOIN categories d ON d.id = s.category_id',
    name: 'd.name',
  },
  product: {
    column: 's.product_id',
    join: 'LEFT JOIN products d ON d.id = s.product_id',
    name: "d.model || ' ' || d.name",
  },
} as const;

/**
 * CSAT over the surveys sent in [from, to): a survey belongs to the period its invitation went out, so
 * the response rate and the scores describe the same surveys.
 */
export async function csatFigures(
  db: Queryable,
  range: { from: Date; to: Date; interval: 'week' | 'month'; by: keyof typeof BREAKDOWN; timezone: string },
) {
  const window = 's.sent_at >= $1 AND s.sent_at < $2';
  const base = [range.from, range.to];
  const [totals] = await db.query<CsatFiguresRow>(`SELECT ${FIGURES} FROM surveys s WHERE ${window}`, base);
  const scores = await db.query<{ scale: string; overall_score: number }>(
    `SELECT s.scale, s.overall_score FROM surveys s
      WHERE ${window} AND s.status = 'answered' AND s.overall_score IS NOT NULL`,
    base,
  );
  const trend = await db.query<CsatFiguresRow & { period: string }>(
    `SELECT to_char(date_trunc($3, s.sent_at AT TIME ZONE $4), 'YYYY-MM-DD') AS period, ${FIGURES}
       FROM surveys s WHERE ${window} GROUP BY 1 ORDER BY 1`,
    [...base, range.interval, range.timezone],
  );
  const dimension = BREAKDOWN[range.by];
  const breakdown = await db.query<CsatFiguresRow & { id: string | null; name: string | null }>(
    `SELECT ${dimension.column} AS id, ${dimension.name} AS name, ${FIGURES}
       FROM surveys s ${dimension.join} WHERE ${window}
      GROUP BY 1, 2 ORDER BY count(*) FILTER (WHERE s.status = 'answered') DESC, 2`,
    base,
  );
  return { totals: totals!, scores, trend, breakdown };
}
