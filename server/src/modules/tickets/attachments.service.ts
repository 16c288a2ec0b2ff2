import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, type ReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { type Caller, visibleTicket } from './access.js';
import {
  type AttachmentRecord,
  claimUploads,
  deleteUnattachedUploads,
  findAttachment,
  insertAttachment,
} from './attachments.repository.js';
import { insertEvent } from './tickets.repository.js';

/** R1.2 attachments: photos, video, documents, screenshots, test reports. */
const ALLOWED_TYPES = [
  /^image\/(jpeg|png|gif|webp|heic|heif|bmp)$/,
  /^video\/(mp4|quicktime|webm|x-msvideo|3gpp)$/,
  /^audio\/(mpeg|mp4|aac|wav|x-wav|amr)$/,
  /^application\/pdf$/,
  /^text\/(plain|csv)$/,
  /^application\/(msword|vnd\.ms-excel|vnd\.ms-powerpoint)$/,
  /^application\/vnd\.openxmlformats-officedocument\.(wordprocessingml\.document|spreadsheetml\.sheet|presentationml\.presentation)$/,
  /^application\/(zip|x-zip-compressed|x-rar-compressed|vnd\.rar|x-7z-compressed)$/,
];

export const isAllowedType = (contentType: string) =>
  ALLOWED_TYPES.some((pattern) => pattern.test(contentType));

export const attachmentsDir = (dataDir: string) => join(dataDir, 'attachments');

export function presentAttachment(attachment: AttachmentRecord) {
  return {
    id: attachment.id,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    sizeBytes: attachment.sizeBytes,
    createdAt: attachment.createdAt.toISOString(),
    url: `/api/v1/attachments/${attachment.id}`,
  };
}

/** Streams an upload to disk under the data directory, enforcing the size limit, then records it. */
export async function storeUpload(
  ctx: AppContext,
  upload: { fileName: string; contentType: string; stream: Readable & { truncated?: boolean } },
  uploadedByUserId: string | null,
): Promise<AttachmentRecord> {
  if (!isAllowedType(upload.contentType)) {
    upload.stream.resume();
    throw new AppError('unsupported_media_type', 'attachments.typeNotAllowed', {
      field: 'body.file',
      params: { type: upload.contentType },
    });
  }
  const now = ctx.clock.now();
  const id = randomUUID();
  const storageKey = `${now.toISOString().slice(0, 7)}/${id}`;
  const path = join(attachmentsDir(ctx.config.dataDir), storageKey);
  mkdirSync(join(path, '..'), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  upload.stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    hash.update(chunk);
  });
  await pipeline(upload.stream, createWriteStream(path));
  if (upload.stream.truncated || size > ctx.config.attachmentMaxBytes) {
    await rm(path, { force: true });
    throw new AppError('payload_too_large', 'attachments.tooLarge', {
      field: 'body.file',
      params: { max: `${Math.round(ctx.config.attachmentMaxBytes / 1024 / 1024)} MB` },
    });
  }
  const record: Omit<AttachmentRecord, 'ticketId' | 'eventId'> = {
    id,
    fileName: upload.fileName.slice(0, 255) || 'file',
    contentType: upload.contentType,
    sizeBytes: size,
    sha256: hash.digest('hex'),
    storageKey,
    uploadedByUserId,
    createdAt: now,
  };
  try {
    await insertAttachment(ctx.db, record);
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { ...record, ticketId: null, eventId: null };
}

/**
 * Attaches earlier uploads to a ticket (and to the timeline entry they came with). Only the uploader's
 * own, not yet attached uploads can be used, so one person cannot pull another's files into a ticket.
 */
export async function attachUploads(
  tx: Queryable,
  ticketId: string,
  ids: string[],
  actor: Actor,
  now: Date,
  eventId: number | null = null,
  isPublic = true,
): Promise<void> {
  const unique = [...new Set(ids)];
  // Files that come without a message get a timeline entry of their own, and point at it like the others.
  const entryId =
    eventId ??
    (await insertEvent(tx, {
      ticketId,
      kind: 'attachment',
      isPublic,
      authorUserId: actor.userId,
      authorLabel: actor.label,
      body: '',
      data: { attachmentIds: unique },
      createdAt: now,
    }));
  const claimed = await claimUploads(tx, {
    ids: unique,
    ticketId,
    eventId: entryId,
    uploadedByUserId: actor.userId,
  });
  const missing = unique.find((id) => !claimed.includes(id));
  if (missing)
    throw new AppError('validation_failed', 'attachments.unusable', {
      field: 'body.attachments',
      params: { id: missing },
    });
}

/** Removes uploads that were never attached to a ticket (a request that failed after its files arrived). */
export async function discardUploads(ctx: AppContext, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const storageKeys = await deleteUnattachedUploads(ctx.db, ids);
  await Promise.all(
    storageKeys.map((key) => rm(join(attachmentsDir(ctx.config.dataDir), key), { force: true })),
  );
}

/** An attachment the caller may read: of a ticket they can see, or their own upload not yet attached. */
export async function openAttachment(
  ctx: AppContext,
  caller: Caller,
  id: string,
): Promise<{ attachment: AttachmentRecord; stream: ReadStream }> {
  const attachment = await findAttachment(ctx.db, id);
  if (!attachment) throw new AppError('not_found', 'attachments.notFound');
  if (attachment.ticketId) {
    await visibleTicket(ctx.db, caller, attachment.ticketId);
  } else if (attachment.uploadedByUserId !== caller.principal.userId) {
    throw new AppError('not_found', 'attachments.notFound');
  }
  return {
    attachment,
    stream: createReadStream(join(attachmentsDir(ctx.config.dataDir), attachment.storageKey)),
  };
}
