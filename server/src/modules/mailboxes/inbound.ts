import { createHash } from 'node:crypto';

/**
 * The decisions about one incoming e-mail, as pure functions over its headers and text: is it
 * automatic mail, which ticket does it answer, what is its id, what of its text is new.
 */

/** Raw header values by lower-case name, unfolded, in the order they appear. */
export type HeaderValues = ReadonlyMap<string, readonly string[]>;

/** Builds header values from `Name: value` lines (as mailparser's headerLines gives them). */
export function headerValuesOf(lines: readonly { key: string; line: string }[]): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const unfolded = line.replace(/\r?\n[ \t]+/g, ' ');
    const colon = unfolded.indexOf(':');
    const value = colon >= 0 ? unfolded.slice(colon + 1).trim() : '';
    const name = key.toLowerCase();
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return values;
}

const first = (headers: HeaderValues, name: string): string | undefined => headers.get(name)?.[0];

/** Why a message is automatic (an auto-reply, a bounce, a list mail, our own mail coming back). */
export const AUTOMATIC_REASONS = [
  'auto_submitted',
  'precedence',
  'x_autoreply',
  'x_autorespond',
  'auto_response_suppress',
  'delivery_report',
  'failed_recipients',
  'empty_return_path',
  'bounce_sender',
  'noreply_sender',
  'own_address',
  'no_sender',
] as const;
export type AutomaticReason = (typeof AUTOMATIC_REASONS)[number];

const AUTOMATIC_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);
const BOUNCE_SENDERS = /^(mailer-daemon|postmaster)$/i;
const NOREPLY_SENDERS = /^(no-?reply|do-?not-?reply|donotreply)([+._-].*)?$/i;
const FALSE_VALUES = new Set(['', 'no', 'false', '0']);

const valueBeforeParameters = (value: string) => value.split(';')[0]!.trim().toLowerCase();

/**
 * Auto-replies, bounces and other machine mail never open tickets and are never acknowledged (that
 * is how mail loops start). Returns the reason, or null for a message a person wrote.
 */
export function automaticMailReason(mail: {
  headers: HeaderValues;
  fromAddress: string | null;
  ownAddresses: readonly string[];
}): AutomaticReason | null {
  const { headers } = mail;
  const autoSubmitted = first(headers, 'auto-submitted');
  if (autoSubmitted !== undefined) {
    const value = valueBeforeParameters(autoSubmitted);
    if (value !== '' && value !== 'no') return 'auto_submitted';
  }
  const precedence = first(headers, 'precedence');
  if (precedence !== undefined && AUTOMATIC_PRECEDENCE.has(valueBeforeParameters(precedence)))
    return 'precedence';
  const flagged = (name: string) => {
    const value = first(headers, name);
    return value !== undefined && !FALSE_VALUES.has(value.trim().toLowerCase());
  };
  if (flagged('x-autoreply')) return 'x_autoreply';
  if (flagged('x-autorespond')) return 'x_autorespond';
  const suppress = first(headers, 'x-auto-response-suppress');
  if (suppress !== undefined && !['', 'none'].includes(suppress.trim().toLowerCase()))
    return 'auto_response_suppress';
  const contentType = first(headers, 'content-type');
  if (contentType !== undefined && valueBeforeParameters(contentType) === 'multipart/report')
    return 'delivery_report';
  if (headers.has('x-failed-recipients')) return 'failed_recipients';
  const returnPath = first(headers, 'return-path');
  if (returnPath !== undefined && /^<\s*>$/.test(returnPath.trim())) return 'empty_return_path';
  if (!mail.fromAddress) return 'no_sender';
  const localPart = mail.fromAddress.split('@')[0] ?? '';
  if (BOUNCE_SENDERS.test(localPart)) return 'bounce_sender';
  if (NOREPLY_SENDERS.test(localPart)) return 'noreply_sender';
  const from = mail.fromAddress.toLowerCase();
  if (mail.ownAddresses.some((own) => own.toLowerCase() === from)) return 'own_address';
  return null;
}

/** Every `<…>` message id in a header value, in order. */
export function messageIdsIn(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => `<${match[1]}>`);
}

