import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob, type JobDefinition, type JobSpec } from '../../platform/queue.js';
import { VERSION } from '../../platform/version.js';
import { threadOutgoingEmail } from '../mailboxes/outgoing.js';
import { sendEmail } from './channels/email.js';
import { sendRobotMessage } from './channels/robots.js';
import { smsProviderFor } from './channels/sms.js';
import { sendWebhook } from './channels/webhooks.js';
import {
  findNotification,
  markNotification,
  type NotificationRecord,
  type OutboxChannel,
} from './notifications.repository.js';
import { findEndpoint, findRobot } from './settings.repository.js';

const payload = z.object({ notificationId: z.uuid() });
type DeliveryPayload = z.infer<typeof payload>;

/** E-mail keeps the job name it had before the other channels existed, so queued jobs still run. */
export const deliverNotificationSpec: JobSpec<DeliveryPayload> = { name: 'notifications.deliver', payload };
export const deliverSmsSpec: JobSpec<DeliveryPayload> = { name: 'notifications.deliver-sms', payload };
export const deliverRobotSpec: JobSpec<DeliveryPayload> = { name: 'notifications.deliver-robot', payload };
export const deliverWebhookSpec: JobSpec<DeliveryPayload> = {
  name: 'notifications.deliver-webhook',
  payload,
};

/** Which job delivers each channel's outbox rows. */
export const DELIVERY_JOBS: Record<OutboxChannel, JobSpec<DeliveryPayload>> = {
  email: deliverNotificationSpec,
  sms: deliverSmsSpec,
  wecom: deliverRobotSpec,
  dingtalk: deliverRobotSpec,
  webhook: deliverWebhookSpec,
};

type JobContext = Pick<AppContext, 'db' | 'clock' | 'config' | 'log'>;

/** What one channel does with one outbox row: sent, skipped (nothing to send it with), or throws to retry. */
export type SendOutcome = { status: 'sent' } | { status: 'skipped'; reason: string };
export type ChannelSender = (notification: NotificationRecord) => Promise<SendOutcome>;

const SENT: SendOutcome = { status: 'sent' };
const skipped = (reason: string): SendOutcome => ({ status: 'skipped', reason });

function emailSender(ctx: JobContext): ChannelSender {
  return async (notification) => {
    const smtpUrl = ctx.config.smtpUrl;
    if (!smtpUrl) return skipped('SMTP_URL is not configured');
    const domain = new URL(ctx.config.publicUrl ?? 'http://aftercare.localhost').hostname;
    const messageId = `<notification-${notification.id}@${domain}>`;
    const root = `<ticket-${notification.ticketId ?? notification.id}@${domain}>`;
    // Mail about an e-mail ticket continues the customer's own conversation (subject, In-Reply-To, References).
    const thread = await threadOutgoingEmail(ctx.db, notification, messageId);
    await sendEmail(smtpUrl, {
      from: ctx.config.mailFrom,
      to: notification.recipient,
      subject: thread?.subject ?? notification.subject,
      text: notification.body,
      messageId,
      references: thread?.references.length ? thread.references : root,
      inReplyTo: thread?.inReplyTo,
      replyTo: thread?.replyTo,
    });
    await thread?.recordSent(ctx.clock.now());
    return SENT;
  };
}

function smsSender(ctx: JobContext): ChannelSender {
  const provider = smsProviderFor(ctx.config, ctx.log.child({ category: 'notifications' }));
  return async (notification) => {
    if (!provider) return skipped('SMS_PROVIDER is none');
    await provider.send({
      id: notification.id,
      to: notification.recipient,
      text: notification.body,
      template: notification.template,
    });
    return SENT;
  };
}

function robotSender(ctx: JobContext): ChannelSender {
  return async (notification) => {
    const robot = await findRobot(ctx.db, notification.recipient);
    if (!robot) return skipped('the robot was deleted');
    if (!robot.isActive) return skipped('the robot is disabled');
    const content = notification.subject
      ? `${notification.subject}\n${notification.body}`
      : notification.body;
    await sendRobotMessage(robot, content, {
      nowMs: ctx.clock.now().getTime(),
      timeoutMs: ctx.config.notifyHttpTimeoutMs,
    });
    return SENT;
  };
}

function webhookSender(ctx: JobContext): ChannelSender {
  return async (notification) => {
    const endpoint = await findEndpoint(ctx.db, notification.recipient);
    if (!endpoint) return skipped('the endpoint was deleted');
    if (!endpoint.isActive) return skipped('the endpoint is disabled');
    await sendWebhook(
      endpoint,
      { id: notification.id, event: notification.subject, body: notification.body },
      {
        nowMs: ctx.clock.now().getTime(),
        timeoutMs: ctx.config.notifyHttpTimeoutMs,
        userAgent: `Aftercare/${VERSION}`,
      },
    );
    return SENT;
  };
}

/**
 * Delivers one outbox row. The queue hands a job to one worker at a time and retries a failure with
 * exponential backoff; a row already sent (or no longer pending) is not sent again. The row records each
 * attempt and the last error; the last allowed attempt that fails leaves it `dead` — a dead letter that
 * administrators see and can redeliver by hand.
 */
export async function deliverNotification(
  ctx: JobContext,
  send: ChannelSender,
  notificationId: string,
): Promise<void> {
  const notification = await findNotification(ctx.db, notificationId);
  // Gone, already sent, or dead-lettered meanwhile: nothing to do.
  if (notification?.status !== 'pending') return;
  let outcome: SendOutcome;
  try {
    outcome = await send(notification);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const isLast = notification.attempts + 1 >= notification.attemptLimit;
    await markNotification(ctx.db, notification.id, {
      status: isLast ? 'dead' : 'pending',
      error: message,
      at: ctx.clock.now(),
    });
    ctx.log.warn(
      {
        category: 'notifications',
        channel: notification.channel,
        notificationId,
        attempt: notification.attempts + 1,
        error: message,
      },
      isLast ? 'delivery failed for the last time; dead-lettered' : 'delivery failed; will retry',
    );
    if (isLast) return;
    throw error;
  }
  await markNotification(ctx.db, notification.id, {
    status: outcome.status,
    error: outcome.status === 'skipped' ? outcome.reason : null,
    at: ctx.clock.now(),
  });
}

function deliveryJob(ctx: JobContext, spec: JobSpec<DeliveryPayload>, send: ChannelSender) {
  return defineJob({
    ...spec,
    // The row's attempt limit (set when queued) decides when to give up; the queue only needs as many retries.
    retryLimit: ctx.config.notifyRetryLimit,
    retryDelaySeconds: ctx.config.notifyRetryDelaySeconds,
    handle: ({ notificationId }) => deliverNotification(ctx, send, notificationId),
  });
}

/** The e-mail delivery job (its export name predates the other channels). */
export const deliverNotificationJob = (ctx: JobContext) =>
  deliveryJob(ctx, deliverNotificationSpec, emailSender(ctx));

/** Every notification delivery job, one per channel kind. */
export const notificationJobs = (ctx: JobContext): JobDefinition<DeliveryPayload>[] => [
  deliverNotificationJob(ctx),
  deliveryJob(ctx, deliverSmsSpec, smsSender(ctx)),
  deliveryJob(ctx, deliverRobotSpec, robotSender(ctx)),
  deliveryJob(ctx, deliverWebhookSpec, webhookSender(ctx)),
];

/** Attempts a newly queued row gets: the first and every retry. */
export const attemptsPerRound = (config: Pick<AppContext['config'], 'notifyRetryLimit'>) =>
  config.notifyRetryLimit + 1;
