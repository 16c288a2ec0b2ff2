import { createHash, randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { classifyTicket } from '../classification/classification.service.js';
import { findOrCreateCustomer, findPurchase } from '../customers/customers.service.js';
import {
  portalTicketUrl,
  queueCustomerMessage,
  queueStaffAlert,
} from '../notifications/notifications.service.js';
import { findProductByModel } from '../products/products.service.js';
import { groupLeadOf, routeTicket } from '../routing/routing.service.js';
import { startTicketSla } from '../sla/sla.service.js';
import { attachUploads } from './attachments.service.js';
import { formatTicketNumber, ticketMonth } from './numbering.js';
import { missingEssentials } from './policy.js';
import { searchDocument } from './search.js';
import type { TicketChannel, TicketStatus } from './ticket.types.js';
import {
  activeUserExists,
  claimIdempotencyKey,
  completeIdempotencyKey,
  findIdempotentTicket,
  findTicketView,
  groupExists,
  insertEvents,
  insertTicket,
  nextTicketSerial,
  priorityExists,
  setTicketNumber,
  type TicketView,
} from './tickets.repository.js';
import type { CreateTicketInput } from './tickets.schema.js';

const URGENT_PRIORITIES = new Set(['P1', 'P2']);

export interface IntakeOptions {
  /**
   * Retries with the same key and body return the first ticket instead of creating another. A channel
   * whose input holds ids made afresh by each attempt (uploads) gives its own `requestHash` of what was sent.
   */
  idempotency?: { key: string; principal: string; requestHash?: string };
  /** The staff member creating it, if any (for the record). */
  createdByUserId?: string | null;
}

export interface IntakeResult {
  ticket: TicketView;
  /** False when an Idempotency-Key retry returned the ticket created earlier. */
  created: boolean;
}

const requestHash = (input: CreateTicketInput) =>
  createHash('sha256').update(JSON.stringify(input)).digest('hex');

/**
 * Every channel's way in (R1): links or creates the customer, fills product and purchase facts, runs
 * the classification rules, routes to a group and owner, numbers the ticket, writes its first timeline
 * entries and audit record, and queues the acknowledgement (R1.4) — all in one transaction.
 */
export async function createTicket(
  ctx: AppContext,
  actor: Actor,
  input: CreateTicketInput,
  options: IntakeOptions = {},
): Promise<IntakeResult> {
  const idempotency = options.idempotency;
  const hash = idempotency?.requestHash ?? requestHash(input);
  if (idempotency) {
    const existing = await findIdempotentTicket(ctx.db, idempotency.principal, idempotency.key);
    if (existing) return replay(ctx, existing, hash);
  }
  try {
    const ticketId = await ctx.db.transaction(async (tx) => {
      if (
        idempotency &&
        !(await claimIdempotencyKey(tx, { ...idempotency, requestHash: hash, now: ctx.clock.now() }))
      ) {
        return null;
      }
      const id = await createInTransaction(ctx, tx, actor, input, options);
      if (idempotency) await completeIdempotencyKey(tx, idempotency.principal, idempotency.key, id);
      return id;
    });
    if (ticketId === null && idempotency) {
      const existing = await findIdempotentTicket(ctx.db, idempotency.principal, idempotency.key);
      return replay(ctx, existing!, hash);
    }
    return { ticket: (await findTicketView(ctx.db, ticketId!))!, created: true };
  } catch (error) {
    // Two retries racing on one key: the loser finds the winner's ticket.
    if (idempotency && isUniqueViolation(error)) {
      const existing = await findIdempotentTicket(ctx.db, idempotency.principal, idempotency.key);
      if (existing) return replay(ctx, existing, hash);
    }
    throw error;
  }
}

async function replay(
  ctx: AppContext,
  existing: { requestHash: string; ticketId: string | null },
  hash: string,
): Promise<IntakeResult> {
  if (existing.requestHash !== hash) {
    throw new AppError('conflict', 'tickets.idempotencyKeyReused', { field: 'header.idempotency-key' });
  }
  if (!existing.ticketId)
    throw new AppError('conflict', 'tickets.idempotencyInFlight', { field: 'header.idempotency-key' });
  return { ticket: (await findTicketView(ctx.db, existing.ticketId))!, created: false };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/** Channels where the customer types their own contact details, which nobody has checked. */
const SELF_SERVICE_CHANNELS = new Set<TicketChannel>(['portal', 'email', 'webhook']);

export async function createInTransaction(
  ctx: AppContext,
  tx: Queryable,
  actor: Actor,
  input: CreateTicketInput,
  options: IntakeOptions,
): Promise<string> {
  const now = ctx.clock.now();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 60_000) {
    throw new AppError('validation_failed', 'tickets.receivedInFuture', { field: 'body.receivedAt' });
  }

  const customer = input.customerId
    ? await requireCustomer(tx, input.customerId)
    : input.customer
      ? await findOrCreateCustomer(
          tx,
          {
            name: input.customer.name,
            phone: input.customer.phone ?? null,
            email: input.customer.email ?? null,
            tier: input.customer.tier ?? null,
            region: input.customer.region ?? null,
            company: input.customer.company ?? null,
          },
          actor,
          { contactDetailsVerified: !SELF_SERVICE_CHANNELS.has(input.channel) },
        )
      : null;

  const purchase =
    input.orderNumber || input.product?.serial
      ? await findPurchase(tx, {
          orderNumber: input.orderNumber ?? null,
          serialNumber: input.product?.serial ?? null,
        })
      : undefined;
  const productModel = input.product?.model ?? purchase?.product?.model ?? null;
  const product = productModel ? await findProductByModel(tx, productModel) : undefined;

  if (input.priority && !(await priorityExists(tx, input.priority))) {
    throw new AppError('validation_failed', 'tickets.unknownPriority', {
      field: 'body.priority',
      params: { code: input.priority },
    });
  }
  const classification = await classifyTicket(
    tx,
    {
      title: input.title,
      description: input.description,
      type: input.type,
      channel: input.channel,
      customerTier: customer?.tier ?? null,
      productModel,
      productLine: product?.productLine ?? null,
      productCategory: product?.category ?? null,
      region: customer?.region ?? null,
    },
    {
      priority: input.priority ?? null,
      categoryCode: input.category ?? null,
      emotion: input.emotion ?? null,
    },
  );
  if (input.category && !classification.categoryId) {
    throw new AppError('validation_failed', 'tickets.unknownCategory', {
      field: 'body.category',
      params: { code: input.category },
    });
  }

  // A chosen owner skips routing, and with it routing's check of the group: check both here.
  if (input.ownerId) {
    if (input.groupId && !(await groupExists(tx, input.groupId))) {
      throw new AppError('validation_failed', 'tickets.unknownGroup', { field: 'body.groupId' });
    }
    if (!(await activeUserExists(tx, input.ownerId))) {
      throw new AppError('validation_failed', 'tickets.unknownOwner', { field: 'body.ownerId' });
    }
  }
  const routing = input.ownerId
    ? { groupId: input.groupId ?? classification.groupId ?? null, ownerUserId: input.ownerId }
    : await routeTicket(
        tx,
        {
          groupId: input.groupId ?? classification.groupId,
          categoryId: classification.categoryId,
          productLine: product?.productLine ?? null,
          region: customer?.region ?? null,
        },
        { db: ctx.db },
      );

  const contactPhone = input.customer?.phone ?? customer?.phone ?? null;
  const contactEmail = input.customer?.email ?? customer?.email ?? null;
  const serialNumber = input.product?.serial ?? purchase?.serialNumber ?? null;
  const orderNumber = input.orderNumber ?? purchase?.orderNumber ?? null;
  const status: TicketStatus = routing.ownerUserId
    ? 'assigned'
    : classification.categoryId
      ? 'classified'
      : 'new';
  const isComplaint = input.type === 'complaint';
  const fields = {
    // The real number is taken at the end (see below); until then the row carries a unique stand-in.
    number: `pending-${randomUUID()}`,
    title: input.title,
    description: input.description,
    type: input.type,
    channel: input.channel,
    sourceReference: input.sourceReference ?? null,
    status,
    priority: classification.priority,
    categoryId: classification.categoryId,
    emotion: classification.emotion,
    complaintSeverity: input.complaint?.severity ?? (isComplaint ? 'light' : null),
    complaintCategory: input.complaint?.category ?? null,
    externalSource: input.complaint?.externalSource ?? null,
    externalDeadlineAt: input.complaint?.externalDeadlineAt
      ? new Date(input.complaint.externalDeadlineAt)
      : null,
    customerId: customer?.id ?? null,
    contactName: input.customer?.name ?? customer?.name ?? null,
    contactPhone,
    contactEmail,
    preferredContactTime: input.preferredContactTime ?? null,
    orderNumber,
    purchaseChannel: input.purchaseChannel ?? purchase?.channel ?? null,
    purchasedOn: input.purchasedOn ?? purchase?.purchasedOn ?? null,
    productId: product?.id ?? null,
    productModel: product?.model ?? productModel,
    serialNumber,
    batchNumber: input.product?.batch ?? purchase?.batchNumber ?? null,
    customerRequest: input.customerRequest ?? null,
    expectedResolutionAt: input.expectedResolutionAt ? new Date(input.expectedResolutionAt) : null,
    tags: [...new Set([...(input.tags ?? []), ...classification.tags])],
    missingEssentials: missingEssentials({
      type: input.type,
      contactPhone,
      contactEmail,
      orderNumber,
      productModel,
      serialNumber,
    }),
    groupId: routing.groupId,
    ownerUserId: routing.ownerUserId,
    assignmentState: routing.ownerUserId ? ('pending' as const) : null,
    callStartedAt: input.call ? new Date(input.call.startedAt) : null,
    callDurationSeconds: input.call?.durationSeconds ?? null,
    receivedAt,
    classifiedAt: classification.categoryId ? now : null,
    assignedAt: routing.ownerUserId ? now : null,
    createdByUserId: options.createdByUserId ?? null,
    // R1.4: told at once by the queued e-mail, or live on the phone or at the counter.
    acknowledgedAt: contactEmail
      ? now
      : input.channel === 'phone' || input.channel === 'walk_in'
        ? receivedAt
        : null,
  };
  const ticketId = await insertTicket(
    tx,
    fields,
    searchDocument(
      input.title,
      input.description,
      fields.contactName,
      contactPhone,
      contactEmail,
      orderNumber,
      serialNumber,
      fields.productModel,
      customer?.companyName,
      customer?.customerNumber,
    ),
    now,
  );

  const author = { authorUserId: actor.userId, authorLabel: actor.label };
  await insertEvents(tx, [
    {
      ticketId,
      kind: 'created',
      isPublic: true,
      ...author,
      body: '',
      data: {
        channel: input.channel,
        sourceReference: input.sourceReference ?? null,
        call: input.call ?? null,
      },
      createdAt: now,
    },
    {
      ticketId,
      kind: 'classification',
      isPublic: false,
      ...author,
      body: '',
      data: {
        automatic: true,
        priority: classification.priority,
        category: classification.categoryCode,
        emotion: classification.emotion,
        tags: classification.tags,
        matchedRuleIds: classification.matchedRuleIds,
        complaintWords: classification.complaintWords,
      },
      createdAt: now,
    },
    ...(routing.groupId || routing.ownerUserId
      ? [
          {
            ticketId,
            kind: 'assignment' as const,
            isPublic: false,
            ...author,
            body: '',
            data: { groupId: routing.groupId, ownerUserId: routing.ownerUserId, automatic: !input.ownerId },
            createdAt: now,
          },
        ]
      : []),
  ]);
  if (input.attachments?.length) await attachUploads(tx, ticketId, input.attachments, actor, now);

  const ticket = (await findTicketView(tx, ticketId))!;
  const slaState = await startTicketSla(tx, ticket, now);
  // Consecutive numbers per month (R1.3) need the month's counter row locked until commit, which
  // serialises creations; taking it last keeps that window to the few statements that follow.
  const month = ticketMonth(receivedAt, ctx.config.timezone);
  const ticketNumber = formatTicketNumber(month, await nextTicketSerial(tx, month));
  await setTicketNumber(tx, ticketId, ticketNumber, searchDocument(ticketNumber), slaState);
  await recordAudit(tx, actor, {
    action: 'ticket.created',
    entityType: 'ticket',
    entityId: ticketId,
    after: {
      number: ticketNumber,
      channel: input.channel,
      priority: ticket.priority,
      category: ticket.categoryCode,
      group: ticket.groupKey,
      owner: ticket.ownerUsername,
    },
  });

  await queueCustomerMessage(ctx, tx, {
    ticketId,
    email: contactEmail,
    template: 'ticketAcknowledged',
    params: {
      number: ticketNumber,
      name: fields.contactName ?? '',
      title: input.title,
      portalUrl: portalTicketUrl(ctx.config.publicUrl, ticketNumber),
    },
  });
  if (routing.ownerUserId) {
    await queueStaffAlert(ctx, tx, {
      ticketId,
      userId: routing.ownerUserId,
      template: 'ticketAssigned',
      params: { number: ticketNumber, title: input.title, priority: ticket.priority },
      locale: ctx.config.defaultLocale,
    });
  }
  // R2.3: P1 and P2 go to the responsible lead at once.
  if (URGENT_PRIORITIES.has(ticket.priority) && routing.groupId) {
    const lead = await groupLeadOf(tx, routing.groupId);
    if (lead) {
      await queueStaffAlert(ctx, tx, {
        ticketId,
        userId: lead,
        template: 'urgentTicketForLead',
        params: { number: ticketNumber, title: input.title, priority: ticket.priority },
        locale: ctx.config.defaultLocale,
      });
    }
  }
  return ticketId;
}

async function requireCustomer(tx: Queryable, customerId: string) {
  const rows = await tx.query<{
    id: string;
    tier: 'vip' | 'regular';
    region: string | null;
    name: string;
    phone: string | null;
    email: string | null;
    company_name: string | null;
    customer_number: string;
  }>(
    'SELECT id, tier, region, name, phone, email, company_name, customer_number FROM customers WHERE id = $1',
    [customerId],
  );
  const row = rows[0];
  if (!row) throw new AppError('validation_failed', 'tickets.unknownCustomer', { field: 'body.customerId' });
  return { ...row, companyName: row.company_name, customerNumber: row.customer_number };
}
