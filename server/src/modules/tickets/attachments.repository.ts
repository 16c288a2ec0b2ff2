import type { Queryable } from '../../platform/db/database.js';
import { camelRow } from '../../platform/db/rows.js';

export interface AttachmentRecord {
  id: string;
  ticketId: string | null;
  eventId: number | null;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedByUserId: string | null;
  createdAt: Date;
}

export async function insertAttachment(
  tx: Queryable,
  attachment: Omit<AttachmentRecord, 'ticketId' | 'eventId'>,
): Promise<void> {
  await tx.query(
    `INSERT INTO attachments (id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by_user_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      attachment.id,
      attachment.fileName,
      attachment.contentType,
      attachment.sizeBytes,
      attachment.sha256,
      attachment.storageKey,
      attachment.uploadedByUserId,
      attachment.createdAt,
    ],
  );
}

export async function findAttachment(db: Queryable, id: string): Promise<AttachmentRecord | undefined> {
  const rows = await db.query('SELECT * FROM attachments WHERE id = $1', [id]);
  return rows[0] ? camelRow<AttachmentRecord>(rows[0] as Record<string, unknown>) : undefined;
}

export async function listTicketAttachments(db: Queryable, ticketId: string): Promise<AttachmentRecord[]> {
  const rows = await db.query('SELECT * FROM attachments WHERE ticket_id = $1 ORDER BY created_at', [
    ticketId,
  ]);
  return rows.map((row) => camelRow<AttachmentRecord>(row as Record<string, unknown>));
}

/** Claims unattached uploads of this uploader for a ticket; returns the ids it could claim. */
export async function claimUploads(
  tx: Queryable,
  claim: { ids: string[]; ticketId: string; eventId: number | null; uploadedByUserId: string | null },
): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `UPDATE attachments SET ticket_id = $2, event_id = $3
      WHERE id = ANY($1::uuid[]) AND ticket_id IS NULL AND uploaded_by_user_id IS NOT DISTINCT FROM $4
      RETURNING id`,
    [claim.ids, claim.ticketId, claim.eventId, claim.uploadedByUserId],
  );
  return rows.map((row) => row.id);
}

/** Deletes the given uploads that no ticket uses; returns their storage keys, for removing the files. */
export async function deleteUnattachedUploads(db: Queryable, ids: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ storage_key: string }>(
    'DELETE FROM attachments WHERE id = ANY($1::uuid[]) AND ticket_id IS NULL RETURNING storage_key',
    [ids],
  );
  return rows.map((row) => row.storage_key);
}
