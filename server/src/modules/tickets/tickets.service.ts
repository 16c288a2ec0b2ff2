import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { iso } from '../../platform/http/schemas.js';
import { recordAudit } from '../audit/audit.repository.js';
import { classifyTicket } from '../classification/classification.service.js';
import {
  portalTicketUrl,
  queueCustomerMessage,
  queueStaffAlert,
} from '../notifications/notifications.service.js';
import { groupLeadOf, routeTicket } from '../routing/routing.service.js';
import { slaForTickets, summarise } from '../sla/sla.presenter.js';
import { listOverdueReasons } from '../sla/sla.repository.js';
import { syncTicketSla } from '../sla/sla.service.js';
import { scheduleSurvey } from '../surveys/survey-schedule.js';
import {
  type Caller,
  canSeePersonalData,
  requirePermission,
  ticketScopeOf,
  visibleTicket,
} from './access.js';
import { listTicketAttachments } from './attachments.repository.js';
import { attachUploads, presentAttachment } from './attachments.service.js';
import { canTransition } from './lifecycle.js';
import { loadTicketPolicy } from './policy.js';
import { listCollaborationRequests, listEscalationRequests, listPlans } from './requests.repository.js';
import { searchDocument, searchQuery } from './search.js';
import type { TicketStatus } from './ticket.types.js';
import { auditedTicket, presentTicket, presentTicketSummary } from './tickets.presenter.js';
import {
  activeUserExists,
  appendSearchTerms,
  categoryExists,
  decodeCursor,
  findPossibleDuplicates,
  findResolvedBefore,
  findTicketView,
  groupExists,
  insertEvent,
  insertLink,
  listEventBodies,
  listEvents,
  listLinks,
  listTicketViews,
  lockTicket,
  priorityExists,
  replaceSearchVector,
  setCollaborators,
  type TicketChanges,
  type TicketFilter,
  type TicketView,
  updateTicket,
} from './tickets.repository.js';
import type { ListTicketsQuery, UpdateTicketInput } from './tickets.schema.js';

const list = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;

/** The inbox (R3, R4): filters, saved-view shortcuts, Chinese full-text search, keyset pages. */
export async function listTickets(ctx: AppContext, caller: Caller, query: ListTicketsQuery) {
  const principal = caller.principal;
  const filter: TicketFilter = {
    statuses: list(query.status),
    priorities: list(query.priority),
    categoryIds: list(query.categoryId),
    channels: list(query.channel),
    types: list(query.type),
    tiers: list(query.tier),
    ownerIds: list(query.ownerId),
    groupIds: list(query.groupId),
    customerId: query.customerId,
    productId: query.productId,
    tag: query.tag,
    open: query.open === undefined ? undefined : query.open === 'true',
    receivedFrom: query.receivedFrom ? new Date(query.receivedFrom) : undefined,
    receivedTo: query.receivedTo ? new Date(query.receivedTo) : undefined,
  };
  if (query.view === 'mine') filter.ownerIds = [principal.userId];
  if (query.view === 'my_groups') filter.groupIds = [...principal.groupIds];
  if (query.view === 'unassigned') filter.unassigned = true;
  if (query.q) {
    const tsquery = searchQuery(query.q);
    if (!tsquery) return { items: [], nextCursor: null };
    filter.searchQuery = tsquery;
  }
  const after = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
  if (query.cursor && !after)
    throw new AppError('validation_failed', 'tickets.badCursor', { field: 'querystring.cursor' });
  const page = await listTicketViews(
    ctx.db,
    filter,
    ticketScopeOf(principal),
    query.sort,
    after,
    query.limit,
  );
  const reader = { canSeePersonalData: canSeePersonalData(principal) };
  return {
    items: await withSla(ctx, page.items, (ticket, sla) => presentTicketSummary(ticket, reader, sla)),
    nextCursor: page.nextCursor,
  };
}

