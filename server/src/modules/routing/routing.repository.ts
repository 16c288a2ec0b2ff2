import type { Queryable } from '../../platform/db/database.js';
import { OPEN_STATUSES } from '../tickets/ticket.types.js';
import type { RoutingStrategy } from './routing.js';

type UserRef = { id: string; username: string; displayName: string };

/**
 * Locks the group row until the transaction ends, so concurrent assignments in one group — from any
 * server — take turns: each sees the pointer and the tickets the previous one committed.
 */
export async function lockGroupForRouting(
  tx: Queryable,
  groupId: string,
): Promise<{ strategy: RoutingStrategy; lastAssignedUserId: string | null } | undefined> {
  const rows = await tx.query<{ routing_strategy: RoutingStrategy; last_assigned_user_id: string | null }>(
    // NO KEY UPDATE: creations that already stored a ticket of this group hold a key-share lock on
    // the row (the foreign key) until they commit; choosing the next owner need not wait for them.
    'SELECT routing_strategy, last_assigned_user_id FROM groups WHERE id = $1 FOR NO KEY UPDATE',
    [groupId],
  );
  const row = rows[0];
  return row && { strategy: row.routing_strategy, lastAssignedUserId: row.last_assigned_user_id };
}

export interface MemberLoad {
  userId: string;
  username: string;
  displayName: string;
  isActive: boolean;
  openCount: number;
  productLines: string[];
  regions: string[];
  acceptsAssignments: boolean;
}

type MemberRow = {
  id: string;
  username: string;
  display_name: string;
  is_active: boolean;
  open_count: number;
  product_lines: string[];
  regions: string[];
  accepts_assignments: boolean;
};

const toMember = (row: MemberRow): MemberLoad => ({
  userId: row.id,
  username: row.username,
  displayName: row.display_name,
  isActive: row.is_active,
  openCount: row.open_count,
  productLines: row.product_lines,
  regions: row.regions,
  acceptsAssignments: row.accepts_assignments,
});

/** A group's members with their open load in that group (tickets they own there, still open). */
export async function groupMemberLoads(
  db: Queryable,
  groupId: string,
  options: { activeOnly?: boolean } = {},
): Promise<MemberLoad[]> {
  // Runs on every routed ticket while the group is locked: "open" is spelled as the partial index
  // tickets_open_group_owner_idx spells it (the same statuses as OPEN_STATUSES), so the count reads
  // only that small index instead of the member's whole history.
  const rows = await db.query<MemberRow>(
    `SELECT u.id, u.username, u.display_name, u.is_active, u.product_lines, u.regions, u.accepts_assignments,
            (SELECT count(*)::int FROM tickets t
              WHERE t.group_id = gm.group_id AND t.owner_user_id = u.id
                AND t.status NOT IN ('resolved', 'closed')) AS open_count
       FROM group_members gm JOIN users u ON u.id = gm.user_id
      WHERE gm.group_id = $1 ${options.activeOnly ? 'AND u.is_active' : ''}
      ORDER BY u.username`,
    [groupId],
  );
  return rows.map(toMember);
}

export async function setLastAssigned(tx: Queryable, groupId: string, userId: string): Promise<void> {
  await tx.query('UPDATE groups SET last_assigned_user_id = $2 WHERE id = $1', [groupId, userId]);
}

/** The active lead of the group, else of the nearest department above it that has one. */
export async function findGroupLead(db: Queryable, groupId: string): Promise<UserRef | null> {
  return (await findGroupLeads(db, [groupId])).get(groupId) ?? null;
}

/** `findGroupLead` for several groups in one query; a group without a lead anywhere above is left out. */
export async function findGroupLeads(
  db: Queryable,
  groupIds: readonly string[],
): Promise<Map<string, UserRef>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db.query<UserRef & { groupId: string }>(
    `WITH RECURSIVE chain AS (
       SELECT id AS group_id, parent_id, lead_user_id, 0 AS depth FROM groups WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT chain.group_id, g.parent_id, g.lead_user_id, chain.depth + 1
         FROM groups g JOIN chain ON g.id = chain.parent_id
        WHERE chain.depth < 32
     ) SELECT DISTINCT ON (chain.group_id) chain.group_id AS "groupId",
              u.id, u.username, u.display_name AS "displayName"
         FROM chain JOIN users u ON u.id = chain.lead_user_id
        WHERE u.is_active
        ORDER BY chain.group_id, chain.depth`,
    [groupIds],
  );
  return new Map(rows.map(({ groupId, ...lead }) => [groupId, lead]));
}

