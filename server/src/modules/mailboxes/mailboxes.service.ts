import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { groupExists } from '../tickets/tickets.repository.js';
import { type ConnectionTestResult, testImapConnection } from './imap.js';
import { fetchMailboxSpec } from './mailboxes.jobs.js';
import {
  deleteMailbox,
  findMailbox,
  insertMailbox,
  listMailboxMessages,
  listMailboxViews,
  type MailboxFields,
  type MailboxRecord,
  type MailboxView,
  mailboxNameTaken,
  updateMailbox,
} from './mailboxes.repository.js';
import type { ConnectionTestInput, CreateMailboxInput, UpdateMailboxInput } from './mailboxes.schema.js';

/** A mailbox as the API shows it: settings and status, never the password. */
export function presentMailbox(mailbox: MailboxView) {
  return {
    id: mailbox.id,
    name: mailbox.name,
    host: mailbox.host,
    port: mailbox.port,
    security: mailbox.security,
    username: mailbox.username,
    folder: mailbox.folder,
    address: mailbox.address,
    defaultGroup:
      mailbox.defaultGroupId && mailbox.defaultGroupName
        ? { id: mailbox.defaultGroupId, name: mailbox.defaultGroupName }
        : null,
    isEnabled: mailbox.isEnabled,
    pollIntervalMinutes: mailbox.pollIntervalMinutes,
    status: {
      lastPolledAt: isoOrNull(mailbox.lastPolledAt),
      lastSuccessAt: isoOrNull(mailbox.lastSuccessAt),
      lastError: mailbox.lastError,
      lastErrorAt: isoOrNull(mailbox.lastErrorAt),
      messagesTaken: mailbox.messagesTaken,
      ticketsCreated: mailbox.ticketsCreated,
      repliesAdded: mailbox.repliesAdded,
      ignored: mailbox.ignored,
      failed: mailbox.failed,
    },
    createdAt: iso(mailbox.createdAt),
    updatedAt: iso(mailbox.updatedAt),
  };
}

/** What the audit trail keeps of a mailbox's settings: everything but the password. */
const audited = (mailbox: MailboxRecord) => ({
  name: mailbox.name,
  host: mailbox.host,
  port: mailbox.port,
  security: mailbox.security,
  username: mailbox.username,
  folder: mailbox.folder,
  address: mailbox.address,
  defaultGroupId: mailbox.defaultGroupId,
  isEnabled: mailbox.isEnabled,
  pollIntervalMinutes: mailbox.pollIntervalMinutes,
});

export const listMailboxes = async (ctx: AppContext) => (await listMailboxViews(ctx.db)).map(presentMailbox);

async function presentOne(ctx: AppContext, id: string) {
  const view = (await listMailboxViews(ctx.db)).find((mailbox) => mailbox.id === id);
  if (!view) throw new AppError('not_found', 'mailboxes.notFound');
  return presentMailbox(view);
}

export const getMailbox = (ctx: AppContext, id: string) => presentOne(ctx, id);

async function checkFields(tx: Queryable, fields: MailboxFields, exceptId: string | null) {
  if (await mailboxNameTaken(tx, fields.name, exceptId)) {
    throw new AppError('conflict', 'mailboxes.nameTaken', {
      field: 'body.name',
      params: { name: fields.name },
    });
  }
  if (fields.defaultGroupId && !(await groupExists(tx, fields.defaultGroupId))) {
    throw new AppError('validation_failed', 'mailboxes.unknownGroup', { field: 'body.defaultGroupId' });
  }
}

export async function createMailbox(ctx: AppContext, actor: Actor, input: CreateMailboxInput) {
  const id = await ctx.db.transaction(async (tx) => {
    const fields: MailboxFields = {
      name: input.name,
      host: input.host,
      port: input.port,
      security: input.security,
      username: input.username,
      password: input.password,
      folder: input.folder,
      address: input.address ?? null,
      defaultGroupId: input.defaultGroupId ?? null,
      isEnabled: input.isEnabled,
      pollIntervalMinutes: input.pollIntervalMinutes,
    };
    await checkFields(tx, fields, null);
    const created = await insertMailbox(tx, fields, ctx.clock.now());
    await recordAudit(tx, actor, {
      action: 'mailbox.created',
      entityType: 'mailbox',
      entityId: created,
      after: audited((await findMailbox(tx, created))!),
    });
    return created;
  });
  return presentOne(ctx, id);
}

