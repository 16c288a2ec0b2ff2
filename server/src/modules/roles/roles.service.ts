import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { DEFAULT_ROLES, isPermission, PERMISSION_CATALOGUE, PERMISSIONS } from '../auth/permissions.js';
import {
  deleteRole,
  findRoleById,
  findRoleByKey,
  insertRole,
  listRoles,
  type RoleRecord,
  updateRole,
} from './roles.repository.js';
import type { CreateRoleInput, UpdateRoleInput } from './roles.schema.js';

export const listPermissions = () => PERMISSIONS.map((key) => ({ key, group: PERMISSION_CATALOGUE[key] }));

function validPermissions(permissions: string[]): string[] {
  const unknown = permissions.filter((permission) => !isPermission(permission));
  if (unknown.length) {
    throw new AppError('validation_failed', 'roles.unknownPermission', {
      field: 'body.permissions',
      params: { permissions: unknown.join(', ') },
    });
  }
  // Stored in catalogue order so the same set always looks the same.
  return PERMISSIONS.filter((permission) => permissions.includes(permission));
}

const audited = ({ userCount: _userCount, ...role }: RoleRecord) => role;

async function requireRole(db: Queryable, id: string): Promise<RoleRecord> {
  const role = await findRoleById(db, id);
  if (!role) throw notFound('roles.notFound');
  return role;
}

/** Installs the default roles that do not exist yet; never changes an existing role. */
export async function ensureDefaultRoles(db: Queryable): Promise<void> {
  for (const role of DEFAULT_ROLES) {
    await insertRole(db, { ...role, isSystem: true });
  }
}

export const listAllRoles = (ctx: AppContext) => listRoles(ctx.db);

export async function createRole(ctx: AppContext, actor: Actor, input: CreateRoleInput) {
  const permissions = validPermissions(input.permissions);
  return ctx.db.transaction(async (tx) => {
    if (await findRoleByKey(tx, input.key)) {
      throw new AppError('conflict', 'roles.keyTaken', { field: 'body.key', params: { key: input.key } });
    }
    const id = await insertRole(tx, {
      key: input.key,
      name: input.name,
      description: input.description ?? '',
      permissions,
      isSystem: false,
    });
    const role = await requireRole(tx, id!);
    await recordAudit(tx, actor, {
      action: 'role.created',
      entityType: 'role',
      entityId: role.id,
      after: audited(role),
    });
    return role;
  });
}

export async function updateRoleById(ctx: AppContext, actor: Actor, id: string, input: UpdateRoleInput) {
  return ctx.db.transaction(async (tx) => {
    const before = await requireRole(tx, id);
    const permissions = input.permissions ? validPermissions(input.permissions) : before.permissions;
    if (before.key === 'administrator' && !permissions.includes('roles.manage')) {
      throw new AppError('conflict', 'roles.administratorKeepsRoles', {
        field: 'body.permissions',
      });
    }
    await updateRole(
      tx,
      id,
      { name: input.name ?? before.name, description: input.description ?? before.description, permissions },
      ctx.clock.now(),
    );
    const after = await requireRole(tx, id);
    await recordAudit(tx, actor, {
      action: 'role.updated',
      entityType: 'role',
      entityId: id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}

export async function deleteRoleById(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const role = await requireRole(tx, id);
    if (role.isSystem) throw new AppError('conflict', 'roles.builtIn');
    if (role.userCount > 0) {
      throw new AppError('conflict', 'roles.inUse', { params: { count: role.userCount } });
    }
    await deleteRole(tx, id);
    await recordAudit(tx, actor, {
      action: 'role.deleted',
      entityType: 'role',
      entityId: id,
      before: audited(role),
    });
  });
}