/** A Message-ID header as we store it: the first `<…>` token, or a bare token put in brackets. */
export function normalizeMessageId(value: string | undefined): string | null {
  const [bracketed] = messageIdsIn(value);
  if (bracketed) return bracketed.slice(0, 998);
  const bare = value?.trim();
  return bare && !/\s/.test(bare) ? `<${bare.slice(0, 996)}>` : null;
}

/**
 * A stable id for a message without a Message-ID: the same message (appended twice, or delivered to two
 * mailboxes) hashes to the same id, so it is still taken once.
 */
export function fallbackMessageId(parts: {
  from: string | null;
  to: string;
  date: string;
  subject: string;
  text: string;
}): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([parts.from ?? '', parts.to, parts.date, parts.subject, parts.text.trim()]))
    .digest('hex');
  return `<${digest.slice(0, 40)}@no-message-id.aftercare.invalid>`;
}

/** The ids a reply names, most specific first: In-Reply-To, then References from the newest back. */
export function threadCandidates(inReplyTo: readonly string[], references: readonly string[]): string[] {
  return [...new Set([...inReplyTo, ...[...references].reverse()])];
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OUR_ID = new RegExp(`^<(notification|ticket)-(${UUID})@[^>]+>$`, 'i');

/** Message ids we generate for outgoing mail, recognised even without a stored record of them. */
export function ourMessageIdTarget(
  messageId: string,
): { kind: 'notification' | 'ticket'; id: string } | null {
  const match = OUR_ID.exec(messageId);
  if (!match) return null;
  return { kind: match[1]!.toLowerCase() as 'notification' | 'ticket', id: match[2]!.toLowerCase() };
}

const NUMBER = '\\d{6}-\\d{3,}';
const TAGGED_NUMBER = new RegExp(`\\[#(${NUMBER})\\]`, 'g');
const BARE_NUMBER = new RegExp(`(?<![\\d-])(${NUMBER})(?![\\d-])`, 'g');

/** Ticket numbers a subject names: `[#202611-001]` tags first, then bare numbers (e.g. `【202611-001】`). */
export function ticketNumbersInSubject(subject: string): string[] {
  const tagged = [...subject.matchAll(TAGGED_NUMBER)].map((match) => match[1]!);
  const bare = [...subject.matchAll(BARE_NUMBER)].map((match) => match[1]!);
  return [...new Set([...tagged, ...bare])];
}

const REPLY_PREFIX =
  /^\s*(re|fw|fwd|aw|wg|sv|vs|antw|tr|回复|回覆|答复|答覆|转发|轉寄|转寄|轉發)\s*(\[\d+\]|\(\d+\))?\s*[:：]\s*/i;

/** A subject without reply/forward prefixes and ticket tags: what the conversation is about. */
export function originalSubject(subject: string): string {
  let current = subject.replace(TAGGED_NUMBER, ' ');
  for (;;) {
    const next = current.replace(REPLY_PREFIX, '');
    if (next === current) break;
    current = next;
  }
  return current.replace(/\s+/g, ' ').trim();
}

/** The subject of our mail about an e-mail ticket, so the customer's mail client keeps one conversation. */
export function replySubject(original: string, ticketNumber: string): string {
  const about = originalSubject(original);
  return about ? `Re: ${about} [#${ticketNumber}]` : `Re: [#${ticketNumber}]`;
}

const QUOTE_HEADERS = [
  /^On\s.{1,300}\swrote:\s*$/i,
  /^在.{1,300}(写道|寫道)\s*[:：]?\s*$/,
  /^-{2,}\s*(Original Message|Forwarded message|原始邮件|原始郵件|转发邮件|轉寄郵件)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
];
const OUTLOOK_FROM = /^\s*\*?(From|发件人|寄件者)\s*[:：]\*?\s*\S/i;
const OUTLOOK_NEXT = /^\s*\*?(Sent|Date|To|Subject|发送时间|日期|收件人|主题|寄件日期|收件者|主旨)\s*[:：]/i;

/**
 * A reply without the history it quotes: cut at the first "On … wrote:" / "在 … 写道：" line, an
 * "Original Message" separator or an Outlook header block, and drop trailing `>` lines. When nothing
 * would remain, the text is kept whole (better a long reply than an empty one).
 */
export function trimQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let cut = lines.length;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.trim();
    const joined = `${line} ${lines[index + 1]?.trim() ?? ''}`.trim();
    const quoteHeader =
      QUOTE_HEADERS.some((pattern) => pattern.test(line)) ||
      // Clients wrap a long "On … wrote:" over two lines.
      (/^On\s/i.test(line) && QUOTE_HEADERS[0]!.test(joined));
    const outlookBlock =
      OUTLOOK_FROM.test(line) && lines.slice(index + 1, index + 5).some((next) => OUTLOOK_NEXT.test(next));
    if (quoteHeader || outlookBlock) {
      cut = index;
      break;
    }
  }
  const kept = lines.slice(0, cut);
  while (kept.length && (/^\s*>/.test(kept.at(-1)!) || kept.at(-1)!.trim() === '')) kept.pop();
  const trimmed = kept.join('\n').trim();
  return trimmed || text.trim();
}

