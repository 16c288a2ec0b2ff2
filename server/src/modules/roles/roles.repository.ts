import type { Queryable } from '../../platform/db/database.js';

export interface RoleRecord {
  id: string;
  key: string;
  name: string;
  description: string;
  permissions: string[];
  isSystem: boolean;
  userCount: number;
}

type RoleRow = {
  id: string;
  key: string;
  name: string;
  description: string;
  permissions: string[];
  is_system: boolean;
  user_count: number;
};

const SELECT_ROLE = `
  SELECT r.id, r.key, r.name, r.description, r.permissions, r.is_system,
         (SELECT count(*) FROM users u WHERE u.role_id = r.id) AS user_count
    FROM roles r`;

const toRole = (row: RoleRow): RoleRecord => ({
  id: row.id,
  key: row.key,
  name: row.name,
  description: row.description,
  permissions: row.permissions,
  isSystem: row.is_system,
  userCount: row.user_count,
});

export async function listRoles(db: Queryable): Promise<RoleRecord[]> {
  return (await db.query<RoleRow>(`${SELECT_ROLE} ORDER BY r.is_system DESC, r.created_at, r.key`)).map(
    toRole,
  );
}

export async function findRoleById(db: Queryable, id: string): Promise<RoleRecord | undefined> {
  const rows = await db.query<RoleRow>(`${SELECT_ROLE} WHERE r.id = $1`, [id]);
  return rows[0] && toRole(rows[0]);
}

export async function findRoleByKey(db: Queryable, key: string): Promise<RoleRecord | undefined> {
  const rows = await db.query<RoleRow>(`${SELECT_ROLE} WHERE r.key = $1`, [key]);
  return rows[0] && toRole(rows[0]);
}

export async function insertRole(
  db: Queryable,
  role: { key: string; name: string; description: string; permissions: string[]; isSystem: boolean },
): Promise<string | undefined> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO roles (key, name, description, permissions, is_system) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [role.key, role.name, role.description, role.permissions, role.isSystem],
  );
  return rows[0]?.id;
}

export async function updateRole(
  db: Queryable,
  id: string,
  changes: { name: string; description: string; permissions: string[] },
  now: Date,
): Promise<void> {
  await db.query(
    'UPDATE roles SET name = $2, description = $3, permissions = $4, updated_at = $5 WHERE id = $1',
    [id, changes.name, changes.description, changes.permissions, now],
  );
}

export async function deleteRole(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM roles WHERE id = $1', [id]);
}
