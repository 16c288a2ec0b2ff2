import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Locale, MessageKey, MessageParams } from '../../platform/i18n/translate.js';
import { translate } from '../../platform/i18n/translate.js';
import { deliverNotificationSpec } from './notifications.jobs.js';
import { insertNotification } from './notifications.repository.js';

/** Messages to customers, rendered when queued so they say what was true at that moment. */
export type CustomerTemplate =
  | 'ticketAcknowledged'
  | 'ticketReplied'
  | 'ticketResolved'
  | 'ticketClosed'
  | 'ticketReopened'
  | 'progressUpdate';
/** Alerts to staff. */
export type StaffTemplate =
  | 'ticketAssigned'
  | 'urgentTicketForLead'
  | 'ticketDeclined'
  | 'escalationRequested'
  | 'planAwaitingApproval'
  | 'collaborationRequested'
  | 'slaWarning'
  | 'slaBreached'
  | 'progressUpdateDue';

const subjectKey = (template: string) => `notify.${template}.subject` as MessageKey;
const bodyKey = (template: string) => `notify.${template}.body` as MessageKey;

/**
 * Queues a message to a customer on the channel they can be reached on (e-mail today), in the same
 * transaction as the change it reports; a background job delivers it.
 */
export async function queueCustomerMessage(
  ctx: Pick<AppContext, 'queue' | 'clock' | 'config'>,
  tx: Queryable,
  message: {
    ticketId: string;
    email: string | null;
    template: CustomerTemplate;
    params: MessageParams;
    locale?: Locale;
  },
): Promise<void> {
  if (!message.email) return;
  const locale = message.locale ?? ctx.config.defaultLocale;
  const id = await insertNotification(tx, {
    ticketId: message.ticketId,
    channel: 'email',
    recipient: message.email,
    template: message.template,
    locale,
    subject: translate(locale, subjectKey(message.template), message.params),
    body: translate(locale, bodyKey(message.template), message.params),
    status: 'pending',
    createdAt: ctx.clock.now(),
  });
  await ctx.queue.enqueue(tx, deliverNotificationSpec, { notificationId: id });
}

/** Records an in-app alert for a staff member (shown in their notification list). */
export async function queueStaffAlert(
  ctx: Pick<AppContext, 'clock'>,
  tx: Queryable,
  alert: { ticketId: string; userId: string; template: StaffTemplate; params: MessageParams; locale: Locale },
): Promise<void> {
  await insertNotification(tx, {
    ticketId: alert.ticketId,
    channel: 'in_app',
    recipient: alert.userId,
    template: alert.template,
    locale: alert.locale,
    subject: translate(alert.locale, subjectKey(alert.template), alert.params),
    body: translate(alert.locale, bodyKey(alert.template), alert.params),
    status: 'sent',
    createdAt: ctx.clock.now(),
  });
}