export async function getTicketDetail(ctx: AppContext, caller: Caller, idOrNumber: string) {
  const ticket = await visibleTicket(ctx.db, caller, idOrNumber);
  const policy = await loadTicketPolicy(ctx.db);
  const since = new Date(ctx.clock.now().getTime() - policy.duplicateWindowDays * 86_400_000);
  const milestones = (await slaForTickets(ctx.db, [ticket.id], ctx.clock.now())).get(ticket.id) ?? [];
  const [events, links, plans, collaborationRequests, escalations, attachments, duplicates] =
    await Promise.all([
      listEvents(ctx.db, ticket.id),
      listLinks(ctx.db, ticket.id),
      listPlans(ctx.db, ticket.id),
      listCollaborationRequests(ctx.db, ticket.id),
      listEscalationRequests(ctx.db, ticket.id),
      listTicketAttachments(ctx.db, ticket.id),
      ticket.status === 'closed' ? Promise.resolve([]) : findPossibleDuplicates(ctx.db, ticket, since),
    ]);
  const isoDates = (record: object) =>
    Object.fromEntries(
      Object.entries(record).map(([key, value]) => [
        key,
        value instanceof Date ? value.toISOString() : value,
      ]),
    );
  return {
    ticket: presentTicket(
      ticket,
      { canSeePersonalData: canSeePersonalData(caller.principal) },
      summarise(milestones, ticket.status === 'closed'),
    ),
    sla: { policyId: ticket.slaPolicyId, milestones },
    timeline: events.map((event) => ({
      id: String(event.id),
      kind: event.kind,
      isPublic: event.isPublic,
      author: { userId: event.authorUserId, label: event.authorLabel },
      body: event.body,
      data: event.data,
      createdAt: iso(event.createdAt),
    })),
    links,
    plans: plans.map(isoDates),
    collaborationRequests: collaborationRequests.map(isoDates),
    escalations: escalations.map(isoDates),
    attachments: attachments.map(presentAttachment),
    possibleDuplicates: duplicates.map((duplicate) => ({
      ...duplicate,
      receivedAt: iso(duplicate.receivedAt),
    })),
  };
}

/** Runs `change` on a locked, visible ticket the caller may change; audits before/after in the same transaction. */
export async function changeTicket<T>(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  action: string,
  change: (tx: Queryable, ticket: TicketView, now: Date) => Promise<T>,
): Promise<T> {
  requirePermission(caller.principal, 'tickets.update');
  return ctx.db.transaction(async (tx) => {
    const found = await visibleTicket(tx, caller, idOrNumber);
    await lockTicket(tx, found.id);
    const before = (await findTicketView(tx, found.id))!;
    const now = ctx.clock.now();
    const result = await change(tx, before, now);
    await syncTicketSla(tx, (await findTicketView(tx, found.id))!, now);
    const after = (await findTicketView(tx, found.id))!;
    await recordAudit(tx, caller.actor, {
      action,
      entityType: 'ticket',
      entityId: found.id,
      before: auditedTicket(before),
      after: auditedTicket(after),
    });
    return result;
  });
}

/** SLA badges for a page of tickets (one milestone query for the page). */
async function withSla<T>(
  ctx: AppContext,
  tickets: TicketView[],
  present: (ticket: TicketView, sla: ReturnType<typeof summarise>) => T,
) {
  const sla = await slaForTickets(
    ctx.db,
    tickets.map((ticket) => ticket.id),
    ctx.clock.now(),
  );
  return tickets.map((ticket) =>
    present(ticket, summarise(sla.get(ticket.id) ?? [], ticket.status === 'closed')),
  );
}

export async function presentFor(ctx: AppContext, caller: Caller, ticket: TicketView) {
  const [presented] = await withSla(ctx, [ticket], (view, sla) =>
    presentTicket(view, { canSeePersonalData: canSeePersonalData(caller.principal) }, sla),
  );
  return presented!;
}

async function reload(ctx: AppContext, caller: Caller, id: string) {
  return presentFor(ctx, caller, (await findTicketView(ctx.db, id))!);
}

export async function event(
  tx: Queryable,
  caller: Caller | { actor: Caller['actor'] },
  ticketId: string,
  kind: string,
  fields: { body?: string; isPublic?: boolean; data?: Record<string, unknown>; at: Date },
): Promise<number> {
  const id = await insertEvent(tx, {
    ticketId,
    kind,
    isPublic: fields.isPublic ?? false,
    authorUserId: caller.actor.userId,
    authorLabel: caller.actor.label,
    body: fields.body ?? '',
    data: fields.data ?? {},
    createdAt: fields.at,
  });
  if (fields.body) await appendSearchTerms(tx, ticketId, searchDocument(fields.body));
  return id;
}

