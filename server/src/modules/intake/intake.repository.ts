import type { Queryable } from '../../platform/db/database.js';
import { camelRow } from '../../platform/db/rows.js';

export interface WebhookSourceRecord {
  id: string;
  key: string;
  name: string;
  secret: string;
  defaultType: string;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const toSource = (row: unknown) => camelRow<WebhookSourceRecord>(row as Record<string, unknown>);

export async function listWebhookSources(db: Queryable): Promise<WebhookSourceRecord[]> {
  return (await db.query('SELECT * FROM webhook_sources ORDER BY key')).map(toSource);
}

export async function findWebhookSource(
  db: Queryable,
  by: { id?: string; key?: string },
): Promise<WebhookSourceRecord | undefined> {
  const rows = by.id
    ? await db.query('SELECT * FROM webhook_sources WHERE id = $1', [by.id])
    : await db.query('SELECT * FROM webhook_sources WHERE key = $1', [by.key]);
  return rows[0] ? toSource(rows[0]) : undefined;
}

export async function insertWebhookSource(
  tx: Queryable,
  source: { key: string; name: string; secret: string; defaultType: string; now: Date },
): Promise<WebhookSourceRecord> {
  const rows = await tx.query(
    `INSERT INTO webhook_sources (key, name, secret, default_type, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5) RETURNING *`,
    [source.key, source.name, source.secret, source.defaultType, source.now],
  );
  return toSource(rows[0]);
}

export async function updateWebhookSource(
  tx: Queryable,
  id: string,
  changes: { name: string; defaultType: string; isActive: boolean; secret: string },
  now: Date,
): Promise<void> {
  await tx.query(
    'UPDATE webhook_sources SET name = $2, default_type = $3, is_active = $4, secret = $5, updated_at = $6 WHERE id = $1',
    [id, changes.name, changes.defaultType, changes.isActive, changes.secret, now],
  );
}

export async function deleteWebhookSource(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM webhook_sources WHERE id = $1', [id]);
}

/** Records an accepted delivery; false when the same signature was accepted before (a replay). */
export async function recordDelivery(
  tx: Queryable,
  sourceId: string,
  signature: string,
  now: Date,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO webhook_deliveries (source_id, signature, received_at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING signature`,
    [sourceId, signature, now],
  );
  return rows.length === 1;
}

export async function setDeliveryTicket(
  tx: Queryable,
  sourceId: string,
  signature: string,
  ticketId: string,
) {
  await tx.query('UPDATE webhook_deliveries SET ticket_id = $3 WHERE source_id = $1 AND signature = $2', [
    sourceId,
    signature,
    ticketId,
  ]);
}
