import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type Attachment, simpleParser } from 'mailparser';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { translate } from '../../platform/i18n/translate.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { syncTicketSla } from '../sla/sla.service.js';
import { attachmentsDir, storeUpload } from '../tickets/attachments.service.js';
import { createInTransaction } from '../tickets/intake.service.js';
import { findTicketView, lockTicket } from '../tickets/tickets.repository.js';
import { customerReplyInTransaction, event } from '../tickets/tickets.service.js';
import { htmlToText, sanitizeMailHtml } from './html.js';
import {
  type AutomaticReason,
  attachmentContentType,
  automaticMailReason,
  decideIngest,
  fallbackMessageId,
  type HeaderValues,
  headerValuesOf,
  messageIdsIn,
  normalizeMessageId,
  originalSubject,
  ourMessageIdTarget,
  threadCandidates,
  ticketNumbersInSubject,
  trimQuotedHistory,
} from './inbound.js';
import {
  claimInboundMessage,
  deleteUnattachedUploads,
  findMergeTarget,
  findMessageOutcome,
  findTicketsByMessageIds,
  findTicketsByNumbers,
  finishInboundMessage,
  type InboundMessage,
  listMailboxAddresses,
  markMessageTaken,
} from './mailboxes.repository.js';

/** One e-mail as the channel reads it: ids, sender, subject, readable text, sanitised HTML, files. */
export interface ReadMessage {
  messageId: string;
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  inReplyTo: string[];
  references: string[];
  headers: HeaderValues;
  text: string;
  html: string | null;
  attachments: Attachment[];
}

const MAX_HTML_CHARS = 500_000;
const MAX_DESCRIPTION_CHARS = 20_000;

/** Parses a raw RFC 822 message (MIME, encoded words, RFC 2231 file names, charsets such as GBK). */
export async function readMessage(raw: Buffer): Promise<ReadMessage> {
  const parsed = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const headers = headerValuesOf(parsed.headerLines);
  const sender = parsed.from?.value[0];
  const subject = (parsed.subject ?? '').trim();
  const html =
    typeof parsed.html === 'string' && parsed.html ? sanitizeMailHtml(parsed.html).trim() || null : null;
  const text = (parsed.text?.trim() || (html ? htmlToText(html) : '')).replace(/\r\n/g, '\n');
  const fromAddress = sender?.address?.trim() || null;
  return {
    messageId:
      normalizeMessageId(headers.get('message-id')?.[0]) ??
      fallbackMessageId({
        from: fromAddress,
        to: headers.get('to')?.join(',') ?? '',
        date: headers.get('date')?.[0] ?? '',
        subject,
        text,
      }),
    fromAddress,
    fromName: sender?.name?.trim() || null,
    subject,
    inReplyTo: messageIdsIn(headers.get('in-reply-to')?.join(' ')),
    references: messageIdsIn(headers.get('references')?.join(' ')),
    headers,
    text,
    html: html ? html.slice(0, MAX_HTML_CHARS) : null,
    attachments: parsed.attachments,
  };
}

export type IngestResult =
  | { outcome: 'ticket_created'; ticketId: string; ticketNumber: string }
  | { outcome: 'reply_added'; ticketId: string; ticketNumber: string; threadedBy: 'headers' | 'subject' }
  | { outcome: 'ignored'; reason: AutomaticReason }
  | { outcome: 'duplicate' };

export interface IngestSource {
  mailbox: { id: string; name: string; defaultGroupId: string | null };
  /** The IMAP UID to move the mailbox's position past, or null while the position is not known yet. */
  uid: number | null;
  /** When the mail server received it (IMAP INTERNALDATE). */
  receivedAt: Date | null;
  leaseUntil: Date;
}

/** The bare address of a `Name <address>` sender setting. */
const addressOf = (from: string) => (/<([^<>]+)>/.exec(from)?.[1] ?? from).trim();

/**
 * Takes one message in. The inbound record, the ticket or reply, and the mailbox's new position commit
 * together; when anything fails nothing of it remains (the mail stays unseen and is tried again).
 * Files are stored first, outside the transaction, the way uploads are; they are removed again when the
 * message turns out to need none.
 */
