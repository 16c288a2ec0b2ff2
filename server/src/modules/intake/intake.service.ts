import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { createInTransaction, createTicket } from '../tickets/intake.service.js';
import type { TicketType } from '../tickets/ticket.types.js';
import { findTicketIdBySourceReference, findTicketView, lockTicket } from '../tickets/tickets.repository.js';
import { customerReplyInTransaction } from '../tickets/tickets.service.js';
import {
  deleteWebhookSource,
  findWebhookSource,
  insertWebhookSource,
  listWebhookSources,
  recordDelivery,
  setDeliveryTicket,
  updateWebhookSource,
  type WebhookSourceRecord,
} from './intake.repository.js';
import type { inboundWebhookBody, publicTicketBody } from './intake.schema.js';
import { verifyWebhookSignature } from './signature.js';

const REPLAY_WINDOW_SECONDS = 300;

/** R1.1: the customer web form. Creates a portal ticket and tells only its number and status. */
export async function submitPublicTicket(
  ctx: AppContext,
  input: z.infer<typeof publicTicketBody>,
  ip: string,
) {
  if (input.website) throw new AppError('validation_failed', 'intake.rejected', { field: 'body.website' });
  const actor: Actor = { userId: null, label: 'portal', requestId: null, ip };
  const { ticket } = await createTicket(ctx, actor, {
    title: input.title || input.description.slice(0, 60),
    description: input.description,
    type: input.type,
    channel: 'portal',
    customer: { name: input.name, phone: input.phone ?? null, email: input.email ?? null },
    orderNumber: input.orderNumber ?? null,
    product: { model: input.productModel ?? null, serial: input.serialNumber ?? null },
    preferredContactTime: input.preferredContactTime ?? null,
  });
  return { number: ticket.number, status: ticket.status, receivedAt: ticket.receivedAt.toISOString() };
}

/**
 * R1.1: a message relayed by an integrator. The signature is checked over the raw body, a delivery
 * is accepted once (replays are refused), and a message of a known conversation joins its ticket.
 */
export async function receiveWebhook(
  ctx: AppContext,
  request: {
    sourceKey: string;
    rawBody: string;
    timestampHeader: string | undefined;
    signatureHeader: string | undefined;
    ip: string;
    requestId: string;
  },
  parse: (raw: unknown) => z.infer<typeof inboundWebhookBody>,
) {
  const source = await findWebhookSource(ctx.db, { key: request.sourceKey });
  if (!source?.isActive)
    throw new AppError('not_found', 'intake.unknownSource', { params: { source: request.sourceKey } });
  const verdict = verifyWebhookSignature({
    secret: source.secret,
    rawBody: request.rawBody,
    timestampHeader: request.timestampHeader,
    signatureHeader: request.signatureHeader,
    now: ctx.clock.now(),
    toleranceSeconds: REPLAY_WINDOW_SECONDS,
  });
  if (verdict !== 'valid')
    throw new AppError('not_authenticated', `intake.signature.${verdict}` as const, {
      field: 'header.x-aftercare-signature',
    });
  const body = parse(JSON.parse(request.rawBody));
  const actor: Actor = {
    userId: null,
    label: `webhook:${source.key}`,
    requestId: request.requestId,
    ip: request.ip,
  };
  const reference = `${source.key}:${body.threadId ?? body.messageId}`;
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    if (!(await recordDelivery(tx, source.id, request.signatureHeader!, now))) {
      throw new AppError('conflict', 'intake.replayed', { field: 'header.x-aftercare-signature' });
    }
    const existingId = await findTicketIdBySourceReference(tx, reference);
    // A message without a conversation that was delivered before (re-signed and re-sent) is not a new ticket.
    if (existingId && !body.threadId) {
      return { action: 'duplicate' as const, ticketNumber: (await findTicketView(tx, existingId))!.number };
    }
    if (existingId) {
      await lockTicket(tx, existingId);
      const ticket = (await findTicketView(tx, existingId))!;
      await customerReplyInTransaction(ctx, tx, { actor }, ticket, { body: body.text, via: 'webhook' }, now);
      await setDeliveryTicket(tx, source.id, request.signatureHeader!, ticket.id);
      await recordAudit(tx, actor, {
        action: 'ticket.customer_replied',
        entityType: 'ticket',
        entityId: ticket.id,
        after: { via: 'webhook' },
      });
      return { action: 'appended' as const, ticketNumber: ticket.number };
    }
    const ticketId = await createInTransaction(
      ctx,
      tx,
      actor,
      {
        title: body.title || body.text.slice(0, 60),
        description: body.text,
        type: (body.type ?? source.defaultType) as TicketType,
        channel: 'webhook',
        sourceReference: reference,
        customer: {
          name: body.customer.name,
          phone: body.customer.phone ?? null,
          email: body.customer.email ?? null,
        },
        orderNumber: body.orderNumber ?? null,
        product: { model: body.product?.model ?? null, serial: body.product?.serial ?? null },
      },
      {},
    );
    await setDeliveryTicket(tx, source.id, request.signatureHeader!, ticketId);
    return { action: 'created' as const, ticketNumber: (await findTicketView(tx, ticketId))!.number };
  });
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

