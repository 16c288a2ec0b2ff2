import { createHash, randomBytes, randomInt } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { iso } from '../../platform/http/schemas.js';
import { type Locale, type MessageKey, translate } from '../../platform/i18n/translate.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { safeEqual } from '../auth/auth.service.js';
import { findCategoryById, listCategories } from '../classification/classification.repository.js';
import { emailKey, isPlausiblePhone, normalizePhone } from '../customers/contact-details.js';
import { portalTicketUrl, queuePrivateMessage } from '../notifications/notifications.service.js';
import { syncTicketSla } from '../sla/sla.service.js';
import { findSurveyLinkForTicket } from '../surveys/surveys.service.js';
import type { AttachmentRecord } from '../tickets/attachments.repository.js';
import { attachmentsDir } from '../tickets/attachments.service.js';
import { createTicket } from '../tickets/intake.service.js';
import { planCustomerDecisionInTransaction } from '../tickets/plans.service.js';
import { loadTicketPolicy } from '../tickets/policy.js';
import { findPlan, listPlans } from '../tickets/requests.repository.js';
import { TICKET_TYPES, type TicketStatus } from '../tickets/ticket.types.js';
import { auditedTicket } from '../tickets/tickets.presenter.js';
import {
  findTicketView,
  listEvents,
  lockTicket,
  type TicketEventRecord,
  type TicketView,
} from '../tickets/tickets.repository.js';
import type { CreateTicketInput } from '../tickets/tickets.schema.js';
import { customerConfirmationInTransaction, customerReplyInTransaction } from '../tickets/tickets.service.js';
import { type Destination, destinationHash, maskDestination, parseDestination } from './destination.js';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteStaleCodes,
  findPublicAttachment,
  findReachableTicketId,
  findSession,
  findVisibleTicketId,
  grantTicket,
  insertSession,
  listPublicAttachments,
  listVisibleTickets,
  lockCodeRow,
  nextExpectedTimes,
  type PortalSessionRecord,
  reachesAnyTicket,
  recordWrongCode,
  saveCode,
  touchSession,
  useUpCode,
} from './portal.repository.js';
import type { NewTicketFields } from './portal.schema.js';

export type PortalSession = PortalSessionRecord;

/** Who is asking, as the request tells: for the audit trail and the language of messages. */
export interface PortalClient {
  ip: string;
  userAgent: string | null;
  requestId: string;
  locale: Locale;
}

// The per-destination request count covers this long a window.
const CODE_WINDOW_MS = 3_600_000;
// A session's last-seen time (and so its sliding expiry) is written at most this often.
const TOUCH_INTERVAL_MS = 60_000;
const LIST_LIMIT = 200;
const CONFIRMABLE: readonly TicketStatus[] = ['resolved', 'solution_proposed'];

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');
const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
const codeHashOf = (destinationKey: string, code: string) => sha256(`${destinationKey}:${code}`);
const blankToNull = (value: string | undefined) => value?.trim() || null;

function actorFor(destination: Destination | null, client: PortalClient): Actor {
  return {
    userId: null,
    label: destination ? `portal:${maskDestination(destination)}` : 'portal',
    requestId: client.requestId,
    ip: client.ip,
  };
}

const ticketNotFound = (number: string) =>
  new AppError('ticket_not_found', 'portal.ticketNotFound', { params: { ticket: number } });

/** An e-mail address or a mobile number the portal can send a code to, or a 400 naming the field. */
function readDestination(raw: string, config: AppConfig): Destination {
  const destination = parseDestination(raw);
  if (!destination)
    throw new AppError('validation_failed', 'portal.destinationInvalid', { field: 'body.destination' });
  if (destination.kind === 'phone' && config.sms.provider === 'none') {
    throw new AppError('validation_failed', 'portal.smsUnavailable', { field: 'body.destination' });
  }
  return destination;
}

// ---- One-time codes and sessions ----

/**
 * Sends a 6-digit code to the destination, in the reader's language, replacing any code it had. Only a
 * destination that reaches a ticket (the one asked for, or any) gets one; the answer is the same either
 * way, so nobody learns whose address this is. At most `codesPerHour` requests per destination.
 */