async function moveStatus(
  tx: Queryable,
  caller: Caller | { actor: Caller['actor'] },
  ticket: TicketView,
  to: TicketStatus,
  now: Date,
  extra: TicketChanges = {},
  note?: string | null,
  eventData: Record<string, unknown> = {},
) {
  if (!canTransition(ticket.status, to)) {
    throw new AppError('conflict', 'tickets.transitionNotAllowed', {
      field: 'body.status',
      params: { from: ticket.status, to },
    });
  }
  await updateTicket(tx, ticket.id, { status: to, ...extra }, now);
  await event(tx, caller, ticket.id, 'status_change', {
    data: { ...eventData, from: ticket.status, to },
    body: note ?? '',
    at: now,
  });
}

/**
 * The one way a ticket becomes closed other than by merging: the customer's confirmation (recorded by
 * staff or given in the portal) and the auto-close sweep all come here, so the satisfaction survey
 * (R6.1) is scheduled in the same transaction. Merged tickets close in `mergeTicket` and get none.
 */
export async function closeInTransaction(
  tx: Queryable,
  caller: Caller | { actor: Caller['actor'] },
  ticket: TicketView,
  changes: TicketChanges & { closeReason: 'confirmed' | 'auto_closed' },
  now: Date,
  options: { note?: string | null | undefined; eventData?: Record<string, unknown> } = {},
): Promise<void> {
  await moveStatus(
    tx,
    caller,
    ticket,
    'closed',
    now,
    { closedAt: now, ...changes },
    options.note,
    options.eventData,
  );
  await scheduleSurvey(tx, ticket, now);
}

/** Field edits and manual classification overrides (R2.4: the override is recorded). */
export async function updateTicketFields(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  input: UpdateTicketInput,
) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.updated', async (tx, ticket, now) => {
    if (input.priority && !(await priorityExists(tx, input.priority))) {
      throw new AppError('validation_failed', 'tickets.unknownPriority', {
        field: 'body.priority',
        params: { code: input.priority },
      });
    }
    if (input.categoryId && !(await categoryExists(tx, input.categoryId))) {
      throw new AppError('validation_failed', 'tickets.unknownCategory', {
        field: 'body.categoryId',
        params: { code: input.categoryId },
      });
    }
    const changes: TicketChanges = {
      title: input.title,
      description: input.description,
      type: input.type,
      priority: input.priority,
      categoryId: input.categoryId,
      emotion: input.emotion,
      tags: input.tags,
      customerRequest: input.customerRequest,
      expectedResolutionAt:
        input.expectedResolutionAt === undefined
          ? undefined
          : input.expectedResolutionAt
            ? new Date(input.expectedResolutionAt)
            : null,
      orderNumber: input.orderNumber,
      productModel: input.productModel,
      serialNumber: input.serialNumber,
      complaintSeverity: input.complaint?.severity,
      complaintCategory: input.complaint?.category,
      externalSource: input.complaint?.externalSource,
      externalDeadlineAt:
        input.complaint?.externalDeadlineAt === undefined
          ? undefined
          : input.complaint.externalDeadlineAt
            ? new Date(input.complaint.externalDeadlineAt)
            : null,
    };
    const overridden = (['priority', 'categoryId', 'emotion'] as const).filter(
      (key) => input[key] !== undefined && input[key] !== ticket[key],
    );
    if (input.categoryId && ticket.status === 'new') {
      changes.status = 'classified';
      changes.classifiedAt = now;
    }
    await updateTicket(tx, ticket.id, changes, now);
    if (overridden.length) {
      await event(tx, caller, ticket.id, 'classification', {
        body: input.reason ?? '',
        data: {
          automatic: false,
          changes: Object.fromEntries(overridden.map((key) => [key, { from: ticket[key], to: input[key] }])),
        },
        at: now,
      });
    }
    if (
      input.title ||
      input.description ||
      input.orderNumber !== undefined ||
      input.serialNumber !== undefined
    ) {
      await refreshSearch(tx, ticket.id);
    }
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

async function refreshSearch(tx: Queryable, ticketId: string) {
  const ticket = (await findTicketView(tx, ticketId))!;
  await replaceSearchVector(
    tx,
    ticketId,
    searchDocument(
      ticket.number,
      ticket.title,
      ticket.description,
      ticket.contactName,
      ticket.contactPhone,
      ticket.contactEmail,
      ticket.orderNumber,
      ticket.serialNumber,
      ticket.productModel,
      ticket.customerCompanyName,
      ticket.customerNumber,
      ...(await listEventBodies(tx, ticketId)),
    ),
  );
}

