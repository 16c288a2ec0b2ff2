import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { assertPasswordAcceptable, endAllSessions, isLocked } from '../auth/auth.service.js';
import { hashPassword } from '../auth/passwords.js';
import { countExistingGroups } from '../groups/groups.repository.js';
import { findRoleById } from '../roles/roles.repository.js';
import {
  clearLock,
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  setPasswordHash,
  setUserGroups,
  type UserFilter,
  type UserRecord,
  updateUser,
} from './users.repository.js';
import type { CreateUserInput, UpdateUserInput } from './users.schema.js';

/** The public shape of a user (never the password hash), used by the API and the audit trail. */
export function presentUser(user: UserRecord, now: Date) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    phone: user.phone,
    locale: user.locale,
    isActive: user.isActive,
    isLocked: isLocked(user, now),
    lockedUntil: isoOrNull(user.lockedUntil),
    failedSignIns: user.failedSignIns,
    lastSignInAt: isoOrNull(user.lastSignInAt),
    role: user.role,
    groups: user.groups,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
  };
}

/** What the audit trail keeps of a user: the editable fields, not sign-in bookkeeping. */
function auditedUser(user: UserRecord) {
  return {
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    phone: user.phone,
    locale: user.locale,
    isActive: user.isActive,
    role: user.role.key,
    groups: user.groups.map((group) => group.key),
  };
}

async function requireUser(db: Queryable, id: string): Promise<UserRecord> {
  const user = await findUserById(db, id);
  if (!user) throw notFound('users.notFound');
  return user;
}

async function assertRoleExists(db: Queryable, roleId: string) {
  if (!(await findRoleById(db, roleId))) {
    throw new AppError('validation_failed', 'users.noSuchRole', { field: 'body.roleId' });
  }
}

async function assertGroupsExist(db: Queryable, groupIds: string[]) {
  const unique = [...new Set(groupIds)];
  if ((await countExistingGroups(db, unique)) !== unique.length) {
    throw new AppError('validation_failed', 'users.noSuchGroup', { field: 'body.groupIds' });
  }
}

/** Refuses a change that would leave nobody able to manage users. */
async function assertAdministrationRemains(db: Queryable) {
  const rows = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM users u JOIN roles r ON r.id = u.role_id
      WHERE u.is_active AND 'users.manage' = ANY(r.permissions)`,
  );
  if ((rows[0]?.count ?? 0) === 0) {
    throw new AppError('conflict', 'users.lastAdministrator');
  }
}

export async function listUsersFor(ctx: AppContext, filter: Omit<UserFilter, 'now'>) {
  const now = ctx.clock.now();
  return (await listUsers(ctx.db, { ...filter, now })).map((user) => presentUser(user, now));
}

export async function getUser(ctx: AppContext, id: string) {
  return presentUser(await requireUser(ctx.db, id), ctx.clock.now());
}

export async function createUser(ctx: AppContext, actor: Actor, input: CreateUserInput) {
  assertPasswordAcceptable(input.password, 'body.password');
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  const user = await ctx.db.transaction(async (tx) => {
    if (await findUserByUsername(tx, input.username)) {
      throw new AppError('conflict', 'users.usernameTaken', {
        field: 'body.username',
        params: { username: input.username },
      });
    }
    await assertRoleExists(tx, input.roleId);
    if (input.groupIds) await assertGroupsExist(tx, input.groupIds);
    const id = await insertUser(tx, {
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      phone: input.phone ?? null,
      passwordHash,
      roleId: input.roleId,
      locale: input.locale ?? ctx.config.defaultLocale,
    });
    if (input.groupIds?.length) await setUserGroups(tx, id, [...new Set(input.groupIds)]);
    const created = await requireUser(tx, id);
    await recordAudit(tx, actor, {
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      after: auditedUser(created),
    });
    return created;
  });
  return presentUser(user, now);
}

export async function updateUserById(ctx: AppContext, actor: Actor, id: string, input: UpdateUserInput) {
  const now = ctx.clock.now();
  const { user, deactivated } = await ctx.db.transaction(async (tx) => {
    const before = await requireUser(tx, id);
    if (input.roleId) await assertRoleExists(tx, input.roleId);
    if (input.groupIds) await assertGroupsExist(tx, input.groupIds);
    await updateUser(
      tx,
      id,
      {
        displayName: input.displayName,
        email: input.email,
        phone: input.phone,
        roleId: input.roleId,
        locale: input.locale,
        isActive: input.isActive,
      },
      now,
    );
    if (input.groupIds) await setUserGroups(tx, id, [...new Set(input.groupIds)]);
    if (input.isActive === false || input.roleId) await assertAdministrationRemains(tx);
    const after = await requireUser(tx, id);
    await recordAudit(tx, actor, {
      action: 'user.updated',
      entityType: 'user',
      entityId: id,
      before: auditedUser(before),
      after: auditedUser(after),
    });
    return { user: after, deactivated: before.isActive && !after.isActive };
  });
  if (deactivated) await endAllSessions(ctx, id);
  return presentUser(user, now);
}

export async function unlockUser(ctx: AppContext, actor: Actor, id: string) {
  const now = ctx.clock.now();
  const user = await ctx.db.transaction(async (tx) => {
    const before = await requireUser(tx, id);
    await clearLock(tx, id, now);
    await recordAudit(tx, actor, {
      action: 'user.unlocked',
      entityType: 'user',
      entityId: id,
      before: { failedSignIns: before.failedSignIns, lockedUntil: before.lockedUntil },
      after: { failedSignIns: 0, lockedUntil: null },
    });
    return requireUser(tx, id);
  });
  return presentUser(user, now);
}

export async function resetPassword(ctx: AppContext, actor: Actor, id: string, password: string) {
  assertPasswordAcceptable(password, 'body.password');
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    await requireUser(tx, id);
    await setPasswordHash(tx, id, passwordHash, ctx.clock.now());
    await clearLock(tx, id, ctx.clock.now());
    await recordAudit(tx, actor, { action: 'user.password_reset', entityType: 'user', entityId: id });
  });
  await endAllSessions(ctx, id);
}