export async function requestCode(
  ctx: AppContext,
  input: { destination: string; ticketNumber?: string | undefined },
  client: PortalClient,
): Promise<{ destinationMasked: string; expiresInSeconds: number }> {
  const { portal } = ctx.config;
  const destination = readDestination(input.destination, ctx.config);
  const key = destinationHash(destination);
  const waitMinutes = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const row = await lockCodeRow(tx, key, now);
    const windowOpen = now.getTime() - row.windowStartedAt.getTime() < CODE_WINDOW_MS;
    if (windowOpen && row.requestsInWindow >= portal.codesPerHour) {
      return Math.ceil((row.windowStartedAt.getTime() + CODE_WINDOW_MS - now.getTime()) / 60_000);
    }
    const ticketId = input.ticketNumber
      ? ((await findReachableTicketId(tx, destination, input.ticketNumber)) ?? null)
      : null;
    const reachable = input.ticketNumber ? ticketId !== null : await reachesAnyTicket(tx, destination);
    const code = reachable ? newCode() : null;
    await saveCode(tx, key, {
      codeHash: code ? codeHashOf(key, code) : null,
      ticketId,
      expiresAt: new Date(now.getTime() + portal.codeTtlMinutes * 60_000),
      windowStartedAt: windowOpen ? row.windowStartedAt : now,
      requestsInWindow: windowOpen ? row.requestsInWindow + 1 : 1,
      now,
    });
    if (code) {
      await queuePrivateMessage(ctx, tx, {
        channel: destination.kind === 'email' ? 'email' : 'sms',
        recipient: destination.value,
        template: 'portalCode',
        params: { code, minutes: portal.codeTtlMinutes },
        locale: client.locale,
      });
    }
    return null;
  });
  if (waitMinutes !== null) {
    throw new AppError('rate_limited', 'portal.tooManyCodes', {
      field: 'body.destination',
      params: { minutes: waitMinutes },
    });
  }
  return { destinationMasked: maskDestination(destination), expiresInSeconds: portal.codeTtlMinutes * 60 };
}

export interface OpenedSession {
  token: string;
  session: PortalSession;
}

type CodeCheck =
  | { opened: string }
  | { failure: 'exhausted' }
  | { failure: 'invalid'; remainingAttempts: number };

/**
 * Opens a session with a code: for the ticket the code was asked for ('ticket'), else for everything the
 * destination reaches ('account'). A wrong code counts against the destination's code; after
 * `codeMaxAttempts` wrong ones it is dead. A session already in the browser is replaced.
 */
export async function signInWithCode(
  ctx: AppContext,
  input: { destination: string; code: string; ticketNumber?: string | undefined },
  client: PortalClient,
  replacing: PortalSession | null,
): Promise<OpenedSession> {
  const { portal } = ctx.config;
  const destination = readDestination(input.destination, ctx.config);
  const key = destinationHash(destination);
  const outcome = await ctx.db.transaction(async (tx): Promise<CodeCheck> => {
    const now = ctx.clock.now();
    const row = await lockCodeRow(tx, key, now);
    if (row.attempts >= portal.codeMaxAttempts) return { failure: 'exhausted' };
    const live = row.codeHash !== null && row.expiresAt.getTime() > now.getTime();
    const askedTicketId = input.ticketNumber
      ? ((await findReachableTicketId(tx, destination, input.ticketNumber)) ?? 'none')
      : null;
    const matches =
      live && safeEqual(codeHashOf(key, input.code), row.codeHash!) && askedTicketId === row.ticketId;
    // Every miss counts alike (no code sent, expired, used or wrong), so the answer tells nothing more.
    if (!matches) {
      const attempts = await recordWrongCode(tx, key, now);
      return attempts >= portal.codeMaxAttempts
        ? { failure: 'exhausted' }
        : { failure: 'invalid', remainingAttempts: portal.codeMaxAttempts - attempts };
    }
    await useUpCode(tx, key, now);
    if (replacing) await deleteSession(tx, replacing.id);
    const token = randomToken();
    const scope = row.ticketId ? ('ticket' as const) : ('account' as const);
    const sessionId = await insertSession(tx, {
      tokenHash: sha256(token),
      csrfToken: randomToken(),
      scope,
      destination,
      ip: client.ip,
      userAgent: client.userAgent,
      now,
      expiresAt: new Date(now.getTime() + portal.sessionTtlHours * 3_600_000),
    });
    if (row.ticketId) await grantTicket(tx, sessionId, row.ticketId);
    await recordAudit(tx, actorFor(destination, client), {
      action: 'portal.signed_in',
      entityType: 'portal_session',
      entityId: sessionId,
      after: { scope, ticketId: row.ticketId },
    });
    return { opened: token };
  });
  if ('failure' in outcome) {
    throw outcome.failure === 'exhausted'
      ? new AppError('invalid_credentials', 'portal.codeAttemptsExhausted', { field: 'body.code' })
      : new AppError('invalid_credentials', 'portal.codeInvalid', {
          field: 'body.code',
          remainingAttempts: outcome.remainingAttempts,
        });
  }
  return { token: outcome.opened, session: (await findSession(ctx.db, sha256(outcome.opened)))! };
}