/** Runs the rules again on demand and applies their outcome (R2.4). */
export async function reclassify(ctx: AppContext, caller: Caller, idOrNumber: string) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.reclassified', async (tx, ticket, now) => {
    const outcome = await classifyTicket(
      tx,
      {
        title: ticket.title,
        description: ticket.description,
        type: ticket.type,
        channel: ticket.channel,
        customerTier: ticket.customerTier,
        productModel: ticket.productModel,
        productLine: null,
        productCategory: null,
        region: ticket.customerRegion,
      },
      {},
    );
    await updateTicket(
      tx,
      ticket.id,
      {
        priority: outcome.priority,
        categoryId: outcome.categoryId ?? ticket.categoryId,
        emotion: outcome.emotion,
        tags: [...new Set([...ticket.tags, ...outcome.tags])],
        ...(ticket.status === 'new' && outcome.categoryId
          ? { status: 'classified' as const, classifiedAt: now }
          : {}),
      },
      now,
    );
    await event(tx, caller, ticket.id, 'classification', {
      data: {
        automatic: true,
        priority: outcome.priority,
        category: outcome.categoryCode,
        emotion: outcome.emotion,
        matchedRuleIds: outcome.matchedRuleIds,
      },
      at: now,
    });
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

/** Assigns or transfers to a group and/or owner (R3.2); a group without an owner picks one by its strategy. */
export async function assignTicket(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  input: {
    groupId?: string | null | undefined;
    ownerId?: string | null | undefined;
    note?: string | null | undefined;
  },
) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.assigned', async (tx, ticket, now) => {
    const isOwner = ticket.ownerUserId === caller.principal.userId;
    // Anyone who works tickets may take an unowned one they can see (领取); other moves need tickets.assign.
    const takesUnowned =
      !ticket.ownerUserId && input.ownerId === caller.principal.userId && input.groupId === undefined;
    if (!isOwner && !takesUnowned) requirePermission(caller.principal, 'tickets.assign');
    await assignInTransaction(ctx, tx, caller, ticket, input, now);
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

export async function assignInTransaction(
  ctx: AppContext,
  tx: Queryable,
  caller: Caller,
  ticket: TicketView,
  input: {
    groupId?: string | null | undefined;
    ownerId?: string | null | undefined;
    note?: string | null | undefined;
  },
  now: Date,
) {
  if (ticket.status === 'closed' || ticket.status === 'resolved') {
    throw new AppError('conflict', 'tickets.finished', { params: { number: ticket.number } });
  }
  const groupId = input.groupId === undefined ? ticket.groupId : input.groupId;
  if (groupId && !(await groupExists(tx, groupId))) {
    throw new AppError('validation_failed', 'tickets.unknownGroup', { field: 'body.groupId' });
  }
  let ownerId = input.ownerId;
  if (ownerId && !(await activeUserExists(tx, ownerId))) {
    throw new AppError('validation_failed', 'tickets.unknownOwner', { field: 'body.ownerId' });
  }
  if (ownerId === undefined) {
    const routed = await routeTicket(tx, {
      groupId,
      categoryId: ticket.categoryId,
      productLine: null,
      region: ticket.customerRegion,
    });
    ownerId = routed.ownerUserId;
  }
  // Taking a ticket oneself is accepting it: work starts at once.
  const takesItSelf = ownerId === caller.principal.userId;
  const status: TicketStatus = ownerId
    ? ['new', 'classified', 'reopened', 'assigned'].includes(ticket.status)
      ? takesItSelf
        ? 'in_progress'
        : 'assigned'
      : ticket.status
    : ticket.status === 'assigned'
      ? 'classified'
      : ticket.status;
  await updateTicket(
    tx,
    ticket.id,
    {
      groupId,
      ownerUserId: ownerId ?? null,
      assignmentState: ownerId ? (ownerId === caller.principal.userId ? 'accepted' : 'pending') : null,
      assignedAt: ownerId ? now : ticket.assignedAt,
      acceptedAt: ownerId && ownerId === caller.principal.userId ? now : null,
      status,
    },
    now,
  );
  const assigned = (await findTicketView(tx, ticket.id))!;
  await event(tx, caller, ticket.id, 'assignment', {
    body: input.note ?? '',
    data: {
      fromGroupName: ticket.groupName,
      toGroupName: assigned.groupName,
      fromOwnerName: ticket.ownerDisplayName,
      toOwnerName: assigned.ownerDisplayName,
      fromGroupId: ticket.groupId,
      toGroupId: groupId,
      fromOwnerId: ticket.ownerUserId,
      toOwnerId: ownerId ?? null,
    },
    at: now,
  });
  if (ownerId && ownerId !== caller.principal.userId) {
    await queueStaffAlert(ctx, tx, {
      ticketId: ticket.id,
      userId: ownerId,
      template: 'ticketAssigned',
      params: { number: ticket.number, title: ticket.title, priority: ticket.priority },
      locale: ctx.config.defaultLocale,
    });
  }
}

