import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob, type JobSpec } from '../../platform/queue.js';
import { sendEmail } from './email.js';
import { findNotification, markNotification } from './notifications.repository.js';

const payload = z.object({ notificationId: z.uuid() });

export const deliverNotificationSpec: JobSpec<z.infer<typeof payload>> = {
  name: 'notifications.deliver',
  payload,
  retryLimit: 8,
  retryDelaySeconds: 30,
};

/**
 * Delivers one queued message. The queue hands a job to one worker at a time and retries a failure
 * with backoff; a message already sent is not sent again.
 */
export const deliverNotificationJob = (ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'log'>) =>
  defineJob({
    ...deliverNotificationSpec,
    async handle({ notificationId }) {
      const notification = await findNotification(ctx.db, notificationId);
      if (!notification || notification.status !== 'pending') return;
      const smtpUrl = ctx.config.smtpUrl;
      if (notification.channel !== 'email' || !smtpUrl) {
        const reason =
          notification.channel === 'email'
            ? 'SMTP_URL is not configured'
            : `no ${notification.channel} channel`;
        await markNotification(ctx.db, notification.id, {
          status: 'skipped',
          error: reason,
          at: ctx.clock.now(),
        });
        return;
      }
      const domain = new URL(ctx.config.publicUrl ?? 'http://aftercare.localhost').hostname;
      try {
        await sendEmail(smtpUrl, {
          from: ctx.config.mailFrom,
          to: notification.recipient,
          subject: notification.subject,
          text: notification.body,
          messageId: `<notification-${notification.id}@${domain}>`,
          references: `<ticket-${notification.ticketId ?? notification.id}@${domain}>`,
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await markNotification(ctx.db, notification.id, {
          status: 'pending',
          error: message,
          at: ctx.clock.now(),
        });
        ctx.log.warn(
          { category: 'notifications', notificationId, error: message },
          'delivery failed; will retry',
        );
        throw error;
      }
      await markNotification(ctx.db, notification.id, { status: 'sent', error: null, at: ctx.clock.now() });
    },
  });