/**
 * The session behind a portal cookie, or null (unknown or expired: an expired one is removed). A live
 * session slides forward; `renewed` says the cookie should be sent again with the new expiry.
 */
export async function authenticatePortalSession(
  ctx: AppContext,
  token: string,
): Promise<{ session: PortalSession; renewed: boolean } | null> {
  const session = await findSession(ctx.db, sha256(token));
  if (!session) return null;
  const now = ctx.clock.now();
  if (session.expiresAt.getTime() <= now.getTime()) {
    await deleteSession(ctx.db, session.id);
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() <= TOUCH_INTERVAL_MS) return { session, renewed: false };
  const expiresAt = new Date(now.getTime() + ctx.config.portal.sessionTtlHours * 3_600_000);
  await touchSession(ctx.db, session.id, now, expiresAt);
  return { session: { ...session, lastSeenAt: now, expiresAt }, renewed: true };
}

export async function signOutOfPortal(ctx: AppContext, session: PortalSession, client: PortalClient) {
  await ctx.db.transaction(async (tx) => {
    await deleteSession(tx, session.id);
    await recordAudit(tx, actorFor(session.destination, client), {
      action: 'portal.signed_out',
      entityType: 'portal_session',
      entityId: session.id,
    });
  });
}

export function presentSession(session: PortalSession) {
  return {
    scope: session.scope,
    ...(session.ticketNumber ? { ticketNumber: session.ticketNumber } : {}),
    destinationMasked: maskDestination(session.destination),
    csrfToken: session.csrfToken,
  };
}

/** Hourly: expired sessions go, and code rows whose code and request window have both run out. */
export async function purgeExpiredPortalData(ctx: Pick<AppContext, 'db' | 'clock'>) {
  const now = ctx.clock.now();
  const sessions = await deleteExpiredSessions(ctx.db, now);
  const codes = await deleteStaleCodes(ctx.db, now, new Date(now.getTime() - CODE_WINDOW_MS));
  return { sessions, codes };
}

// ---- The request form ----

/** Active categories for the form, named in the reader's language (a category under an inactive one is left out). */
export async function portalCategories(ctx: AppContext, locale: Locale) {
  const all = await listCategories(ctx.db);
  const byId = new Map(all.map((category) => [category.id, category]));
  const offered = (id: string | null, depth = 0): boolean => {
    if (id === null) return true;
    const category = byId.get(id);
    return Boolean(category?.isActive) && depth < 20 && offered(category!.parentId, depth + 1);
  };
  return all
    .filter((category) => offered(category.id))
    .map((category) => ({
      id: category.id,
      name: locale === 'en' ? category.nameEn || category.name : category.name,
      parentId: category.parentId,
    }));
}

export const portalTicketTypes = (locale: Locale) =>
  TICKET_TYPES.map((value) => ({ value, label: translate(locale, `portal.type.${value}` as MessageKey) }));

export interface SubmittedTicket {
  number: string;
  url: string;
  /** The session the browser has now, and its new cookie when a ticket session was opened. */
  session: PortalSession;
  token: string | null;
}

/**
 * A request from the portal form (R1.1): goes through the one intake path (rules, routing, SLA, audit,
 * acknowledgement) as channel `portal`, with its files on the first timeline entries. The browser gets
 * the new ticket: an account session keeps its cookie and sees it, anyone else gets a session for it.
 */