/** R3.3: the owner accepts the assignment; work begins. */
export async function acceptTicket(ctx: AppContext, caller: Caller, idOrNumber: string) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.accepted', async (tx, ticket, now) => {
    if (ticket.ownerUserId !== caller.principal.userId) throw new AppError('forbidden', 'tickets.notOwner');
    if (ticket.assignmentState === 'accepted') return ticket.id;
    await updateTicket(tx, ticket.id, { assignmentState: 'accepted', acceptedAt: now }, now);
    await event(tx, caller, ticket.id, 'assignment', { data: { accepted: true }, at: now });
    if (ticket.status === 'assigned' || ticket.status === 'reopened')
      await moveStatus(tx, caller, ticket, 'in_progress', now);
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

/** R3.3: the owner declines with a reason; the ticket returns to the group lead, so nothing waits unseen. */
export async function declineTicket(ctx: AppContext, caller: Caller, idOrNumber: string, reason: string) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.declined', async (tx, ticket, now) => {
    if (ticket.ownerUserId !== caller.principal.userId) throw new AppError('forbidden', 'tickets.notOwner');
    const lead = ticket.groupId ? await groupLeadOf(tx, ticket.groupId) : null;
    const nextOwner = lead && lead !== caller.principal.userId ? lead : null;
    await updateTicket(
      tx,
      ticket.id,
      {
        ownerUserId: nextOwner,
        assignmentState: nextOwner ? 'pending' : 'declined',
        acceptedAt: null,
        status: ticket.status === 'assigned' && !nextOwner ? 'classified' : ticket.status,
      },
      now,
    );
    await event(tx, caller, ticket.id, 'assignment', {
      body: reason,
      data: { declined: true, toOwnerId: nextOwner },
      at: now,
    });
    if (nextOwner) {
      await queueStaffAlert(ctx, tx, {
        ticketId: ticket.id,
        userId: nextOwner,
        template: 'ticketDeclined',
        params: { number: ticket.number, title: ticket.title, reason },
        locale: ctx.config.defaultLocale,
      });
    }
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

export async function setStatus(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  status: TicketStatus,
  note?: string | null,
) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.status_changed', async (tx, ticket, now) => {
    await moveStatus(tx, caller, ticket, status, now, {}, note);
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

/** R4.1: a free sub-status milestone (已联系客户, 已安排上门 …), time-stamped in the timeline. */
export async function setSubStatus(ctx: AppContext, caller: Caller, idOrNumber: string, subStatus: string) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.sub_status', async (tx, ticket, now) => {
    await updateTicket(tx, ticket.id, { subStatus }, now);
    await event(tx, caller, ticket.id, 'sub_status', {
      body: subStatus,
      data: { from: ticket.subStatus, to: subStatus },
      at: now,
    });
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

/** A public reply to the customer (sent on their channel) or an internal note. */
export async function addMessage(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  input: { body: string; isPublic: boolean; attachments?: string[] | undefined },
) {
  const id = await changeTicket(
    ctx,
    caller,
    idOrNumber,
    input.isPublic ? 'ticket.replied' : 'ticket.noted',
    async (tx, ticket, now) => {
      const eventId = await event(tx, caller, ticket.id, input.isPublic ? 'public_reply' : 'internal_note', {
        body: input.body,
        isPublic: input.isPublic,
        at: now,
      });
      if (input.attachments?.length)
        await attachUploads(tx, ticket.id, input.attachments, caller.actor, now, eventId, input.isPublic);
      if (input.isPublic) {
        await updateTicket(
          tx,
          ticket.id,
          { firstResponseAt: ticket.firstResponseAt ?? now, lastPublicUpdateAt: now },
          now,
        );
        await queueCustomerMessage(ctx, tx, {
          ticketId: ticket.id,
          email: ticket.contactEmail,
          template: 'ticketReplied',
          params: {
            number: ticket.number,
            name: ticket.contactName ?? '',
            title: ticket.title,
            body: input.body,
            portalUrl: portalTicketUrl(ctx.config.publicUrl, ticket.number),
          },
        });
      }
      return ticket.id;
    },
  );
  return reload(ctx, caller, id);
}

