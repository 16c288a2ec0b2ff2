import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Principal } from '../auth/permissions.js';
import { STAFF_TEMPLATES } from './events.js';
import {
  countUnread,
  findStaffRecipient,
  type InboxItem,
  listInbox,
  markInboxRead,
} from './notifications.repository.js';
import { DEFAULT_SUBSCRIPTION } from './notifications.service.js';
import {
  listUserSubscriptions,
  type UserSubscription,
  upsertUserSubscription,
} from './settings.repository.js';

export function presentInboxItem(item: InboxItem) {
  return {
    id: item.id,
    template: item.template,
    subject: item.subject,
    body: item.body,
    ticket: item.ticketId && item.ticketNumber ? { id: item.ticketId, number: item.ticketNumber } : null,
    createdAt: item.createdAt.toISOString(),
    readAt: item.readAt?.toISOString() ?? null,
  };
}

/** The signed-in user's notifications, newest first, a page at a time. */
export async function listMyNotifications(
  ctx: AppContext,
  userId: string,
  query: { unread?: 'true' | 'false' | undefined; cursor?: number | undefined; limit: number },
) {
  const items = await listInbox(ctx.db, userId, {
    unreadOnly: query.unread === 'true',
    beforeSeq: query.cursor,
    limit: query.limit,
  });
  return {
    items: items.map(presentInboxItem),
    nextCursor: items.length === query.limit ? String(items.at(-1)!.seq) : null,
    unread: await countUnread(ctx.db, userId),
  };
}

export async function markMyNotificationsRead(
  ctx: AppContext,
  userId: string,
  which: { ids: string[] } | { all: true },
): Promise<{ unread: number }> {
  await markInboxRead(ctx.db, userId, 'ids' in which ? which.ids : 'all', ctx.clock.now());
  return { unread: await countUnread(ctx.db, userId) };
}

export async function myUnreadCount(ctx: AppContext, userId: string): Promise<{ unread: number }> {
  return { unread: await countUnread(ctx.db, userId) };
}

/** Every staff alert with the user's choice for it (in-app only where they chose nothing). */
export async function mySubscriptions(ctx: AppContext, principal: Principal) {
  const stored = new Map(
    (await listUserSubscriptions(ctx.db, principal.userId)).map((row) => [row.template, row]),
  );
  const user = await findStaffRecipient(ctx.db, principal.userId);
  return {
    items: STAFF_TEMPLATES.map((template) => {
      const { inApp, email, sms } = stored.get(template) ?? DEFAULT_SUBSCRIPTION;
      return { template, inApp, email, sms };
    }),
    channels: {
      email: Boolean(ctx.config.smtpUrl && user?.email),
      sms: ctx.config.sms.provider !== 'none' && Boolean(user?.phone),
    },
  };
}

export async function updateMySubscriptions(
  ctx: AppContext,
  actor: Actor,
  principal: Principal,
  items: (UserSubscription & { template: (typeof STAFF_TEMPLATES)[number] })[],
) {
  await ctx.db.transaction(async (tx) => {
    const before = await listUserSubscriptions(tx, principal.userId);
    for (const item of items) await upsertUserSubscription(tx, principal.userId, item);
    await recordAudit(tx, actor, {
      action: 'notification_subscriptions.updated',
      entityType: 'user',
      entityId: principal.userId,
      before,
      after: items,
    });
  });
  return mySubscriptions(ctx, principal);
}