export async function submitTicket(
  ctx: AppContext,
  session: PortalSession | null,
  fields: NewTicketFields,
  uploads: readonly AttachmentRecord[],
  client: PortalClient & { idempotencyKey: string | undefined },
): Promise<SubmittedTicket> {
  if (fields.website) throw new AppError('validation_failed', 'intake.rejected', { field: 'body.website' });
  let phone = blankToNull(fields.contactPhone);
  let email = blankToNull(fields.contactEmail);
  if (phone && !isPlausiblePhone(normalizePhone(phone))) {
    throw new AppError('validation_failed', 'portal.phoneInvalid', { field: 'body.contactPhone' });
  }
  // Signed in to an account: its verified address is the ticket's too, unless the form gave another.
  if (session?.scope === 'account') {
    if (session.destination.kind === 'email') email ??= session.destination.value;
    else phone ??= session.destination.value;
  }
  let categoryCode: string | null = null;
  if (fields.categoryId) {
    const category = await findCategoryById(ctx.db, fields.categoryId);
    if (!category?.isActive)
      throw new AppError('validation_failed', 'portal.unknownCategory', { field: 'body.categoryId' });
    categoryCode = category.code;
  }
  const description = fields.description;
  const input: CreateTicketInput = {
    title: blankToNull(fields.title) ?? description.slice(0, 60),
    description,
    type: fields.type,
    channel: 'portal',
    category: categoryCode,
    customer: { name: fields.contactName, phone, email },
    orderNumber: blankToNull(fields.orderNumber),
    product: { model: blankToNull(fields.productModel), serial: blankToNull(fields.serialNumber) },
    preferredContactTime: blankToNull(fields.preferredContactTime),
    attachments: uploads.map((upload) => upload.id),
  };
  // A retry re-sends the same files under new upload ids: the request is what was sent, files by content.
  const requestHash = sha256(
    JSON.stringify({ ...input, attachments: uploads.map((upload) => upload.sha256) }),
  );
  const actor = actorFor(session?.destination ?? null, client);
  const { ticket } = await createTicket(
    ctx,
    actor,
    input,
    client.idempotencyKey
      ? { idempotency: { key: client.idempotencyKey, principal: 'portal', requestHash } }
      : {},
  );
  const url = portalTicketUrl(ctx.config.publicUrl, ticket.number);
  if (session?.scope === 'account') {
    await grantTicket(ctx.db, session.id, ticket.id);
    return { number: ticket.number, url, session, token: null };
  }
  const destination: Destination = email
    ? { kind: 'email', value: emailKey(email) }
    : { kind: 'phone', value: normalizePhone(phone!) };
  const token = randomToken();
  await ctx.db.transaction(async (tx) => {
    if (session) await deleteSession(tx, session.id);
    const now = ctx.clock.now();
    const sessionId = await insertSession(tx, {
      tokenHash: sha256(token),
      csrfToken: randomToken(),
      scope: 'ticket',
      destination,
      ip: client.ip,
      userAgent: client.userAgent,
      now,
      expiresAt: new Date(now.getTime() + ctx.config.portal.sessionTtlHours * 3_600_000),
    });
    await grantTicket(tx, sessionId, ticket.id);
  });
  return { number: ticket.number, url, session: (await findSession(ctx.db, sha256(token)))!, token };
}

// ---- The customer's tickets ----

export async function listPortalTickets(ctx: AppContext, session: PortalSession) {
  const rows = await listVisibleTickets(ctx.db, session, LIST_LIMIT);
  const expected = await nextExpectedTimes(
    ctx.db,
    rows.filter((row) => row.status !== 'closed').map((row) => row.id),
  );
  return {
    items: rows.map((row) => ({
      number: row.number,
      title: row.title,
      type: row.type,
      status: row.status,
      createdAt: iso(row.receivedAt),
      updatedAt: iso(row.updatedAt),
      nextExpectedAt: expected.has(row.id) ? iso(expected.get(row.id)!) : null,
    })),
  };
}

async function visibleTicketId(db: Queryable, session: PortalSession, number: string): Promise<string> {
  const id = await findVisibleTicketId(db, session, number);
  if (!id) throw ticketNotFound(number);
  return id;
}

