import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Locale, MessageParams } from '../../platform/i18n/translate.js';
import {
  isWebhookTemplate,
  type PrivateTemplate,
  type StaffTemplate,
  type TicketCustomerTemplate,
  WEBHOOK_EVENTS,
  type WebhookTemplate,
} from './events.js';
import { attemptsPerRound, DELIVERY_JOBS } from './notifications.jobs.js';
import {
  findStaffRecipients,
  findTicketFacts,
  findTicketFactsOf,
  insertNotification,
  insertNotifications,
  type NewNotification,
  type OutboxChannel,
  type TicketFacts,
} from './notifications.repository.js';
import {
  anyRobotSubscribes,
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

/** What an outgoing webhook receives: the event, when, the ticket's facts and the event's data. */
function webhookBody(
  ctx: QueueContext,
  type: string,
  event: { ticketId: string; params: MessageParams },
  ticket: TicketFacts | undefined,
  now: Date,
): string {
  return JSON.stringify({
    event: type,
    occurredAt: now.toISOString(),
    ticket: ticket ? presentTicketFacts(ticket, ctx.config.publicUrl) : { id: event.ticketId },
    data: plainParams(event.params, ctx.config.defaultLocale),
  });
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
  const body = webhookBody(ctx, type, event, ticket, ctx.clock.now());
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

/** One staff alert: who, about which ticket, which template with its parameters, the fallback language. */
export interface StaffAlert {
  /** Null for a digest, which sums up several tickets. */
  ticketId: string | null;
  /** Null: nobody in person; the ticket's robots and the webhooks only. */
  userId: string | null;
  template: StaffTemplate;
  params: MessageParams;
  locale: Locale;
}

/**
 * Alerts a staff member on the channels they chose for this alert (in-app only unless they chose more),
 * in their own language; posts it to the robots of the ticket's group that subscribe to it, and to the
 * outgoing webhooks subscribed to its event (robots and webhooks once per transaction, however many staff
 * one event alerts).
 */
export async function queueStaffAlert(ctx: QueueContext, tx: Queryable, alert: StaffAlert): Promise<void> {
  await queueStaffAlerts(ctx, tx, [alert]);
}

/**
 * Many staff alerts at once (the SLA sweep's batch), with the outcome of `queueStaffAlert` for each in
 * turn — each recipient's channels and language, robots and webhooks once per ticket and alert in the
 * transaction — in a fixed number of statements: the recipients and the tickets read once, every
 * outbox row written by one statement, the deliveries enqueued by one statement per job.
 */
export async function queueStaffAlerts(
  ctx: QueueContext,
  tx: Queryable,
  alerts: readonly StaffAlert[],
): Promise<void> {
  if (alerts.length === 0) return;
  const now = ctx.clock.now();
  const attemptLimit = attemptsPerRound(ctx.config);
  const present = <T>(value: T | null): value is T => value !== null;
  const recipients = await findStaffRecipients(tx, [
    ...new Set(alerts.map((alert) => alert.userId).filter(present)),
  ]);
  // Robots and webhooks report one ticket: a digest goes to its reader only.
  const aboutTickets = alerts.filter((alert) => alert.ticketId !== null);
  const robotTemplates = new Set<StaffTemplate>();
  const endpoints = new Map<StaffTemplate, Awaited<ReturnType<typeof listSubscribedEndpoints>>>();
  for (const template of new Set(aboutTickets.map((alert) => alert.template))) {
    if (await anyRobotSubscribes(tx, template)) robotTemplates.add(template);
    if (isWebhookTemplate(template))
      endpoints.set(template, await listSubscribedEndpoints(tx, WEBHOOK_EVENTS[template]));
  }
  // Their ticket's facts are read only when one of them listens.
  const facts =
    robotTemplates.size > 0 || [...endpoints.values()].some((list) => list.length > 0)
      ? await findTicketFactsOf(tx, [...new Set(aboutTickets.map((alert) => alert.ticketId).filter(present))])
      : new Map<string, TicketFacts>();
  // One ticket's event alerts several people with the same text: render each text once.
  const texts = new Map<string, ReturnType<typeof renderTemplate>>();
  const render = (template: StaffTemplate, locale: Locale, params: MessageParams) => {
    const key = `${template}\u0000${locale}\u0000${JSON.stringify(plainParams(params, locale))}`;
    let text = texts.get(key);
    if (!text) {
      text = renderTemplate(tx, template, locale, params);
      texts.set(key, text);
    }
    return text;
  };
  const rows: NewNotification[] = [];
  const eventKeys = new Set<string>();
  const once = (row: NewNotification & { eventKey: string }) => {
    if (eventKeys.has(row.eventKey)) return;
    eventKeys.add(row.eventKey);
    rows.push(row);
  };
  for (const alert of alerts) {
    const recipient = alert.userId ? recipients.get(alert.userId) : undefined;
    if (alert.userId && recipient?.isActive) {
      const locale = recipient.locale ?? alert.locale;
      const choice = (await findUserSubscription(tx, alert.userId, alert.template)) ?? DEFAULT_SUBSCRIPTION;
      const text = await render(alert.template, locale, alert.params);
      const common = { ticketId: alert.ticketId, template: alert.template, locale, ...text, createdAt: now };
      if (choice.inApp) rows.push({ ...common, channel: 'in_app', recipient: alert.userId, status: 'sent' });
      const pending = { ...common, status: 'pending' as const, attemptLimit };
      if (choice.email && recipient.email)
        rows.push({ ...pending, channel: 'email', recipient: recipient.email });
      if (choice.sms && recipient.phone && ctx.config.sms.provider !== 'none')
        rows.push({ ...pending, channel: 'sms', recipient: recipient.phone });
    }
    if (alert.ticketId === null) continue;
    const ticket = facts.get(alert.ticketId);
    if (robotTemplates.has(alert.template) && ticket?.groupId) {
      const robots = await listSubscribedRobots(tx, ticket.groupId, alert.template);
      if (robots.length > 0) {
        const locale = ctx.config.defaultLocale;
        const text = await render(alert.template, locale, alert.params);
        const link = ctx.config.publicUrl ? `\n${ticketUrl(ctx.config.publicUrl, ticket.number)}` : '';
        for (const robot of robots) {
          once({
            ticketId: alert.ticketId,
            channel: robot.kind,
            recipient: robot.id,
            template: alert.template,
            locale,
            subject: text.subject,
            body: `${text.body}${link}`,
            status: 'pending',
            createdAt: now,
            attemptLimit,
            eventKey: `robot:${robot.id}:${alert.template}:${alert.ticketId}`,
          });
        }
      }
    }
    const subscribed = endpoints.get(alert.template) ?? [];
    if (subscribed.length > 0 && isWebhookTemplate(alert.template)) {
      const type = WEBHOOK_EVENTS[alert.template];
      const body = webhookBody(ctx, type, { ticketId: alert.ticketId, params: alert.params }, ticket, now);
      for (const endpoint of subscribed) {
        once({
          ticketId: alert.ticketId,
          channel: 'webhook',
          recipient: endpoint.id,
          template: alert.template,
          locale: ctx.config.defaultLocale,
          subject: type,
          body,
          status: 'pending',
          createdAt: now,
          attemptLimit,
          eventKey: `webhook:${endpoint.id}:${type}:${alert.ticketId}`,
        });
      }
    }
  }
  const deliveries = new Map<(typeof DELIVERY_JOBS)[OutboxChannel], { notificationId: string }[]>();
  for (const written of await insertNotifications(tx, rows)) {
    if (written.channel === 'in_app') continue;
    const job = DELIVERY_JOBS[written.channel];
    const payloads = deliveries.get(job) ?? [];
    payloads.push({ notificationId: written.id });
    deliveries.set(job, payloads);
  }
  for (const [job, payloads] of deliveries) await ctx.queue.enqueueMany(tx, job, payloads);
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