export async function ingestMessage(
  ctx: AppContext,
  raw: Buffer,
  source: IngestSource,
): Promise<IngestResult> {
  const mail = await readMessage(raw);
  const now = ctx.clock.now();
  const receivedAt = source.receivedAt && source.receivedAt < now ? source.receivedAt : now;
  const ownAddresses = [addressOf(ctx.config.mailFrom), ...(await listMailboxAddresses(ctx.db))];
  const automatic = automaticMailReason({
    headers: mail.headers,
    fromAddress: mail.fromAddress,
    ownAddresses,
  });
  const known = await findMessageOutcome(ctx.db, mail.messageId);
  const stored =
    !automatic && (known === undefined || known === 'failed')
      ? await storeAttachments(ctx, mail.attachments)
      : { ids: [], rejected: [] };
  const record: InboundMessage = {
    messageId: mail.messageId,
    mailboxId: source.mailbox.id,
    fromAddress: mail.fromAddress,
    subject: mail.subject.slice(0, 1000),
    inReplyTo: mail.inReplyTo[0] ?? null,
    references: mail.references,
    htmlBody: mail.html,
    imapUid: source.uid,
    receivedAt,
  };
  try {
    const result = await ctx.db.transaction(async (tx): Promise<IngestResult> => {
      const claimed = await claimInboundMessage(tx, record);
      await markMessageTaken(tx, source.mailbox.id, { uid: source.uid, leaseUntil: source.leaseUntil });
      if (!claimed) return { outcome: 'duplicate' };
      const target = automatic ? { byHeaders: null, bySubject: null } : await findThreadTarget(tx, mail);
      const decision = decideIngest({
        automatic,
        ticketByHeaders: target.byHeaders,
        ticketBySubject: target.bySubject,
      });
      if (decision.action === 'ignore') {
        await finishInboundMessage(tx, claimed, {
          outcome: 'ignored',
          reason: decision.reason,
          ticketId: null,
        });
        return { outcome: 'ignored', reason: decision.reason };
      }
      const actor = customerActor(mail);
      if (decision.action === 'reply') {
        const ticketId = await followMerges(tx, decision.ticketId);
        await lockTicket(tx, ticketId);
        const ticket = (await findTicketView(tx, ticketId))!;
        await customerReplyInTransaction(
          ctx,
          tx,
          { actor },
          ticket,
          { body: trimQuotedHistory(mail.text) || mail.subject, via: 'email', attachments: stored.ids },
          now,
        );
        await noteRejectedFiles(ctx, tx, actor, ticketId, stored.rejected, now);
        await syncTicketSla(tx, (await findTicketView(tx, ticketId))!, now);
        await recordAudit(tx, actor, {
          action: 'ticket.customer_replied',
          entityType: 'ticket',
          entityId: ticketId,
          after: { via: 'email', messageId: mail.messageId, threadedBy: decision.threadedBy },
        });
        await finishInboundMessage(tx, claimed, {
          outcome: 'reply_added',
          reason: decision.threadedBy,
          ticketId,
        });
        return {
          outcome: 'reply_added',
          ticketId,
          ticketNumber: ticket.number,
          threadedBy: decision.threadedBy,
        };
      }
      const ticketId = await createInTransaction(
        ctx,
        tx,
        actor,
        {
          title: titleOf(ctx, mail),
          description: mail.text.slice(0, MAX_DESCRIPTION_CHARS),
          type: 'consultation',
          channel: 'email',
          sourceReference: mail.messageId.slice(0, 200),
          customer: {
            name: (mail.fromName ?? mail.fromAddress!.split('@')[0]!).slice(0, 100),
            email: mail.fromAddress,
          },
          attachments: stored.ids,
          groupId: source.mailbox.defaultGroupId,
          receivedAt: receivedAt.toISOString(),
        },
        {},
      );
      await noteRejectedFiles(ctx, tx, actor, ticketId, stored.rejected, now);
      await finishInboundMessage(tx, claimed, { outcome: 'ticket_created', reason: null, ticketId });
      return {
        outcome: 'ticket_created',
        ticketId,
        ticketNumber: (await findTicketView(tx, ticketId))!.number,
      };
    });
    if (result.outcome === 'duplicate' || result.outcome === 'ignored') await discardUploads(ctx, stored.ids);
    return result;
  } catch (error) {
    await discardUploads(ctx, stored.ids);
    throw error;
  }
}