/**
 * Who wrote a timeline entry, as the customer may see it: themselves, customer service (no staff name,
 * as in the e-mails they get), or the system.
 */
function authorKey(event: TicketEventRecord): MessageKey {
  if (event.authorUserId) return 'portal.author.staff';
  if (event.authorLabel === 'system') return 'portal.author.system';
  return 'portal.author.customer';
}

/** One ticket as its customer sees it: the public timeline and its files only, no staff-only field. */
export async function getPortalTicket(
  ctx: AppContext,
  session: PortalSession,
  number: string,
  locale: Locale,
) {
  return presentPortalTicket(ctx, await visibleTicketId(ctx.db, session, number), locale);
}

async function presentPortalTicket(ctx: AppContext, ticketId: string, locale: Locale) {
  const ticket = (await findTicketView(ctx.db, ticketId))!;
  const [events, attachments, plans, expected, survey] = await Promise.all([
    listEvents(ctx.db, ticketId, true),
    listPublicAttachments(ctx.db, ticketId),
    listPlans(ctx.db, ticketId),
    ticket.status === 'closed'
      ? Promise.resolve(new Map<string, Date>())
      : nextExpectedTimes(ctx.db, [ticketId]),
    findSurveyLinkForTicket(ctx, ctx.db, ticketId),
  ]);
  const pending = plans.filter((plan) => plan.status === 'approved').at(-1) ?? null;
  const nextExpected = expected.get(ticketId);
  return {
    number: ticket.number,
    title: ticket.title,
    type: ticket.type,
    status: ticket.status,
    description: ticket.description,
    createdAt: iso(ticket.receivedAt),
    orderNumber: ticket.orderNumber,
    productModel: ticket.productModel,
    serialNumber: ticket.serialNumber,
    nextExpectedAt: nextExpected ? iso(nextExpected) : null,
    canConfirm: CONFIRMABLE.includes(ticket.status),
    pendingPlan: pending && {
      id: pending.id,
      body: pending.body,
      compensationType: pending.compensationType,
      compensationAmount: pending.compensationAmount,
    },
    survey,
    timeline: events.map((event) => ({
      id: String(event.id),
      kind: event.kind,
      authorLabel: translate(locale, authorKey(event)),
      body: event.body,
      createdAt: iso(event.createdAt),
      attachments: attachments
        .filter((attachment) => attachment.eventId === event.id)
        .map((attachment) => ({
          id: attachment.id,
          fileName: attachment.fileName,
          contentType: attachment.contentType,
          sizeBytes: attachment.sizeBytes,
        })),
    })),
  };
}

/**
 * Runs a customer's action on a ticket the session sees (others: 404, as if it did not exist), locked,
 * with the SLA brought in line and the change audited, all in one transaction.
 */
async function changeVisibleTicket<T>(
  ctx: AppContext,
  session: PortalSession,
  number: string,
  actor: Actor,
  action: string,
  change: (tx: Queryable, ticket: TicketView, now: Date) => Promise<T>,
): Promise<{ ticketId: string; result: T }> {
  return ctx.db.transaction(async (tx) => {
    const ticketId = await visibleTicketId(tx, session, number);
    await lockTicket(tx, ticketId);
    const before = (await findTicketView(tx, ticketId))!;
    const now = ctx.clock.now();
    const result = await change(tx, before, now);
    const after = (await findTicketView(tx, ticketId))!;
    await syncTicketSla(tx, after, now);
    await recordAudit(tx, actor, {
      action,
      entityType: 'ticket',
      entityId: ticketId,
      before: auditedTicket(before),
      after: auditedTicket((await findTicketView(tx, ticketId))!),
    });
    return { ticketId, result };
  });
}

/** A closed ticket takes no more messages once its reopen window has passed (or when it was merged). */
async function assertOpenToReplies(tx: Queryable, ticket: TicketView, now: Date) {
  if (ticket.status !== 'closed') return;
  const { reopenWindowDays } = await loadTicketPolicy(tx);
  const withinWindow =
    ticket.closeReason !== 'merged' &&
    ticket.closedAt !== null &&
    now.getTime() - ticket.closedAt.getTime() <= reopenWindowDays * 86_400_000;
  if (!withinWindow) {
    throw new AppError('ticket_closed', 'portal.ticketClosed', { params: { number: ticket.number } });
  }
}

