import type { Queryable } from '../../platform/db/database.js';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  locale: 'zh-CN' | 'en';
  isActive: boolean;
  failedSignIns: number;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  role: { id: string; key: string; name: string };
  permissions: string[];
  groups: { id: string; key: string; name: string }[];
}

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  locale: 'zh-CN' | 'en';
  is_active: boolean;
  failed_sign_ins: number;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  role_id: string;
  role_key: string;
  role_name: string;
  permissions: string[];
  groups: { id: string; key: string; name: string }[];
};

const SELECT_USER = `
  SELECT u.id, u.username, u.display_name, u.email, u.phone, u.locale, u.is_active, u.failed_sign_ins,
         u.locked_until, u.last_sign_in_at, u.created_at, u.updated_at,
         r.id AS role_id, r.key AS role_key, r.name AS role_name, r.permissions,
         coalesce((SELECT json_agg(json_build_object('id', g.id, 'key', g.key, 'name', g.name) ORDER BY g.name)
                     FROM group_members gm JOIN groups g ON g.id = gm.group_id
                    WHERE gm.user_id = u.id), '[]'::json) AS groups
    FROM users u JOIN roles r ON r.id = u.role_id`;

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    locale: row.locale,
    isActive: row.is_active,
    failedSignIns: row.failed_sign_ins,
    lockedUntil: row.locked_until,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    role: { id: row.role_id, key: row.role_key, name: row.role_name },
    permissions: row.permissions,
    groups: row.groups,
  };
}

export async function findUserById(db: Queryable, id: string): Promise<UserRecord | undefined> {
  const rows = await db.query<UserRow>(`${SELECT_USER} WHERE u.id = $1`, [id]);
  return rows[0] && toUser(rows[0]);
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRecord | undefined> {
  const rows = await db.query<UserRow>(`${SELECT_USER} WHERE lower(u.username) = lower($1)`, [username]);
  return rows[0] && toUser(rows[0]);
}

export interface UserFilter {
  q?: string | undefined;
  roleId?: string | undefined;
  groupId?: string | undefined;
  status?: 'active' | 'disabled' | 'locked' | undefined;
  now: Date;
}

export async function listUsers(db: Queryable, filter: UserFilter): Promise<UserRecord[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.q) {
    const pattern = param(`%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
    conditions.push(
      `(u.username ILIKE ${pattern} OR u.display_name ILIKE ${pattern} OR u.email ILIKE ${pattern})`,
    );
  }
  if (filter.roleId) conditions.push(`u.role_id = ${param(filter.roleId)}`);
  if (filter.groupId) {
    conditions.push(
      `EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = u.id AND gm.group_id = ${param(filter.groupId)})`,
    );
  }
  if (filter.status === 'active') conditions.push('u.is_active');
  if (filter.status === 'disabled') conditions.push('NOT u.is_active');
  if (filter.status === 'locked') conditions.push(`u.locked_until > ${param(filter.now)}`);
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = await db.query<UserRow>(`${SELECT_USER} ${where} ORDER BY u.username`, params);
  return rows.map(toUser);
}

export async function countUsers(db: Queryable): Promise<number> {
  const rows = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM users');
  return rows[0]?.count ?? 0;
}

export interface NewUser {
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  passwordHash: string;
  roleId: string;
  locale: 'zh-CN' | 'en';
}

export async function insertUser(db: Queryable, user: NewUser): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO users (username, display_name, email, phone, password_hash, role_id, locale)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [user.username, user.displayName, user.email, user.phone, user.passwordHash, user.roleId, user.locale],
  );
  return rows[0]!.id;
}

export interface UserChanges {
  displayName?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  roleId?: string | undefined;
  locale?: 'zh-CN' | 'en' | undefined;
  isActive?: boolean | undefined;
}

const COLUMN_OF: Record<keyof UserChanges, string> = {
  displayName: 'display_name',
  email: 'email',
  phone: 'phone',
  roleId: 'role_id',
  locale: 'locale',
  isActive: 'is_active',
};

export async function updateUser(db: Queryable, id: string, changes: UserChanges, now: Date): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [key, value] of Object.entries(changes) as [keyof UserChanges, unknown][]) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${COLUMN_OF[key]} = $${params.length}`);
  }
  params.push(now);
  sets.push(`updated_at = $${params.length}`);
  await db.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $1`, params);
}

export async function setUserGroups(db: Queryable, userId: string, groupIds: string[]): Promise<void> {
  await db.query('DELETE FROM group_members WHERE user_id = $1 AND NOT (group_id = ANY($2::uuid[]))', [
    userId,
    groupIds,
  ]);
  await db.query(
    `INSERT INTO group_members (group_id, user_id) SELECT unnest($2::uuid[]), $1 ON CONFLICT DO NOTHING`,
    [userId, groupIds],
  );
}

export async function setPasswordHash(
  db: Queryable,
  id: string,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await db.query(
    'UPDATE users SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1',
    [id, passwordHash, now],
  );
}

export async function findPasswordHash(db: Queryable, id: string): Promise<string | undefined> {
  const rows = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
    id,
  ]);
  return rows[0]?.password_hash;
}

/**
 * Counts a failed sign-in and locks the account until `lockUntil` once `maxFailures` is reached.
 * A lock that has run out starts the count afresh.
 */
export async function recordFailedSignIn(
  db: Queryable,
  id: string,
  maxFailures: number,
  now: Date,
  lockUntil: Date,
): Promise<{ failedSignIns: number; lockedUntil: Date | null }> {
  const rows = await db.query<{ failed_sign_ins: number; locked_until: Date | null }>(
    `UPDATE users SET
            failed_sign_ins = CASE WHEN locked_until <= $3 THEN 1 ELSE failed_sign_ins + 1 END,
            locked_until = CASE WHEN (CASE WHEN locked_until <= $3 THEN 1 ELSE failed_sign_ins + 1 END) >= $2
                                THEN $4::timestamptz ELSE NULL END
      WHERE id = $1 RETURNING failed_sign_ins, locked_until`,
    [id, maxFailures, now, lockUntil],
  );
  return { failedSignIns: rows[0]!.failed_sign_ins, lockedUntil: rows[0]!.locked_until };
}

export async function recordSuccessfulSignIn(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(
    'UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = $2 WHERE id = $1',
    [id, now],
  );
}

export async function clearLock(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE users SET failed_sign_ins = 0, locked_until = NULL, updated_at = $2 WHERE id = $1', [
    id,
    now,
  ]);
}
