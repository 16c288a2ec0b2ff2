import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Locale, MessageParams } from '../../platform/i18n/translate.js';
import {
  type PrivateTemplate,
  type StaffTemplate,
  type TicketCustomerTemplate,
  WEBHOOK_EVENTS,
  type WebhookTemplate,
} from './events.js';
import { attemptsPerRound, DELIVERY_JOBS } from './notifications.jobs.js';
import {
  findStaffRecipient,
  findTicketFacts,
  insertNotification,
  type NewNotification,
  type OutboxChannel,
  type TicketFacts,
} from './notifications.repository.js';
import {
  findUserSubscription,
  listSubscribedEndpoints,
  listSubscribedRobots,
  type UserSubscription,
} from './settings.repository.js';
import { fillPlaceholders, renderTemplate } from './templates.js';

export type { CustomerTemplate, StaffTemplate, TicketCustomerTemplate } from './events.js';

type QueueContext = Pick<AppContext, 'queue' | 'clock' | 'config'>;

/** Writes an outbox row and enqueues its delivery job in the same transaction. */
async function queueDelivery(
  ctx: QueueContext,
  tx: Queryable,
  row: Omit<NewNotification, 'status' | 'createdAt' | 'attemptLimit'> & { channel: OutboxChannel },
): Promise<string | null> {
  const id = await insertNotification(tx, {
    ...row,
    status: 'pending',
    createdAt: ctx.clock.now(),
    attemptLimit: attemptsPerRound(ctx.config),
  });
  if (id) await ctx.queue.enqueue(tx, DELIVERY_JOBS[row.channel], { notificationId: id });
  return id;
}

/** A template's parameters as plain values (localized ones in the given language), for JSON. */
function plainParams(params: MessageParams, locale: Locale): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      typeof value === 'function' ? value(locale) : value,
    ]),
  );
}

/** Outgoing webhooks subscribed to the event behind this template: one delivery each per transaction. */
async function queueWebhooks(
  ctx: QueueContext,
  tx: Queryable,
  event: { ticketId: string; template: WebhookTemplate; params: MessageParams },
): Promise<void> {
  const type = WEBHOOK_EVENTS[event.template];
  const endpoints = await listSubscribedEndpoints(tx, type);
  if (endpoints.length === 0) return;
  const ticket = await findTicketFacts(tx, event.ticketId);
  const now = ctx.clock.now();
  const body = JSON.stringify({
    event: type,
    occurredAt: now.toISOString(),
    ticket: ticket ? presentTicketFacts(ticket, ctx.config.publicUrl) : { id: event.ticketId },
    data: plainParams(event.params, ctx.config.defaultLocale),
  });
  for (const endpoint of endpoints) {
    await queueDelivery(ctx, tx, {
      ticketId: event.ticketId,
      channel: 'webhook',
      recipient: endpoint.id,
      template: event.template,
      locale: ctx.config.defaultLocale,
      subject: type,
      body,
      eventKey: `webhook:${endpoint.id}:${type}:${event.ticketId}`,
    });
  }
}

function presentTicketFacts(ticket: TicketFacts, publicUrl: string | undefined) {
  return {
    id: ticket.id,
    number: ticket.number,
    title: ticket.title,
    status: ticket.status,
    priority: ticket.priority,
    groupId: ticket.groupId,
    ownerUserId: ticket.ownerUserId,
    ...(publicUrl ? { url: ticketUrl(publicUrl, ticket.number) } : {}),
  };
}

const ticketUrl = (publicUrl: string, number: string) =>
  `${publicUrl.replace(/\/+$/, '')}/tickets/${encodeURIComponent(number)}`;

/** Where the customer follows a ticket in the portal (the `portalUrl` of customer messages). */
export const portalTicketUrl = (publicUrl: string | undefined, number: string) =>
  `${(publicUrl ?? '').replace(/\/+$/, '')}/portal/t/${encodeURIComponent(number)}`;

/**
 * Queues a message to a customer, in the same transaction as the change it reports; background jobs
 * deliver it. The customer is reached by e-mail when they have an address, else by SMS (to `phone`, or the
 * ticket's contact phone) when SMS is configured. Outgoing webhooks subscribed to the event are queued too.
 */
export async function queueCustomerMessage(
  ctx: QueueContext,
  tx: Queryable,
  message: {
    ticketId: string;
    email: string | null;
    /** For SMS when there is no e-mail address; when absent, the ticket's contact phone. */
    phone?: string | null;
    template: TicketCustomerTemplate;
    params: MessageParams;
    locale?: Locale;
  },
): Promise<void> {
  await queueWebhooks(ctx, tx, message);
  const locale = message.locale ?? ctx.config.defaultLocale;
  let channel: OutboxChannel | null = message.email ? 'email' : null;
  let phone = message.phone ?? null;
  if (!channel && ctx.config.sms.provider !== 'none') {
    // Callers that know only the e-mail address leave the phone to the ticket's contact.
    if (message.phone === undefined)
      phone = (await findTicketFacts(tx, message.ticketId))?.contactPhone ?? null;
    if (phone) channel = 'sms';
  }
  if (!channel) return;
  const text = await renderTemplate(tx, message.template, locale, message.params);
  await queueDelivery(ctx, tx, {
    ticketId: message.ticketId,
    channel,
    recipient: (channel === 'email' ? message.email : phone)!,
    template: message.template,
    locale,
    subject: text.subject,
    body: text.body,
  });
}

