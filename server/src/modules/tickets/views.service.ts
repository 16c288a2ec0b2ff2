import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Caller } from './access.js';
import { loadTicketPolicy, saveTicketPolicy, type TicketPolicy } from './policy.js';
import {
  deleteSavedView,
  insertSavedView,
  listSavedViews,
  type SavedViewRecord,
} from './requests.repository.js';

const presentView = (view: SavedViewRecord) => ({ ...view, createdAt: view.createdAt.toISOString() });

/** Saved inbox views: the caller's own and the shared ones. */
export async function listViews(ctx: AppContext, caller: Caller) {
  return (await listSavedViews(ctx.db, caller.principal.userId)).map(presentView);
}

export async function createView(
  ctx: AppContext,
  caller: Caller,
  input: { name: string; filters: Record<string, unknown>; isShared: boolean },
) {
  return ctx.db.transaction(async (tx) => {
    const view = await insertSavedView(tx, { userId: caller.principal.userId, ...input });
    await recordAudit(tx, caller.actor, {
      action: 'ticket_view.created',
      entityType: 'ticket_view',
      entityId: view.id,
      after: input,
    });
    return presentView(view);
  });
}

export async function removeView(ctx: AppContext, caller: Caller, id: string) {
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteSavedView(tx, id, caller.principal.userId)))
      throw new AppError('not_found', 'tickets.viewNotFound');
    await recordAudit(tx, caller.actor, {
      action: 'ticket_view.deleted',
      entityType: 'ticket_view',
      entityId: id,
    });
  });
}

export const getTicketPolicy = (ctx: AppContext) => loadTicketPolicy(ctx.db);

export async function updateTicketPolicy(ctx: AppContext, caller: Caller, policy: TicketPolicy) {
  return ctx.db.transaction(async (tx) => {
    const before = await loadTicketPolicy(tx);
    await saveTicketPolicy(tx, policy, ctx.clock.now());
    await recordAudit(tx, caller.actor, {
      action: 'ticket_policy.updated',
      entityType: 'setting',
      entityId: 'tickets.policy',
      before,
      after: policy,
    });
    return policy;
  });
}