/** A phone call with the customer (R1.1, R4.2): when, how long, what was said. An outbound call is a human response. */
export async function logCall(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  input: { startedAt: string; durationSeconds: number; direction: 'inbound' | 'outbound'; summary: string },
) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.call_logged', async (tx, ticket, now) => {
    await event(tx, caller, ticket.id, 'call', {
      body: input.summary,
      isPublic: false,
      data: {
        startedAt: input.startedAt,
        durationSeconds: input.durationSeconds,
        direction: input.direction,
      },
      at: now,
    });
    await updateTicket(
      tx,
      ticket.id,
      { firstResponseAt: ticket.firstResponseAt ?? now, lastPublicUpdateAt: now },
      now,
    );
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

/**
 * A message from the customer, recorded by staff or an integration. Within the reopen window it
 * reopens a resolved or closed ticket (R4.5); a waiting ticket goes back to work.
 */
export async function recordCustomerReply(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  input: { body: string; via: string; attachments?: string[] | undefined },
) {
  const id = await changeTicket(
    ctx,
    caller,
    idOrNumber,
    'ticket.customer_replied',
    async (tx, ticket, now) => {
      await customerReplyInTransaction(ctx, tx, caller, ticket, input, now);
      return ticket.id;
    },
  );
  return reload(ctx, caller, id);
}

export async function customerReplyInTransaction(
  ctx: AppContext,
  tx: Queryable,
  caller: Caller | { actor: Caller['actor'] },
  ticket: TicketView,
  input: { body: string; via: string; attachments?: string[] | undefined },
  now: Date,
) {
  const eventId = await event(tx, caller, ticket.id, 'customer_reply', {
    body: input.body,
    isPublic: true,
    data: { via: input.via },
    at: now,
  });
  if (input.attachments?.length)
    await attachUploads(tx, ticket.id, input.attachments, caller.actor, now, eventId, true);
  await updateTicket(tx, ticket.id, { lastCustomerActivityAt: now }, now);
  const policy = await loadTicketPolicy(tx);
  const withinWindow =
    ticket.status === 'resolved' ||
    (ticket.status === 'closed' &&
      ticket.closeReason !== 'merged' &&
      ticket.closedAt !== null &&
      now.getTime() - ticket.closedAt.getTime() <= policy.reopenWindowDays * 86_400_000);
  if (withinWindow) {
    await reopenInTransaction(ctx, tx, caller, ticket, 'customer_reply', now);
  } else if (ticket.status === 'waiting_customer') {
    await moveStatus(tx, caller, ticket, 'in_progress', now);
  }
}

async function reopenInTransaction(
  ctx: AppContext,
  tx: Queryable,
  caller: Caller | { actor: Caller['actor'] },
  ticket: TicketView,
  reason: string,
  now: Date,
) {
  await moveStatus(
    tx,
    caller,
    ticket,
    'reopened',
    now,
    {
      reopenedCount: ticket.reopenedCount + 1,
      resolvedAt: null,
      closedAt: null,
      closeReason: null,
      confirmationMethod: null,
    },
    reason,
  );
  await queueCustomerMessage(ctx, tx, {
    ticketId: ticket.id,
    email: ticket.contactEmail,
    template: 'ticketReopened',
    params: { number: ticket.number, name: ticket.contactName ?? '', title: ticket.title },
  });
}

