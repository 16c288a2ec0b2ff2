import type { AppContext } from '../../platform/context.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { categoryGroupId } from '../classification/classification.service.js';
import { pickAssignee, type RoutingStrategy } from './routing.js';
import {
  findGroupLead,
  findGroupLeads,
  findGroupRouting,
  findUserRouting,
  groupMemberLoads,
  listGroupRouting,
  lockGroupForRouting,
  setLastAssigned,
  setRoutingStrategy,
  updateUserRouting,
} from './routing.repository.js';
import type { UpdateUserRoutingInput } from './routing.schema.js';

export interface RouteInput {
  /** A group chosen explicitly (by the agent or a rule); wins over the category's group. */
  groupId: string | null;
  categoryId: string | null;
  productLine: string | null;
  region: string | null;
}

export interface RouteResult {
  groupId: string | null;
  ownerUserId: string | null;
}

/**
 * Dispatches a new ticket (R3.1, R3.2): the group is the given one, else the category's (walking up the
 * tree); the owner is picked among the group's active members by the group's strategy. Call it inside
 * the transaction that stores the ticket. Load-based strategies (least open, skill) decide under the
 * group row's lock held until that transaction commits, so concurrent creations — on any server — take
 * turns and each sees the tickets the previous ones stored. Round robin needs only the pointer: given
 * the database (`options.db`) and on PostgreSQL, it moves the pointer in a short transaction of its own,
 * so concurrent creations in one group wait for each other's turn-taking, not for each other's whole
 * creation; a creation that then fails has used up its member's turn.
 * An unknown `groupId` is refused as `body.groupId`.
 */
export async function routeTicket(
  tx: Queryable,
  input: RouteInput,
  options: { db?: Database } = {},
): Promise<RouteResult> {
  const groupId = input.groupId ?? (input.categoryId ? await categoryGroupId(tx, input.categoryId) : null);
  if (!groupId) return { groupId: null, ownerUserId: null };
  const beside = options.db?.besideTransaction;
  if (beside) {
    const decided = await beside((side) => decideOwner(side, groupId, input, LOCK_FREE_STRATEGIES));
    if (decided) return decided;
  }
  return (await decideOwner(tx, groupId, input))!;
}

/** Strategies that need no look at other tickets, only at the group's pointer. */
const LOCK_FREE_STRATEGIES: ReadonlySet<RoutingStrategy> = new Set(['round_robin', 'manual']);

/** Picks the owner under the group row's lock; undefined when the group's strategy is not in `only`. */
async function decideOwner(
  tx: Queryable,
  groupId: string,
  input: RouteInput,
  only?: ReadonlySet<RoutingStrategy>,
): Promise<RouteResult | undefined> {
  const group = await lockGroupForRouting(tx, groupId);
  if (!group) throw new AppError('validation_failed', 'routing.noSuchGroup', { field: 'body.groupId' });
  if (only && !only.has(group.strategy)) return undefined;
  if (group.strategy === 'manual') return { groupId, ownerUserId: null };
  const members = await groupMemberLoads(tx, groupId, { activeOnly: true });
  const ownerUserId = pickAssignee(
    group.strategy,
    members,
    { productLine: input.productLine, region: input.region },
    group.lastAssignedUserId,
  );
  if (ownerUserId) await setLastAssigned(tx, groupId, ownerUserId);
  return { groupId, ownerUserId };
}

/**
 * The user id of who answers for a group (R2.3 escalation, R3.3 declined assignments, R4.4 approval):
 * its active lead, else the nearest department's above it; null when there is none.
 */
export async function groupLeadOf(db: Queryable, groupId: string): Promise<string | null> {
  return (await findGroupLead(db, groupId))?.id ?? null;
}

/** Like `groupLeadOf`, with the lead's username and display name. */
export const groupLeadRefOf = (db: Queryable, groupId: string) => findGroupLead(db, groupId);

/** `groupLeadOf` for several groups in one read: each group's lead's user id, or null. */
export async function groupLeadsOf(
  db: Queryable,
  groupIds: readonly string[],
): Promise<Map<string, string | null>> {
  const leads = await findGroupLeads(db, groupIds);
  return new Map(groupIds.map((groupId) => [groupId, leads.get(groupId)?.id ?? null]));
}

export const routingOverview = (ctx: AppContext) => listGroupRouting(ctx.db);

export async function updateGroupRoutingStrategy(
  ctx: AppContext,
  actor: Actor,
  groupId: string,
  strategy: RoutingStrategy,
) {
  return ctx.db.transaction(async (tx) => {
    const before = await findGroupRouting(tx, groupId);
    if (!before) throw notFound('groups.notFound');
    await setRoutingStrategy(tx, groupId, strategy, ctx.clock.now());
    await recordAudit(tx, actor, {
      action: 'group.routing_updated',
      entityType: 'group',
      entityId: groupId,
      before: { key: before.key, routingStrategy: before.routingStrategy },
      after: { key: before.key, routingStrategy: strategy },
    });
    return (await findGroupRouting(tx, groupId))!;
  });
}

const unique = (values: readonly string[]) =>
  [...new Set(values.map((value) => value.trim()))].filter(Boolean);

export async function updateUserRoutingProfile(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  input: UpdateUserRoutingInput,
) {
  return ctx.db.transaction(async (tx) => {
    const before = await findUserRouting(tx, userId);
    if (!before) throw notFound('users.notFound');
    await updateUserRouting(
      tx,
      userId,
      {
        productLines: input.productLines ? unique(input.productLines) : before.productLines,
        regions: input.regions ? unique(input.regions) : before.regions,
        acceptsAssignments: input.acceptsAssignments ?? before.acceptsAssignments,
      },
      ctx.clock.now(),
    );
    const after = (await findUserRouting(tx, userId))!;
    const audited = ({ id: _id, displayName: _name, ...skills }: typeof after) => skills;
    await recordAudit(tx, actor, {
      action: 'user.routing_updated',
      entityType: 'user',
      entityId: userId,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}
