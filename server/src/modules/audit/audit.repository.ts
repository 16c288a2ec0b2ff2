import type { Queryable } from '../../platform/db/database.js';
import type { Actor } from './actor.js';

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  id: number;
  occurredAt: Date;
  actor: { userId: string | null; label: string };
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

/** Appends one entry to the audit trail, inside the transaction that makes the change. */
export async function recordAudit(tx: Queryable, actor: Actor, change: AuditChange): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_user_id, actor_label, action, entity_type, entity_id, before, after, request_id, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      actor.userId,
      actor.label,
      change.action,
      change.entityType,
      change.entityId,
      change.before === undefined ? null : JSON.stringify(change.before),
      change.after === undefined ? null : JSON.stringify(change.after),
      actor.requestId,
      actor.ip,
    ],
  );
}

/** Appends several entries by one actor in one statement, in the given order (batch work: the SLA sweep). */
export async function recordAudits(
  tx: Queryable,
  actor: Actor,
  changes: readonly AuditChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((change) => ({
    action: change.action,
    entity_type: change.entityType,
    entity_id: change.entityId,
    // As JSON text, so an explicit null is stored as recordAudit stores it (JSON null, not SQL NULL).
    before: change.before === undefined ? null : JSON.stringify(change.before),
    after: change.after === undefined ? null : JSON.stringify(change.after),
  }));
  await tx.query(
    `INSERT INTO audit_log (actor_user_id, actor_label, action, entity_type, entity_id, before, after, request_id, ip)
     SELECT $2::uuid, $3::text, c.action, c.entity_type, c.entity_id, c.before::jsonb, c.after::jsonb, $4::text, $5::text
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (
              action text, entity_type text, entity_id text, before text, after text))
            WITH ORDINALITY AS c (action, entity_type, entity_id, before, after, position)
      ORDER BY c.position`,
    [JSON.stringify(rows), actor.userId, actor.label, actor.requestId, actor.ip],
  );
}

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorUserId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Entries older than this id (keyset pagination, newest first). */
  beforeId?: number | undefined;
  limit: number;
}

type AuditRow = {
  id: number;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  ip: string | null;
};

export async function listAudit(db: Queryable, filter: AuditFilter): Promise<AuditEntry[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.entityType) add('entity_type = ?', filter.entityType);
  if (filter.entityId) add('entity_id = ?', filter.entityId);
  if (filter.actorUserId) add('actor_user_id = ?', filter.actorUserId);
  if (filter.action) add('action = ?', filter.action);
  if (filter.from) add('occurred_at >= ?', filter.from);
  if (filter.to) add('occurred_at < ?', filter.to);
  if (filter.beforeId) add('id < ?', filter.beforeId);
  params.push(filter.limit);
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at,
    actor: { userId: row.actor_user_id, label: row.actor_label },
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
    ip: row.ip,
  }));
}