/** The solution is in place; the customer is asked to confirm (R4.5). */
export async function resolveTicket(ctx: AppContext, caller: Caller, idOrNumber: string, summary: string) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.resolved', async (tx, ticket, now) => {
    await moveStatus(tx, caller, ticket, 'resolved', now, { resolvedAt: now, lastPublicUpdateAt: now });
    await event(tx, caller, ticket.id, 'public_reply', {
      body: summary,
      isPublic: true,
      data: { resolution: true },
      at: now,
    });
    if (!ticket.firstResponseAt) await updateTicket(tx, ticket.id, { firstResponseAt: now }, now);
    await queueCustomerMessage(ctx, tx, {
      ticketId: ticket.id,
      email: ticket.contactEmail,
      template: 'ticketResolved',
      params: {
        number: ticket.number,
        name: ticket.contactName ?? '',
        title: ticket.title,
        body: summary,
        portalUrl: portalTicketUrl(ctx.config.publicUrl, ticket.number),
      },
    });
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

/** Closes on the customer's confirmation, recorded with how it was given (R4.5). */
export async function closeTicket(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  input: {
    confirmationMethod: string;
    note?: string | null | undefined;
    overdueReason?: string | undefined;
    overdueReasonText?: string | null | undefined;
  },
) {
  requirePermission(caller.principal, 'tickets.close');
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.closed', async (tx, ticket, now) => {
    if (ticket.status !== 'resolved') {
      throw new AppError('conflict', 'tickets.closeNeedsResolved', { params: { number: ticket.number } });
    }
    const overdue = ticket.isOverdue ? await requireOverdueReason(tx, input) : {};
    await closeInTransaction(
      tx,
      caller,
      ticket,
      { ...overdue, closeReason: 'confirmed', confirmationMethod: input.confirmationMethod },
      now,
      { note: input.note },
    );
    await queueCustomerMessage(ctx, tx, {
      ticketId: ticket.id,
      email: ticket.contactEmail,
      template: 'ticketClosed',
      params: { number: ticket.number, name: ticket.contactName ?? '', title: ticket.title },
    });
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

/** R5.4: a ticket with a breached milestone closes only with a reason from the editable list. */
async function requireOverdueReason(
  tx: Queryable,
  input: { overdueReason?: string | undefined; overdueReasonText?: string | null | undefined },
): Promise<TicketChanges> {
  if (!input.overdueReason)
    throw new AppError('validation_failed', 'tickets.overdueReasonRequired', { field: 'body.overdueReason' });
  const reason = (await listOverdueReasons(tx)).find(
    (candidate) => candidate.code === input.overdueReason && candidate.isActive,
  );
  if (!reason) {
    throw new AppError('validation_failed', 'tickets.unknownOverdueReason', {
      field: 'body.overdueReason',
      params: { code: input.overdueReason },
    });
  }
  if (reason.requiresText && !input.overdueReasonText) {
    throw new AppError('validation_failed', 'tickets.overdueReasonTextRequired', {
      field: 'body.overdueReasonText',
    });
  }
  return { overdueReason: reason.code, overdueReasonText: input.overdueReasonText ?? null };
}

export async function reopenTicket(ctx: AppContext, caller: Caller, idOrNumber: string, reason: string) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.reopened', async (tx, ticket, now) => {
    if (ticket.closeReason === 'merged') throw new AppError('conflict', 'tickets.mergedCannotReopen');
    await reopenInTransaction(ctx, tx, caller, ticket, reason, now);
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

/** R1.5: folds a duplicate into another ticket; the duplicate closes as merged and both keep the link. */
export async function mergeTicket(ctx: AppContext, caller: Caller, idOrNumber: string, into: string) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.merged', async (tx, ticket, now) => {
    const target = await visibleTicket(tx, caller, into);
    if (target.id === ticket.id)
      throw new AppError('validation_failed', 'tickets.mergeIntoSelf', { field: 'body.into' });
    if (ticket.status === 'closed')
      throw new AppError('conflict', 'tickets.finished', { params: { number: ticket.number } });
    if (target.status === 'closed')
      throw new AppError('conflict', 'tickets.finished', {
        field: 'body.into',
        params: { number: target.number },
      });
    await updateTicket(
      tx,
      ticket.id,
      { status: 'closed', closedAt: now, closeReason: 'merged', mergedIntoTicketId: target.id },
      now,
    );
    await insertLink(tx, ticket.id, target.id, 'merged');
    await event(tx, caller, ticket.id, 'link', {
      data: { mergedInto: target.number, from: ticket.status, to: 'closed' },
      at: now,
    });
    await event(tx, caller, target.id, 'link', { data: { merged: ticket.number }, at: now });
    await setCollaborators(tx, target.id, [
      ...new Set([...target.collaboratorIds, ...ticket.collaboratorIds]),
    ]);
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

export async function linkTickets(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  other: string,
  kind: string,
) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.linked', async (tx, ticket, now) => {
    const target = await visibleTicket(tx, caller, other);
    if (target.id === ticket.id)
      throw new AppError('validation_failed', 'tickets.linkToSelf', { field: 'body.ticket' });
    await insertLink(tx, ticket.id, target.id, kind);
    await event(tx, caller, ticket.id, 'link', { data: { linked: target.number, kind }, at: now });
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

export async function setTicketCollaborators(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  userIds: string[],
) {
  const id = await changeTicket(
    ctx,
    caller,
    idOrNumber,
    'ticket.collaborators_changed',
    async (tx, ticket, now) => {
      for (const userId of userIds) {
        if (!(await activeUserExists(tx, userId)))
          throw new AppError('validation_failed', 'tickets.unknownOwner', { field: 'body.userIds' });
      }
      await setCollaborators(tx, ticket.id, [...new Set(userIds)]);
      await event(tx, caller, ticket.id, 'assignment', { data: { collaborators: userIds }, at: now });
      return ticket.id;
    },
  );
  return reload(ctx, caller, id);
}

/** R4.5: resolved tickets whose customer stayed silent past the window close themselves, marked as such. */
export async function autoCloseSilentTickets(
  ctx: Pick<AppContext, 'db' | 'clock' | 'log'>,
  batchSize = 200,
): Promise<number> {
  const policy = await loadTicketPolicy(ctx.db);
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - policy.autoCloseDays * 86_400_000);
  return ctx.db.transaction(async (tx) => {
    const ids = await findResolvedBefore(tx, cutoff, batchSize);
    const system = { actor: { userId: null, label: 'system', requestId: null, ip: null } };
    for (const id of ids) {
      const resolved = (await findTicketView(tx, id))!;
      await closeInTransaction(tx, system, resolved, { closeReason: 'auto_closed' }, now, {
        eventData: { autoClosed: true, silenceDays: policy.autoCloseDays },
      });
      await syncTicketSla(tx, (await findTicketView(tx, id))!, now);
      await recordAudit(tx, system.actor, {
        action: 'ticket.auto_closed',
        entityType: 'ticket',
        entityId: id,
        after: { status: 'closed' },
      });
    }
    return ids.length;
  });
}