export async function updateMailboxSettings(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateMailboxInput,
) {
  await ctx.db.transaction(async (tx) => {
    const before = await findMailbox(tx, id);
    if (!before) throw new AppError('not_found', 'mailboxes.notFound');
    const fields: MailboxFields = {
      name: input.name ?? before.name,
      host: input.host ?? before.host,
      port: input.port ?? before.port,
      security: input.security ?? before.security,
      username: input.username ?? before.username,
      password: input.password ?? before.password,
      folder: input.folder ?? before.folder,
      address: input.address === undefined ? before.address : input.address,
      defaultGroupId: input.defaultGroupId === undefined ? before.defaultGroupId : input.defaultGroupId,
      isEnabled: input.isEnabled ?? before.isEnabled,
      pollIntervalMinutes: input.pollIntervalMinutes ?? before.pollIntervalMinutes,
    };
    await checkFields(tx, fields, id);
    // Another server, account or folder: the UIDs we remember belong to other mail.
    const resetPosition =
      fields.host.toLowerCase() !== before.host.toLowerCase() ||
      fields.port !== before.port ||
      fields.username !== before.username ||
      fields.folder !== before.folder;
    await updateMailbox(tx, id, fields, { resetPosition, now: ctx.clock.now() });
    await recordAudit(tx, actor, {
      action: 'mailbox.updated',
      entityType: 'mailbox',
      entityId: id,
      before: audited(before),
      after: { ...audited((await findMailbox(tx, id))!), passwordChanged: input.password !== undefined },
    });
  });
  return presentOne(ctx, id);
}

export async function removeMailbox(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const mailbox = await findMailbox(tx, id);
    if (!mailbox) throw new AppError('not_found', 'mailboxes.notFound');
    await deleteMailbox(tx, id);
    await recordAudit(tx, actor, {
      action: 'mailbox.deleted',
      entityType: 'mailbox',
      entityId: id,
      before: audited(mailbox),
    });
  });
}

/**
 * Tries settings against the real server. The stored password is only lent to the same mailbox's own
 * host and account, so a changed host cannot be used to send it elsewhere.
 */
export async function testConnection(
  ctx: AppContext,
  actor: Actor,
  input: ConnectionTestInput,
): Promise<ConnectionTestResult> {
  let password = input.password;
  if (password === undefined) {
    const stored = input.mailboxId ? await findMailbox(ctx.db, input.mailboxId) : undefined;
    if (input.mailboxId && !stored) throw new AppError('not_found', 'mailboxes.notFound');
    if (
      !stored ||
      stored.host.toLowerCase() !== input.host.toLowerCase() ||
      stored.username !== input.username
    ) {
      throw new AppError('validation_failed', 'mailboxes.passwordRequired', { field: 'body.password' });
    }
    password = stored.password;
  }
  const result = await testImapConnection({ ...input, password });
  ctx.log.info(
    {
      category: 'mailboxes',
      mailboxId: input.mailboxId ?? null,
      host: input.host,
      ok: result.ok,
      actor: actor.label,
    },
    'mailbox connection tested',
  );
  return result;
}

/** Queues a fetch now instead of waiting for the next poll. */
export async function fetchNow(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const mailbox = await findMailbox(tx, id);
    if (!mailbox) throw new AppError('not_found', 'mailboxes.notFound');
    if (!mailbox.isEnabled)
      throw new AppError('conflict', 'mailboxes.disabled', { params: { name: mailbox.name } });
    await ctx.queue.enqueue(tx, fetchMailboxSpec, { mailboxId: id });
  });
}

/** The latest messages taken from a mailbox and what became of each. */
export async function listMessages(ctx: AppContext, id: string, limit: number) {
  if (!(await findMailbox(ctx.db, id))) throw new AppError('not_found', 'mailboxes.notFound');
  return (await listMailboxMessages(ctx.db, id, limit)).map((message) => ({
    id: message.id,
    messageId: message.messageId,
    fromAddress: message.fromAddress,
    subject: message.subject,
    outcome: message.outcome,
    reason: message.reason,
    ticket:
      message.ticketId && message.ticketNumber
        ? { id: message.ticketId, number: message.ticketNumber }
        : null,
    receivedAt: iso(message.receivedAt),
  }));
}