/** The customer as the author of what their mail adds: their name and address. */
function customerActor(mail: ReadMessage): Actor {
  const label = mail.fromName ? `${mail.fromName} <${mail.fromAddress}>` : (mail.fromAddress ?? 'email');
  return { userId: null, label: label.slice(0, 200), requestId: null, ip: null };
}

function titleOf(ctx: AppContext, mail: ReadMessage): string {
  const subject = originalSubject(mail.subject);
  if (subject) return subject.slice(0, 200);
  const firstLine = mail.text
    .split('\n')
    .find((line) => line.trim())
    ?.trim();
  return firstLine ? firstLine.slice(0, 60) : translate(ctx.config.defaultLocale, 'mailboxes.noSubject');
}

/** Which ticket a message answers: by the ids it names (any sender), else by a number in its subject. */
async function findThreadTarget(tx: Queryable, mail: ReadMessage) {
  const candidates = threadCandidates(mail.inReplyTo, mail.references);
  const ours = candidates.map(ourMessageIdTarget);
  const found = await findTicketsByMessageIds(tx, candidates, {
    notificationIds: ours.flatMap((target) => (target?.kind === 'notification' ? [target.id] : [])),
    ticketIds: ours.flatMap((target) => (target?.kind === 'ticket' ? [target.id] : [])),
  });
  let byHeaders: string | null = null;
  for (const [index, messageId] of candidates.entries()) {
    const our = ours[index];
    byHeaders =
      found.get(`message:${messageId}`) ?? (our ? found.get(`${our.kind}:${our.id}`) : undefined) ?? null;
    if (byHeaders) break;
  }
  const numbers = ticketNumbersInSubject(mail.subject);
  const tickets = await findTicketsByNumbers(tx, numbers);
  const named = numbers.map((number) => tickets.find((ticket) => ticket.number === number)).find(Boolean);
  const sender = mail.fromAddress?.toLowerCase();
  return {
    byHeaders,
    bySubject: named
      ? {
          ticketId: named.id,
          senderIsCustomer:
            Boolean(sender) && named.addresses.some((address) => address.toLowerCase() === sender),
        }
      : null,
  };
}

/** A merged ticket's mail continues on the ticket it was merged into. */
async function followMerges(tx: Queryable, ticketId: string): Promise<string> {
  let current = ticketId;
  for (let hops = 0; hops < 10; hops += 1) {
    const next = await findMergeTarget(tx, current);
    if (!next) break;
    current = next;
  }
  return current;
}

interface StoredFiles {
  ids: string[];
  rejected: { fileName: string; error: AppError }[];
}

/** Stores each file with the same type and size rules as uploads; a refused one is remembered, not fatal. */
async function storeAttachments(ctx: AppContext, attachments: Attachment[]): Promise<StoredFiles> {
  const stored: StoredFiles = { ids: [], rejected: [] };
  try {
    for (const [index, attachment] of attachments.entries()) {
      const fileName = attachment.filename?.trim() || `attachment-${index + 1}`;
      const contentType = attachmentContentType(attachment.contentType, fileName);
      try {
        const record = await storeUpload(
          ctx,
          { fileName, contentType, stream: Readable.from(attachment.content) },
          null,
        );
        stored.ids.push(record.id);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        stored.rejected.push({ fileName, error });
      }
    }
  } catch (error) {
    await discardUploads(ctx, stored.ids);
    throw error;
  }
  return stored;
}

/** Files that could not be kept are named on the timeline, so staff can ask the customer for them. */
async function noteRejectedFiles(
  ctx: AppContext,
  tx: Queryable,
  actor: Actor,
  ticketId: string,
  rejected: StoredFiles['rejected'],
  now: Date,
): Promise<void> {
  if (!rejected.length) return;
  const locale = ctx.config.defaultLocale;
  const files = rejected.map(({ fileName, error }) => `${fileName}（${error.detailIn(locale)}）`).join('；');
  await event(tx, { actor }, ticketId, 'internal_note', {
    body: translate(locale, 'mailboxes.attachmentsRejected', { files }),
    isPublic: false,
    data: { rejectedAttachments: rejected.map(({ fileName, error }) => ({ fileName, code: error.code })) },
    at: now,
  });
}

async function discardUploads(ctx: AppContext, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const keys = await deleteUnattachedUploads(ctx.db, ids);
  await Promise.all(
    keys.map((key) =>
      rm(join(attachmentsDir(ctx.config.dataDir), key), { force: true }).catch(() => undefined),
    ),
  );
}