/**
 * The customer's own answer to "is it solved?" (R4.5), given in the portal. Solved closes the ticket as
 * confirmed by the customer (a proposed solution counts as resolved at that moment), their comment kept
 * as their message. Not solved sends it back to work with the comment as the customer's reply: a
 * resolved ticket reopens, a proposed solution goes back in progress.
 */
export async function customerConfirmationInTransaction(
  ctx: AppContext,
  tx: Queryable,
  caller: { actor: Caller['actor'] },
  ticket: TicketView,
  input: { solved: boolean; comment: string | null; via: string; confirmationMethod: string },
  now: Date,
): Promise<void> {
  if (input.solved) {
    if (input.comment) {
      await event(tx, caller, ticket.id, 'customer_reply', {
        body: input.comment,
        isPublic: true,
        data: { via: input.via, confirmedSolved: true },
        at: now,
      });
    }
    if (ticket.status === 'solution_proposed') {
      await moveStatus(tx, caller, ticket, 'resolved', now, { resolvedAt: now });
    }
    const resolved = (await findTicketView(tx, ticket.id))!;
    await closeInTransaction(
      tx,
      caller,
      resolved,
      { closeReason: 'confirmed', confirmationMethod: input.confirmationMethod },
      now,
    );
    await queueCustomerMessage(ctx, tx, {
      ticketId: ticket.id,
      email: ticket.contactEmail,
      template: 'ticketClosed',
      params: { number: ticket.number, name: ticket.contactName ?? '', title: ticket.title },
    });
    return;
  }
  if (input.comment) {
    await customerReplyInTransaction(ctx, tx, caller, ticket, { body: input.comment, via: input.via }, now);
  } else if (ticket.status === 'resolved') {
    await reopenInTransaction(ctx, tx, caller, ticket, 'customer_not_solved', now);
  }
  const after = (await findTicketView(tx, ticket.id))!;
  if (after.status === 'solution_proposed') await moveStatus(tx, caller, after, 'in_progress', now);
}
