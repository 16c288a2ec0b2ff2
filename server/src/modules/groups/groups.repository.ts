import type { Queryable } from '../../platform/db/database.js';

type UserRef = { id: string; username: string; displayName: string };

export interface GroupRecord {
  id: string;
  key: string;
  name: string;
  description: string;
  kind: 'department' | 'group';
  parentId: string | null;
  lead: UserRef | null;
  members: UserRef[];
}

type GroupRow = {
  id: string;
  key: string;
  name: string;
  description: string;
  kind: 'department' | 'group';
  parent_id: string | null;
  lead: UserRef | null;
  members: UserRef[];
};

const SELECT_GROUP = `
  SELECT g.id, g.key, g.name, g.description, g.kind, g.parent_id,
         (SELECT json_build_object('id', l.id, 'username', l.username, 'displayName', l.display_name)
            FROM users l WHERE l.id = g.lead_user_id) AS lead,
         coalesce((SELECT json_agg(json_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name)
                                   ORDER BY u.username)
                     FROM group_members gm JOIN users u ON u.id = gm.user_id
                    WHERE gm.group_id = g.id), '[]'::json) AS members
    FROM groups g`;

const toGroup = (row: GroupRow): GroupRecord => ({
  id: row.id,
  key: row.key,
  name: row.name,
  description: row.description,
  kind: row.kind,
  parentId: row.parent_id,
  lead: row.lead,
  members: row.members,
});

export async function listGroups(db: Queryable): Promise<GroupRecord[]> {
  return (await db.query<GroupRow>(`${SELECT_GROUP} ORDER BY g.kind, g.name`)).map(toGroup);
}

export async function findGroupById(db: Queryable, id: string): Promise<GroupRecord | undefined> {
  const rows = await db.query<GroupRow>(`${SELECT_GROUP} WHERE g.id = $1`, [id]);
  return rows[0] && toGroup(rows[0]);
}

export async function findGroupByKey(db: Queryable, key: string): Promise<GroupRecord | undefined> {
  const rows = await db.query<GroupRow>(`${SELECT_GROUP} WHERE g.key = $1`, [key]);
  return rows[0] && toGroup(rows[0]);
}

export async function countExistingGroups(db: Queryable, ids: string[]): Promise<number> {
  const rows = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM groups WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return rows[0]?.count ?? 0;
}

export interface GroupFields {
  name: string;
  description: string;
  parentId: string | null;
  leadUserId: string | null;
}

export async function insertGroup(
  db: Queryable,
  group: GroupFields & { key: string; kind: 'department' | 'group' },
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO groups (key, name, description, kind, parent_id, lead_user_id)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [group.key, group.name, group.description, group.kind, group.parentId, group.leadUserId],
  );
  return rows[0]!.id;
}

export async function updateGroup(db: Queryable, id: string, fields: GroupFields, now: Date): Promise<void> {
  await db.query(
    `UPDATE groups SET name = $2, description = $3, parent_id = $4, lead_user_id = $5, updated_at = $6
      WHERE id = $1`,
    [id, fields.name, fields.description, fields.parentId, fields.leadUserId, now],
  );
}

export async function setGroupMembers(db: Queryable, groupId: string, userIds: string[]): Promise<void> {
  await db.query('DELETE FROM group_members WHERE group_id = $1 AND NOT (user_id = ANY($2::uuid[]))', [
    groupId,
    userIds,
  ]);
  await db.query(
    'INSERT INTO group_members (group_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING',
    [groupId, userIds],
  );
}

export async function countChildGroups(db: Queryable, id: string): Promise<number> {
  const rows = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM groups WHERE parent_id = $1',
    [id],
  );
  return rows[0]?.count ?? 0;
}

export async function deleteGroup(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM groups WHERE id = $1', [id]);
}

/** Whether `ancestorId` is `groupId` itself or above it; guards against cycles in the department tree. */
export async function isSelfOrAncestor(db: Queryable, ancestorId: string, groupId: string): Promise<boolean> {
  const rows = await db.query<{ found: boolean }>(
    `WITH RECURSIVE chain AS (
       SELECT id, parent_id FROM groups WHERE id = $2
       UNION ALL
       SELECT g.id, g.parent_id FROM groups g JOIN chain c ON g.id = c.parent_id
     ) SELECT EXISTS (SELECT 1 FROM chain WHERE id = $1) AS found`,
    [ancestorId, groupId],
  );
  return rows[0]?.found ?? false;
}
