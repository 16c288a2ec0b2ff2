import type { Queryable } from '../../platform/db/database.js';
import type { RuleActions, RuleConditions } from './rules.js';

type GroupRef = { id: string; key: string; name: string };

// Categories --------------------------------------------------------------------------------------

export interface CategoryRecord {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  parentId: string | null;
  position: number;
  group: GroupRef | null;
  isActive: boolean;
}

type CategoryRow = {
  id: string;
  code: string;
  name: string;
  name_en: string;
  parent_id: string | null;
  position: number;
  group: GroupRef | null;
  is_active: boolean;
};

const SELECT_CATEGORY = `
  SELECT c.id, c.code, c.name, c.name_en, c.parent_id, c.position, c.is_active,
         (SELECT json_build_object('id', g.id, 'key', g.key, 'name', g.name)
            FROM groups g WHERE g.id = c.group_id) AS "group"
    FROM categories c`;

const toCategory = (row: CategoryRow): CategoryRecord => ({
  id: row.id,
  code: row.code,
  name: row.name,
  nameEn: row.name_en,
  parentId: row.parent_id,
  position: row.position,
  group: row.group,
  isActive: row.is_active,
});

export async function listCategories(db: Queryable): Promise<CategoryRecord[]> {
  return (await db.query<CategoryRow>(`${SELECT_CATEGORY} ORDER BY c.position, c.code`)).map(toCategory);
}

export async function findCategoryById(db: Queryable, id: string): Promise<CategoryRecord | undefined> {
  const rows = await db.query<CategoryRow>(`${SELECT_CATEGORY} WHERE c.id = $1`, [id]);
  return rows[0] && toCategory(rows[0]);
}

export async function findCategoryByCode(db: Queryable, code: string): Promise<CategoryRecord | undefined> {
  const rows = await db.query<CategoryRow>(`${SELECT_CATEGORY} WHERE c.code = $1`, [code]);
  return rows[0] && toCategory(rows[0]);
}

export async function countCategories(db: Queryable): Promise<number> {
  const rows = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM categories');
  return rows[0]?.count ?? 0;
}

export interface CategoryFields {
  name: string;
  nameEn: string;
  parentId: string | null;
  position: number;
  groupId: string | null;
  isActive: boolean;
}

export async function insertCategory(
  db: Queryable,
  category: CategoryFields & { code: string },
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO categories (code, name, name_en, parent_id, position, group_id, is_active)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      category.code,
      category.name,
      category.nameEn,
      category.parentId,
      category.position,
      category.groupId,
      category.isActive,
    ],
  );
  return rows[0]!.id;
}

export async function updateCategory(
  db: Queryable,
  id: string,
  fields: CategoryFields,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE categories SET name = $2, name_en = $3, parent_id = $4, position = $5, group_id = $6,
            is_active = $7, updated_at = $8
      WHERE id = $1`,
    [id, fields.name, fields.nameEn, fields.parentId, fields.position, fields.groupId, fields.isActive, now],
  );
}

export async function deleteCategory(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM categories WHERE id = $1', [id]);
}

/** The position after the last sibling under `parentId` (top level when null). */
export async function nextCategoryPosition(db: Queryable, parentId: string | null): Promise<number> {
  const rows = await db.query<{ next: number }>(
    'SELECT coalesce(max(position) + 1, 0)::int AS next FROM categories WHERE parent_id IS NOT DISTINCT FROM $1',
    [parentId],
  );
  return rows[0]?.next ?? 0;
}

export async function countChildCategories(db: Queryable, id: string): Promise<number> {
  const rows = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM categories WHERE parent_id = $1',
    [id],
  );
  return rows[0]?.count ?? 0;
}

export async function countTicketsInCategory(db: Queryable, id: string): Promise<number> {
  const rows = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM tickets WHERE category_id = $1',
    [id],
  );
  return rows[0]?.count ?? 0;
}

/** Whether `ancestorId` is `categoryId` itself or above it; guards against cycles in the tree. */
export async function isSelfOrAncestorCategory(
  db: Queryable,
  ancestorId: string,
  categoryId: string,
): Promise<boolean> {
  const rows = await db.query<{ found: boolean }>(
    `WITH RECURSIVE chain AS (
       SELECT id, parent_id FROM categories WHERE id = $2
       UNION ALL
       SELECT c.id, c.parent_id FROM categories c JOIN chain ON c.id = chain.parent_id
     ) SELECT EXISTS (SELECT 1 FROM chain WHERE id = $1) AS found`,
    [ancestorId, categoryId],
  );
  return rows[0]?.found ?? false;
}

export async function groupExists(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM groups WHERE id = $1) AS found',
    [id],
  );
  return rows[0]?.found ?? false;
}

export async function findGroupIdByKey(db: Queryable, key: string): Promise<string | undefined> {
  const rows = await db.query<{ id: string }>('SELECT id FROM groups WHERE key = $1', [key]);
  return rows[0]?.id;
}

// Priorities --------------------------------------------------------------------------------------

export interface PriorityRecord {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  rank: number;
  isActive: boolean;
}

type PriorityRow = {
  code: string;
  name: string;
  name_en: string;
  description: string;
  rank: number;
  is_active: boolean;
};

const toPriority = (row: PriorityRow): PriorityRecord => ({
  code: row.code,
  name: row.name,
  nameEn: row.name_en,
  description: row.description,
  rank: row.rank,
  isActive: row.is_active,
});

/** Priorities by rank (reference data: kept in memory until one changes). */
export async function listPriorities(db: Queryable, options: { activeOnly?: boolean } = {}) {
  const priorities = await db.referenceData('priorities', async (reference) =>
    (
      await reference.query<PriorityRow>(
        'SELECT code, name, name_en, description, rank, is_active FROM priorities ORDER BY rank',
      )
    ).map(toPriority),
  );
  return priorities.filter((priority) => !options.activeOnly || priority.isActive);
}

export async function findPriority(db: Queryable, code: string): Promise<PriorityRecord | undefined> {
  return (await listPriorities(db)).find((priority) => priority.code === code);
}

export async function insertPriority(db: Queryable, priority: PriorityRecord): Promise<void> {
  await db.query(
    `INSERT INTO priorities (code, name, name_en, description, rank, is_active)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING`,
    [priority.code, priority.name, priority.nameEn, priority.description, priority.rank, priority.isActive],
  );
}

export async function updatePriority(
  db: Queryable,
  code: string,
  fields: Pick<PriorityRecord, 'name' | 'nameEn' | 'description' | 'isActive'>,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE priorities SET name = $2, name_en = $3, description = $4, is_active = $5, updated_at = $6
      WHERE code = $1`,
    [code, fields.name, fields.nameEn, fields.description, fields.isActive, now],
  );
}