/**
 * Queues a private message (the portal's one-time code) to one e-mail address or mobile number. It
 * belongs to no ticket and goes to no webhook, so the secret reaches only its owner.
 */
export async function queuePrivateMessage(
  ctx: QueueContext,
  tx: Queryable,
  message: {
    channel: 'email' | 'sms';
    recipient: string;
    template: PrivateTemplate;
    params: MessageParams;
    locale: Locale;
  },
): Promise<void> {
  const text = await renderTemplate(tx, message.template, message.locale, message.params);
  await queueDelivery(ctx, tx, {
    ticketId: null,
    channel: message.channel,
    recipient: message.recipient,
    template: message.template,
    locale: message.locale,
    subject: text.subject,
    body: text.body,
  });
}

export const DEFAULT_SUBSCRIPTION: Omit<UserSubscription, 'template'> = {
  inApp: true,
  email: false,
  sms: false,
};

/**
 * Alerts a staff member on the channels they chose for this alert (in-app only unless they chose more),
 * in their own language; posts it to the robots of the ticket's group that subscribe to it, and to the
 * outgoing webhooks subscribed to its event (robots and webhooks once per transaction, however many staff
 * one event alerts).
 */
export async function queueStaffAlert(
  ctx: QueueContext,
  tx: Queryable,
  alert: { ticketId: string; userId: string; template: StaffTemplate; params: MessageParams; locale: Locale },
): Promise<void> {
  const recipient = await findStaffRecipient(tx, alert.userId);
  if (recipient?.isActive) {
    const locale = recipient.locale ?? alert.locale;
    const choice = (await findUserSubscription(tx, alert.userId, alert.template)) ?? DEFAULT_SUBSCRIPTION;
    const text = await renderTemplate(tx, alert.template, locale, alert.params);
    const common = { ticketId: alert.ticketId, template: alert.template, locale, ...text };
    if (choice.inApp) {
      await insertNotification(tx, {
        ...common,
        channel: 'in_app',
        recipient: alert.userId,
        status: 'sent',
        createdAt: ctx.clock.now(),
      });
    }
    if (choice.email && recipient.email) {
      await queueDelivery(ctx, tx, { ...common, channel: 'email', recipient: recipient.email });
    }
    if (choice.sms && recipient.phone && ctx.config.sms.provider !== 'none') {
      await queueDelivery(ctx, tx, { ...common, channel: 'sms', recipient: recipient.phone });
    }
  }
  await queueRobots(ctx, tx, alert);
  await queueWebhooks(ctx, tx, alert);
}

async function queueRobots(
  ctx: QueueContext,
  tx: Queryable,
  alert: { ticketId: string; template: StaffTemplate; params: MessageParams },
): Promise<void> {
  const ticket = await findTicketFacts(tx, alert.ticketId);
  if (!ticket?.groupId) return;
  const robots = await listSubscribedRobots(tx, ticket.groupId, alert.template);
  if (robots.length === 0) return;
  const locale = ctx.config.defaultLocale;
  const text = await renderTemplate(tx, alert.template, locale, alert.params);
  const link = ctx.config.publicUrl ? `\n${ticketUrl(ctx.config.publicUrl, ticket.number)}` : '';
  for (const robot of robots) {
    await queueDelivery(ctx, tx, {
      ticketId: alert.ticketId,
      channel: robot.kind,
      recipient: robot.id,
      template: alert.template,
      locale,
      subject: text.subject,
      body: `${text.body}${link}`,
      eventKey: `robot:${robot.id}:${alert.template}:${alert.ticketId}`,
    });
  }
}

/** A test message to one robot or endpoint, so an administrator can check the channel end to end. */
export async function queueChannelTest(
  ctx: QueueContext,
  tx: Queryable,
  target: { channel: 'wecom' | 'dingtalk' | 'webhook'; id: string },
  locale: Locale,
): Promise<string> {
  const text = await renderTemplate(tx, 'channelTest', locale, { channel: target.channel });
  const body =
    target.channel === 'webhook'
      ? JSON.stringify({
          event: 'ping',
          occurredAt: ctx.clock.now().toISOString(),
          ticket: null,
          data: { message: fillPlaceholders(text.body, {}, locale) },
        })
      : text.body;
  return (await queueDelivery(ctx, tx, {
    ticketId: null,
    channel: target.channel,
    recipient: target.id,
    template: 'channelTest',
    locale,
    subject: target.channel === 'webhook' ? 'ping' : text.subject,
    body,
  }))!;
}