/** The customer writes (and/or sends files); a resolved or recently closed ticket reopens (R4.5). */
export async function replyFromPortal(
  ctx: AppContext,
  session: PortalSession,
  number: string,
  body: string | undefined,
  uploads: readonly AttachmentRecord[],
  client: PortalClient,
) {
  const text = body?.trim() ?? '';
  if (!text && uploads.length === 0) {
    throw new AppError('validation_failed', 'portal.replyEmpty', { field: 'body.body' });
  }
  const actor = actorFor(session.destination, client);
  const { ticketId } = await changeVisibleTicket(
    ctx,
    session,
    number,
    actor,
    'ticket.customer_replied',
    async (tx, ticket, now) => {
      await assertOpenToReplies(tx, ticket, now);
      await customerReplyInTransaction(
        ctx,
        tx,
        { actor },
        ticket,
        { body: text, via: 'portal', attachments: uploads.map((upload) => upload.id) },
        now,
      );
    },
  );
  return presentPortalTicket(ctx, ticketId, client.locale);
}

/** R4.4: the customer accepts or rejects a plan approved for them. */
export async function decidePlanFromPortal(
  ctx: AppContext,
  session: PortalSession,
  number: string,
  planId: string,
  input: { decision: 'accept' | 'reject'; comment?: string | undefined },
  client: PortalClient,
) {
  const actor = actorFor(session.destination, client);
  const { ticketId } = await changeVisibleTicket(
    ctx,
    session,
    number,
    actor,
    'ticket.plan_customer_decision',
    async (tx, ticket, now) => {
      const plan = await findPlan(tx, ticket.id, planId);
      if (!plan) throw new AppError('not_found', 'portal.planNotFound', { field: 'params.planId' });
      if (plan.status !== 'approved') {
        throw new AppError('plan_not_awaiting_decision', 'portal.planNotAwaitingDecision');
      }
      await planCustomerDecisionInTransaction(
        tx,
        { actor },
        ticket,
        plan,
        { accepted: input.decision === 'accept', note: blankToNull(input.comment) },
        now,
      );
    },
  );
  return presentPortalTicket(ctx, ticketId, client.locale);
}

/**
 * R4.5: the customer confirms the solution works (the ticket closes, confirmed in the portal) or says it
 * does not (it goes back to work with their comment).
 */
export async function confirmFromPortal(
  ctx: AppContext,
  session: PortalSession,
  number: string,
  input: { solved: boolean; comment?: string | undefined },
  client: PortalClient,
): Promise<{ status: TicketStatus }> {
  const actor = actorFor(session.destination, client);
  const { ticketId } = await changeVisibleTicket(
    ctx,
    session,
    number,
    actor,
    input.solved ? 'ticket.closed' : 'ticket.customer_not_solved',
    async (tx, ticket, now) => {
      if (!CONFIRMABLE.includes(ticket.status)) {
        throw new AppError('confirmation_not_expected', 'portal.confirmationNotExpected', {
          params: { number: ticket.number },
        });
      }
      await customerConfirmationInTransaction(
        ctx,
        tx,
        { actor },
        ticket,
        {
          solved: input.solved,
          comment: blankToNull(input.comment),
          via: 'portal',
          confirmationMethod: 'portal',
        },
        now,
      );
    },
  );
  return { status: (await findTicketView(ctx.db, ticketId))!.status };
}

/** A file of a public timeline entry of a ticket the session sees. */
export async function openPortalAttachment(
  ctx: AppContext,
  session: PortalSession,
  number: string,
  attachmentId: string,
): Promise<{ attachment: { fileName: string; contentType: string; sizeBytes: number }; stream: ReadStream }> {
  const ticketId = await visibleTicketId(ctx.db, session, number);
  const attachment = await findPublicAttachment(ctx.db, ticketId, attachmentId);
  if (!attachment) throw new AppError('not_found', 'attachments.notFound');
  return {
    attachment,
    stream: createReadStream(join(attachmentsDir(ctx.config.dataDir), attachment.storageKey)),
  };
}