/** What a fetch does next, from where the mailbox was left and what the server says now. */
export type FetchPlan =
  | { mode: 'resume'; afterUid: number }
  /** Unknown position (first fetch, changed account, or UIDVALIDITY changed): take the unseen mail. */
  | { mode: 'unseen'; uidValidity: number; resumeAfterUid: number };

export function planFetch(
  stored: { uidValidity: number | null; lastUid: number },
  server: { uidValidity: number; uidNext: number },
): FetchPlan {
  if (stored.uidValidity !== null && stored.uidValidity === server.uidValidity) {
    return { mode: 'resume', afterUid: stored.lastUid };
  }
  return {
    mode: 'unseen',
    uidValidity: server.uidValidity,
    resumeAfterUid: Math.max(0, server.uidNext - 1),
  };
}

/** What to do with a message that is neither a duplicate nor unreadable. */
export type IngestDecision =
  | { action: 'ignore'; reason: AutomaticReason }
  | { action: 'reply'; ticketId: string; threadedBy: 'headers' | 'subject' }
  | { action: 'create' };

/**
 * Automatic mail is only recorded. A reply naming one of our messages (or one we received) joins that
 * ticket; a subject naming a ticket number joins it only when the sender is that ticket's customer —
 * numbers are easy to guess, message ids are not. Anything else opens a new ticket.
 */
export function decideIngest(input: {
  automatic: AutomaticReason | null;
  ticketByHeaders: string | null;
  ticketBySubject: { ticketId: string; senderIsCustomer: boolean } | null;
}): IngestDecision {
  if (input.automatic) return { action: 'ignore', reason: input.automatic };
  if (input.ticketByHeaders)
    return { action: 'reply', ticketId: input.ticketByHeaders, threadedBy: 'headers' };
  if (input.ticketBySubject?.senderIsCustomer)
    return { action: 'reply', ticketId: input.ticketBySubject.ticketId, threadedBy: 'subject' };
  return { action: 'create' };
}

/** The headers of our next message about a ticket, from the ticket's mail so far (oldest first). */
export function outgoingThreadHeaders(
  chain: readonly { messageId: string; direction: 'inbound' | 'outbound' }[],
  maxReferences = 20,
): { inReplyTo: string | undefined; references: string[] } {
  const ids = [...new Set(chain.map((message) => message.messageId))];
  const latestInbound = [...chain].reverse().find((message) => message.direction === 'inbound');
  const inReplyTo = latestInbound?.messageId ?? chain.at(-1)?.messageId;
  // Long threads keep the first message (the conversation's root) and the most recent ones.
  const references =
    ids.length <= maxReferences ? ids : [ids[0]!, ...ids.slice(ids.length - (maxReferences - 1))];
  return { inReplyTo, references };
}

const CONTENT_TYPES_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  bmp: 'image/bmp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  avi: 'video/x-msvideo',
  '3gp': 'video/3gpp',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  amr: 'audio/amr',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
};

/** Mail clients often send files as application/octet-stream; the file name then tells the type. */
export function attachmentContentType(declared: string, fileName: string): string {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  if (type && type !== 'application/octet-stream') return type;
  const extension = fileName.split('.').at(-1)?.toLowerCase() ?? '';
  return CONTENT_TYPES_BY_EXTENSION[extension] ?? (type || 'application/octet-stream');
}