export interface GroupRouting {
  id: string;
  key: string;
  name: string;
  kind: 'department' | 'group';
  parentId: string | null;
  routingStrategy: RoutingStrategy;
  lastAssignedUserId: string | null;
  lead: UserRef | null;
  members: MemberLoad[];
}

type GroupRoutingRow = {
  id: string;
  key: string;
  name: string;
  kind: 'department' | 'group';
  parent_id: string | null;
  routing_strategy: RoutingStrategy;
  last_assigned_user_id: string | null;
  lead: UserRef | null;
  members: MemberRow[];
};

const SELECT_GROUP_ROUTING = `
  SELECT g.id, g.key, g.name, g.kind, g.parent_id, g.routing_strategy, g.last_assigned_user_id,
         (SELECT json_build_object('id', l.id, 'username', l.username, 'displayName', l.display_name)
            FROM users l WHERE l.id = g.lead_user_id) AS lead,
         coalesce((
           SELECT json_agg(json_build_object(
                    'id', u.id, 'username', u.username, 'display_name', u.display_name,
                    'is_active', u.is_active, 'product_lines', u.product_lines, 'regions', u.regions,
                    'accepts_assignments', u.accepts_assignments,
                    'open_count', (SELECT count(*) FROM tickets t
                                    WHERE t.group_id = g.id AND t.owner_user_id = u.id
                                      AND t.status = ANY($1::text[])))
                  ORDER BY u.username)
             FROM group_members gm JOIN users u ON u.id = gm.user_id
            WHERE gm.group_id = g.id), '[]'::json) AS members
    FROM groups g`;

const toGroupRouting = (row: GroupRoutingRow): GroupRouting => ({
  id: row.id,
  key: row.key,
  name: row.name,
  kind: row.kind,
  parentId: row.parent_id,
  routingStrategy: row.routing_strategy,
  lastAssignedUserId: row.last_assigned_user_id,
  lead: row.lead,
  members: row.members.map((member) => toMember({ ...member, open_count: Number(member.open_count) })),
});

/** Every department and group with its strategy, lead and members' load and skills. */
export async function listGroupRouting(db: Queryable): Promise<GroupRouting[]> {
  const rows = await db.query<GroupRoutingRow>(`${SELECT_GROUP_ROUTING} ORDER BY g.kind, g.name`, [
    OPEN_STATUSES,
  ]);
  return rows.map(toGroupRouting);
}

export async function findGroupRouting(db: Queryable, id: string): Promise<GroupRouting | undefined> {
  const rows = await db.query<GroupRoutingRow>(`${SELECT_GROUP_ROUTING} WHERE g.id = $2`, [
    OPEN_STATUSES,
    id,
  ]);
  return rows[0] && toGroupRouting(rows[0]);
}

export async function setRoutingStrategy(
  db: Queryable,
  groupId: string,
  strategy: RoutingStrategy,
  now: Date,
): Promise<void> {
  await db.query('UPDATE groups SET routing_strategy = $2, updated_at = $3 WHERE id = $1', [
    groupId,
    strategy,
    now,
  ]);
}

export interface UserRouting {
  id: string;
  username: string;
  displayName: string;
  productLines: string[];
  regions: string[];
  acceptsAssignments: boolean;
}

export async function findUserRouting(db: Queryable, id: string): Promise<UserRouting | undefined> {
  const rows = await db.query<{
    id: string;
    username: string;
    display_name: string;
    product_lines: string[];
    regions: string[];
    accepts_assignments: boolean;
  }>(
    'SELECT id, username, display_name, product_lines, regions, accepts_assignments FROM users WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return (
    row && {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      productLines: row.product_lines,
      regions: row.regions,
      acceptsAssignments: row.accepts_assignments,
    }
  );
}

export async function updateUserRouting(
  db: Queryable,
  id: string,
  fields: Pick<UserRouting, 'productLines' | 'regions' | 'acceptsAssignments'>,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE users SET product_lines = $2, regions = $3, accepts_assignments = $4, updated_at = $5 WHERE id = $1`,
    [id, fields.productLines, fields.regions, fields.acceptsAssignments, now],
  );
}
