import type { InboxNotification } from './types';

/** Where opening a notification leads: its ticket, or the SLA board for a digest of overdue tickets. */
export function notificationTarget(item: InboxNotification): string | null {
  if (item.ticket) return `/tickets/${item.ticket.id}`;
  if (item.template === 'slaBreachDigest') return '/sla-board';
  return null;
}