// Rules -------------------------------------------------------------------------------------------

export interface RuleRecord {
  id: string;
  name: string;
  position: number;
  isActive: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
  stopAfterMatch: boolean;
}

type RuleRow = {
  id: string;
  name: string;
  position: number;
  is_active: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
  stop_after_match: boolean;
};

const SELECT_RULE =
  'SELECT id, name, position, is_active, conditions, actions, stop_after_match FROM classification_rules';

const toRule = (row: RuleRow): RuleRecord => ({
  id: row.id,
  name: row.name,
  position: row.position,
  isActive: row.is_active,
  conditions: row.conditions ?? {},
  actions: row.actions ?? {},
  stopAfterMatch: row.stop_after_match,
});

/** Rules in evaluation order: position, then creation (reference data: kept in memory until one changes). */
export async function listRules(
  db: Queryable,
  options: { activeOnly?: boolean } = {},
): Promise<RuleRecord[]> {
  const rules = await db.referenceData('classification_rules', async (reference) =>
    (await reference.query<RuleRow>(`${SELECT_RULE} ORDER BY position, created_at, id`)).map(toRule),
  );
  return rules.filter((rule) => !options.activeOnly || rule.isActive);
}

export async function findRuleById(db: Queryable, id: string): Promise<RuleRecord | undefined> {
  const rows = await db.query<RuleRow>(`${SELECT_RULE} WHERE id = $1`, [id]);
  return rows[0] && toRule(rows[0]);
}

export type RuleFields = Omit<RuleRecord, 'id'>;

export async function insertRule(db: Queryable, rule: RuleFields): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO classification_rules (name, position, is_active, conditions, actions, stop_after_match)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      rule.name,
      rule.position,
      rule.isActive,
      JSON.stringify(rule.conditions),
      JSON.stringify(rule.actions),
      rule.stopAfterMatch,
    ],
  );
  return rows[0]!.id;
}

export async function updateRule(db: Queryable, id: string, rule: RuleFields, now: Date): Promise<void> {
  await db.query(
    `UPDATE classification_rules
        SET name = $2, position = $3, is_active = $4, conditions = $5, actions = $6, stop_after_match = $7,
            updated_at = $8
      WHERE id = $1`,
    [
      id,
      rule.name,
      rule.position,
      rule.isActive,
      JSON.stringify(rule.conditions),
      JSON.stringify(rule.actions),
      rule.stopAfterMatch,
      now,
    ],
  );
}

export async function deleteRule(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM classification_rules WHERE id = $1', [id]);
}

export async function nextRulePosition(db: Queryable): Promise<number> {
  const rows = await db.query<{ next: number }>(
    'SELECT coalesce(max(position) + 1, 0)::int AS next FROM classification_rules',
  );
  return rows[0]?.next ?? 0;
}

/** Numbers the rules 0, 1, 2 … in the order of `ids`. */
export async function setRulePositions(db: Queryable, ids: string[], now: Date): Promise<void> {
  await db.query(
    `UPDATE classification_rules r SET position = o.ordinality - 1, updated_at = $2
       FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, ordinality)
      WHERE r.id = o.id`,
    [ids, now],
  );
}

/** Names of the rules whose actions set `categoryCode`. */
export async function rulesUsingCategory(db: Queryable, categoryCode: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT name FROM classification_rules WHERE actions ->> 'categoryCode' = $1 ORDER BY position`,
    [categoryCode],
  );
  return rows.map((row) => row.name);
}

// Settings ----------------------------------------------------------------------------------------

/** A stored setting's value (reference data: kept in memory until a setting changes). */
export async function readSetting(db: Queryable, key: string): Promise<unknown> {
  const settings = await db.referenceData('settings', async (reference) => {
    const rows = await reference.query<{ key: string; value: unknown }>('SELECT key, value FROM settings');
    return new Map(rows.map((row) => [row.key, row.value]));
  });
  return structuredClone(settings.get(key));
}

export interface CategoryNode {
  id: string;
  code: string;
  parentId: string | null;
  groupId: string | null;
  isActive: boolean;
}

/** Every category's place in the tree (reference data: kept in memory until a category changes). */
export function categoryTree(db: Queryable): Promise<ReadonlyMap<string, CategoryNode>> {
  return db.referenceData('category_tree', async (reference) => {
    const rows = await reference.query<{
      id: string;
      code: string;
      parent_id: string | null;
      group_id: string | null;
      is_active: boolean;
    }>('SELECT id, code, parent_id, group_id, is_active FROM categories');
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          code: row.code,
          parentId: row.parent_id,
          groupId: row.group_id,
          isActive: row.is_active,
        },
      ]),
    );
  });
}

export async function writeSetting(db: Queryable, key: string, value: unknown, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [key, JSON.stringify(value), now],
  );
}