export function presentSource(source: WebhookSourceRecord, publicUrl: string | undefined) {
  return {
    id: source.id,
    key: source.key,
    name: source.name,
    defaultType: source.defaultType,
    isActive: source.isActive,
    secretHint: `${source.secret.slice(0, 9)}…`,
    url: `${publicUrl ?? ''}/api/v1/webhooks/inbound/${source.key}`,
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
  };
}

const audited = ({ secret: _secret, ...source }: WebhookSourceRecord) => source;

export const listSources = (ctx: AppContext) => listWebhookSources(ctx.db);

export async function createSource(
  ctx: AppContext,
  actor: Actor,
  input: { key: string; name: string; defaultType: string },
) {
  return ctx.db.transaction(async (tx) => {
    if (await findWebhookSource(tx, { key: input.key })) {
      throw new AppError('conflict', 'intake.sourceKeyTaken', {
        field: 'body.key',
        params: { key: input.key },
      });
    }
    const source = await insertWebhookSource(tx, { ...input, secret: newSecret(), now: ctx.clock.now() });
    await recordAudit(tx, actor, {
      action: 'webhook_source.created',
      entityType: 'webhook_source',
      entityId: source.id,
      after: audited(source),
    });
    return source;
  });
}

export async function updateSource(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: {
    name?: string | undefined;
    defaultType?: string | undefined;
    isActive?: boolean | undefined;
    rotateSecret?: boolean | undefined;
  },
) {
  return ctx.db.transaction(async (tx) => {
    const before = await findWebhookSource(tx, { id });
    if (!before) throw new AppError('not_found', 'intake.sourceNotFound');
    await updateWebhookSource(
      tx,
      id,
      {
        name: input.name ?? before.name,
        defaultType: input.defaultType ?? before.defaultType,
        isActive: input.isActive ?? before.isActive,
        secret: input.rotateSecret ? newSecret() : before.secret,
      },
      ctx.clock.now(),
    );
    const after = (await findWebhookSource(tx, { id }))!;
    await recordAudit(tx, actor, {
      action: input.rotateSecret ? 'webhook_source.secret_rotated' : 'webhook_source.updated',
      entityType: 'webhook_source',
      entityId: id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}

export async function removeSource(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const source = await findWebhookSource(tx, { id });
    if (!source) throw new AppError('not_found', 'intake.sourceNotFound');
    await deleteWebhookSource(tx, id);
    await recordAudit(tx, actor, {
      action: 'webhook_source.deleted',
      entityType: 'webhook_source',
      entityId: id,
      before: audited(source),
    });
  });
}
