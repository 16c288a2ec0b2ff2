import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import {
  countChildGroups,
  deleteGroup,
  findGroupById,
  findGroupByKey,
  type GroupRecord,
  insertGroup,
  isSelfOrAncestor,
  listGroups,
  setGroupMembers,
  updateGroup,
} from './groups.repository.js';
import type { CreateGroupInput, UpdateGroupInput } from './groups.schema.js';

async function requireGroup(db: Queryable, id: string): Promise<GroupRecord> {
  const group = await findGroupById(db, id);
  if (!group) throw notFound('groups.notFound');
  return group;
}

async function assertUsersExist(db: Queryable, ids: string[], field: string) {
  const unique = [...new Set(ids)];
  const rows = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM users WHERE id = ANY($1::uuid[])',
    [unique],
  );
  if ((rows[0]?.count ?? 0) !== unique.length) {
    throw new AppError('validation_failed', 'groups.noSuchUser', { field });
  }
}

async function assertParentValid(db: Queryable, parentId: string, groupId: string | null) {
  if (!(await findGroupById(db, parentId))) {
    throw new AppError('validation_failed', 'groups.noSuchParent', { field: 'body.parentId' });
  }
  if (groupId && (await isSelfOrAncestor(db, groupId, parentId))) {
    throw new AppError('validation_failed', 'groups.parentCycle', { field: 'body.parentId' });
  }
}

const audited = (group: GroupRecord) => ({
  key: group.key,
  name: group.name,
  description: group.description,
  kind: group.kind,
  parentId: group.parentId,
  lead: group.lead?.username ?? null,
  members: group.members.map((member) => member.username),
});

export const listAllGroups = (ctx: AppContext) => listGroups(ctx.db);

export async function createGroup(ctx: AppContext, actor: Actor, input: CreateGroupInput) {
  return ctx.db.transaction(async (tx) => {
    if (await findGroupByKey(tx, input.key)) {
      throw new AppError('conflict', 'groups.keyTaken', { field: 'body.key', params: { key: input.key } });
    }
    if (input.parentId) await assertParentValid(tx, input.parentId, null);
    if (input.leadUserId) await assertUsersExist(tx, [input.leadUserId], 'body.leadUserId');
    if (input.memberIds) await assertUsersExist(tx, input.memberIds, 'body.memberIds');
    const id = await insertGroup(tx, {
      key: input.key,
      kind: input.kind,
      name: input.name,
      description: input.description ?? '',
      parentId: input.parentId ?? null,
      leadUserId: input.leadUserId ?? null,
    });
    if (input.memberIds?.length) await setGroupMembers(tx, id, [...new Set(input.memberIds)]);
    const group = await requireGroup(tx, id);
    await recordAudit(tx, actor, {
      action: 'group.created',
      entityType: 'group',
      entityId: id,
      after: audited(group),
    });
    return group;
  });
}

export async function updateGroupById(ctx: AppContext, actor: Actor, id: string, input: UpdateGroupInput) {
  return ctx.db.transaction(async (tx) => {
    const before = await requireGroup(tx, id);
    if (input.parentId) await assertParentValid(tx, input.parentId, id);
    if (input.leadUserId) await assertUsersExist(tx, [input.leadUserId], 'body.leadUserId');
    if (input.memberIds) await assertUsersExist(tx, input.memberIds, 'body.memberIds');
    await updateGroup(
      tx,
      id,
      {
        name: input.name ?? before.name,
        description: input.description ?? before.description,
        parentId: input.parentId === undefined ? before.parentId : input.parentId,
        leadUserId: input.leadUserId === undefined ? (before.lead?.id ?? null) : input.leadUserId,
      },
      ctx.clock.now(),
    );
    if (input.memberIds) await setGroupMembers(tx, id, [...new Set(input.memberIds)]);
    const after = await requireGroup(tx, id);
    await recordAudit(tx, actor, {
      action: 'group.updated',
      entityType: 'group',
      entityId: id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}

export async function deleteGroupById(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const group = await requireGroup(tx, id);
    if ((await countChildGroups(tx, id)) > 0) {
      throw new AppError('conflict', 'groups.hasChildren');
    }
    await deleteGroup(tx, id);
    await recordAudit(tx, actor, {
      action: 'group.deleted',
      entityType: 'group',
      entityId: id,
      before: audited(group),
    });
  });
}
