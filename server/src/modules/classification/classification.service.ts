import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { TicketFacts } from '../tickets/ticket.types.js';
import {
  type CategoryNode,
  type CategoryRecord,
  categoryTree,
  countChildCategories,
  countTicketsInCategory,
  deleteCategory,
  deleteRule,
  findCategoryByCode,
  findCategoryById,
  findGroupIdByKey,
  findPriority,
  findRuleById,
  groupExists,
  insertCategory,
  insertRule,
  isSelfOrAncestorCategory,
  listCategories,
  listPriorities,
  listRules,
  nextCategoryPosition,
  nextRulePosition,
  type PriorityRecord,
  type RuleFields,
  type RuleRecord,
  readSetting,
  rulesUsingCategory,
  setRulePositions,
  updateCategory,
  updatePriority,
  updateRule,
  writeSetting,
} from './classification.repository.js';
import {
  type CreateCategoryInput,
  type CreateRuleInput,
  type PolicyInput,
  policyBody,
  type TestRulesInput,
  type UpdateCategoryInput,
  type UpdatePriorityInput,
  type UpdateRuleInput,
} from './classification.schema.js';
import {
  type ClassificationOutcome,
  type ClassificationPolicy,
  type ClassificationRule,
  classify,
  DEFAULT_CLASSIFICATION_POLICY,
  type GivenClassification,
  type RuleActions,
  type RuleConditions,
} from './rules.js';

export { ensureDefaultClassification, ensureDefaultGroups } from './defaults.js';

export const POLICY_SETTING = 'classification.policy';
const FOREIGN_KEY_VIOLATION = '23503';

/** A classification with its codes and keys resolved to the ids a ticket stores. */
export type ClassifiedTicket = ClassificationOutcome & { categoryId: string | null; groupId: string | null };

// Classifying a ticket ----------------------------------------------------------------------------

/** The R2.4 policy in force: the stored setting over the defaults. */
export async function loadPolicy(db: Queryable): Promise<ClassificationPolicy> {
  const stored = await readSetting(db, POLICY_SETTING);
  // Only the known members, each defaulted, so a setting written by another version still loads.
  const merged = Object.fromEntries(
    Object.entries(DEFAULT_CLASSIFICATION_POLICY).map(([key, fallback]) => [
      key,
      stored && typeof stored === 'object' && Object.hasOwn(stored, key)
        ? Reflect.get(stored, key)
        : fallback,
    ]),
  );
  const parsed = policyBody.safeParse(merged);
  return parsed.success ? parsed.data : { ...DEFAULT_CLASSIFICATION_POLICY };
}

const asEngineRule = (rule: RuleRecord): ClassificationRule => ({
  id: rule.id,
  conditions: rule.conditions,
  actions: rule.actions,
  stopAfterMatch: rule.stopAfterMatch,
});

async function classifyWith(
  db: Queryable,
  facts: TicketFacts,
  given: GivenClassification,
  rules: ClassificationRule[],
): Promise<ClassifiedTicket> {
  const priorities = await listPriorities(db, { activeOnly: true });
  const outcome = classify({ facts, given, rules, policy: await loadPolicy(db), priorities });

  // A rule may name a category or group that was since deactivated or removed: the ticket then has none.
  const categoryId = outcome.categoryCode
    ? ([...(await categoryTree(db)).values()].find(
        (node) => node.code === outcome.categoryCode && node.isActive,
      )?.id ?? null)
    : null;
  const groupId = outcome.groupKey ? ((await findGroupIdByKey(db, outcome.groupKey)) ?? null) : null;
  return {
    ...outcome,
    categoryCode: categoryId ? outcome.categoryCode : null,
    categoryId,
    groupKey: groupId ? outcome.groupKey : null,
    groupId,
  };
}

/** Refuses a given priority or category that is not active, naming `<fieldPrefix>priority` / `categoryCode`. */
async function assertGivenValid(db: Queryable, given: GivenClassification, fieldPrefix: string) {
  if (given.priority && !(await findPriority(db, given.priority))?.isActive) {
    throw new AppError('validation_failed', 'classification.noSuchPriority', {
      field: `${fieldPrefix}priority`,
      params: { code: given.priority },
    });
  }
  if (given.categoryCode) {
    const category = await findCategoryByCode(db, given.categoryCode);
    if (!category?.isActive) {
      throw new AppError(
        'validation_failed',
        category ? 'classification.categoryInactive' : 'classification.noSuchCategory',
        { field: `${fieldPrefix}categoryCode`, params: { code: given.categoryCode } },
      );
    }
  }
}

/**
 * Classifies a new ticket (R2.4) with the active rules, the policy and the active priorities. What is
 * given explicitly wins over the rules (the policy may still raise priority and emotion). Nothing is
 * refused here: a given priority that is not active is ignored, and a given category that is unknown or
 * inactive comes back as `categoryId: null` — callers validate their own fields. `groupId` is the group a
 * rule chose, if any; the category's own group is `routeTicket`'s fallback.
 */
export async function classifyTicket(
  db: Queryable,
  facts: TicketFacts,
  given: GivenClassification,
): Promise<ClassifiedTicket> {
  const rules = (await listRules(db, { activeOnly: true })).map(asEngineRule);
  return classifyWith(db, facts, given, rules);
}

/** A category and its ancestors, nearest first (for conditions on parent categories). */
export async function categoryLineage(db: Queryable, categoryId: string | null): Promise<CategoryNode[]> {
  const tree = await categoryTree(db);
  const lineage: CategoryNode[] = [];
  for (let node = categoryId ? tree.get(categoryId) : undefined; node; ) {
    if (lineage.includes(node)) break;
    lineage.push(node);
    node = node.parentId ? tree.get(node.parentId) : undefined;
  }
  return lineage;
}

/** The group a category routes to: its own, else the nearest ancestor's (R3.1). */
export async function categoryGroupId(db: Queryable, categoryId: string): Promise<string | null> {
  return (await categoryLineage(db, categoryId)).find((node) => node.groupId)?.groupId ?? null;
}

/** The rule editor's preview: the sample classified by the saved rules, with an unsaved draft in place. */
export async function testRules(ctx: AppContext, input: TestRulesInput) {
  const { given = {}, draft, ...facts } = input;
  await assertGivenValid(ctx.db, given, 'body.given.');
  const saved = await listRules(ctx.db, { activeOnly: true });
  const names = new Map(saved.map((rule) => [rule.id, rule.name]));
  let rules = saved;
  if (draft) {
    const id = draft.id ?? 'draft';
    const existing = draft.id ? await findRuleById(ctx.db, draft.id) : undefined;
    const position = draft.position ?? existing?.position;
    rules = saved.filter((rule) => rule.id !== id);
    const at = position === undefined ? -1 : rules.findIndex((rule) => rule.position > position);
    const entry: RuleRecord = {
      id,
      name: draft.name || existing?.name || 'draft',
      position: position ?? 0,
      isActive: true,
      conditions: cleanConditions(draft.conditions),
      actions: cleanActions(draft.actions),
      stopAfterMatch: draft.stopAfterMatch,
    };
    rules.splice(at < 0 ? rules.length : at, 0, entry);
    names.set(id, entry.name);
  }
  const outcome = await classifyWith(ctx.db, facts, given, rules.map(asEngineRule));
  return {
    ...outcome,
    matchedRules: outcome.matchedRuleIds.map((id) => ({ id, name: names.get(id) ?? '' })),
  };
}

// Categories --------------------------------------------------------------------------------------

async function requireCategory(db: Queryable, id: string): Promise<CategoryRecord> {
  const category = await findCategoryById(db, id);
  if (!category) throw notFound('classification.categoryNotFound');
  return category;
}

async function assertParentCategoryValid(db: Queryable, parentId: string, categoryId: string | null) {
  if (!(await findCategoryById(db, parentId))) {
    throw new AppError('validation_failed', 'classification.noSuchParentCategory', {
      field: 'body.parentId',
    });
  }
  if (categoryId && (await isSelfOrAncestorCategory(db, categoryId, parentId))) {
    throw new AppError('validation_failed', 'classification.categoryParentCycle', { field: 'body.parentId' });
  }
}

async function assertGroupExists(db: Queryable, groupId: string) {
  if (!(await groupExists(db, groupId))) {
    throw new AppError('validation_failed', 'classification.noSuchGroup', { field: 'body.groupId' });
  }
}

const auditedCategory = (category: CategoryRecord) => ({
  code: category.code,
  name: category.name,
  nameEn: category.nameEn,
  parentId: category.parentId,
  position: category.position,
  group: category.group?.key ?? null,
  isActive: category.isActive,
});

export const listAllCategories = (ctx: AppContext) => listCategories(ctx.db);

export async function createCategory(ctx: AppContext, actor: Actor, input: CreateCategoryInput) {
  return ctx.db.transaction(async (tx) => {
    if (await findCategoryByCode(tx, input.code)) {
      throw new AppError('conflict', 'classification.categoryCodeTaken', {
        field: 'body.code',
        params: { code: input.code },
      });
    }
    const parentId = input.parentId ?? null;
    if (parentId) await assertParentCategoryValid(tx, parentId, null);
    if (input.groupId) await assertGroupExists(tx, input.groupId);
    const id = await insertCategory(tx, {
      code: input.code,
      name: input.name,
      nameEn: input.nameEn ?? '',
      parentId,
      position: input.position ?? (await nextCategoryPosition(tx, parentId)),
      groupId: input.groupId ?? null,
      isActive: input.isActive ?? true,
    });
    const category = await requireCategory(tx, id);
    await recordAudit(tx, actor, {
      action: 'category.created',
      entityType: 'category',
      entityId: id,
      after: auditedCategory(category),
    });
    return category;
  });
}

export async function updateCategoryById(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateCategoryInput,
) {
  return ctx.db.transaction(async (tx) => {
    const before = await requireCategory(tx, id);
    const parentId = input.parentId === undefined ? before.parentId : input.parentId;
    const moved = parentId !== before.parentId;
    if (parentId && moved) await assertParentCategoryValid(tx, parentId, id);
    if (input.groupId) await assertGroupExists(tx, input.groupId);
    await updateCategory(
      tx,
      id,
      {
        name: input.name ?? before.name,
        nameEn: input.nameEn ?? before.nameEn,
        parentId,
        position: input.position ?? (moved ? await nextCategoryPosition(tx, parentId) : before.position),
        groupId: input.groupId === undefined ? (before.group?.id ?? null) : input.groupId,
        isActive: input.isActive ?? before.isActive,
      },
      ctx.clock.now(),
    );
    const after = await requireCategory(tx, id);
    await recordAudit(tx, actor, {
      action: 'category.updated',
      entityType: 'category',
      entityId: id,
      before: auditedCategory(before),
      after: auditedCategory(after),
    });
    return after;
  });
}

/** Deletes an unused category; one with subcategories, tickets or rules is refused (deactivate it instead). */
export async function deleteCategoryById(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const category = await requireCategory(tx, id);
    if ((await countChildCategories(tx, id)) > 0) {
      throw new AppError('conflict', 'classification.categoryHasChildren');
    }
    const tickets = await countTicketsInCategory(tx, id);
    if (tickets > 0) {
      throw new AppError('conflict', 'classification.categoryInUse', { params: { count: tickets } });
    }
    const rules = await rulesUsingCategory(tx, category.code);
    if (rules.length > 0) {
      throw new AppError('conflict', 'classification.categoryUsedByRules', {
        params: { rules: rules.join('、') },
      });
    }
    try {
      await deleteCategory(tx, id);
    } catch (error) {
      // Another module (an SLA policy, a report…) may still point at it.
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
        throw new AppError('conflict', 'classification.categoryReferenced');
      }
      throw error;
    }
    await recordAudit(tx, actor, {
      action: 'category.deleted',
      entityType: 'category',
      entityId: id,
      before: auditedCategory(category),
    });
  });
}

// Priorities --------------------------------------------------------------------------------------

export const listAllPriorities = (ctx: AppContext) => listPriorities(ctx.db);

export async function updatePriorityByCode(
  ctx: AppContext,
  actor: Actor,
  code: string,
  input: UpdatePriorityInput,
): Promise<PriorityRecord> {
  return ctx.db.transaction(async (tx) => {
    const before = await findPriority(tx, code);
    if (!before) throw notFound('classification.priorityNotFound');
    const isActive = input.isActive ?? before.isActive;
    if (before.isActive && !isActive) {
      const active = await listPriorities(tx, { activeOnly: true });
      if (active.length <= 1) throw new AppError('conflict', 'classification.lastActivePriority');
    }
    await updatePriority(
      tx,
      code,
      {
        name: input.name ?? before.name,
        nameEn: input.nameEn ?? before.nameEn,
        description: input.description ?? before.description,
        isActive,
      },
      ctx.clock.now(),
    );
    const after = (await findPriority(tx, code))!;
    await recordAudit(tx, actor, {
      action: 'priority.updated',
      entityType: 'priority',
      entityId: code,
      before,
      after,
    });
    return after;
  });
}

// Rules -------------------------------------------------------------------------------------------

const unique = (values: readonly string[]) =>
  [...new Set(values.map((value) => value.trim()))].filter(Boolean);

/** Conditions without empty lists or repeated values, so the stored rule says only what it checks. */
function cleanConditions(conditions: RuleConditions): RuleConditions {
  const cleaned: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(conditions)) {
    if (!Array.isArray(values)) continue;
    const list = unique(values as string[]);
    if (list.length > 0) cleaned[key] = list;
  }
  return cleaned as RuleConditions;
}

function cleanActions(actions: RuleActions): RuleActions {
  const cleaned: RuleActions = {};
  if (actions.categoryCode) cleaned.categoryCode = actions.categoryCode;
  if (actions.priority) cleaned.priority = actions.priority;
  if (actions.emotion) cleaned.emotion = actions.emotion;
  const tags = unique(actions.addTags ?? []);
  if (tags.length > 0) cleaned.addTags = tags;
  if (actions.groupKey) cleaned.groupKey = actions.groupKey;
  return cleaned;
}

/** The category, priority and group a rule names must exist when it is saved. */
async function assertActionsValid(db: Queryable, actions: RuleActions) {
  if (actions.categoryCode && !(await findCategoryByCode(db, actions.categoryCode))) {
    throw new AppError('validation_failed', 'classification.noSuchCategory', {
      field: 'body.actions.categoryCode',
      params: { code: actions.categoryCode },
    });
  }
  if (actions.priority && !(await findPriority(db, actions.priority))?.isActive) {
    throw new AppError('validation_failed', 'classification.noSuchPriority', {
      field: 'body.actions.priority',
      params: { code: actions.priority },
    });
  }
  if (actions.groupKey && !(await findGroupIdByKey(db, actions.groupKey))) {
    throw new AppError('validation_failed', 'classification.noSuchGroupKey', {
      field: 'body.actions.groupKey',
      params: { key: actions.groupKey },
    });
  }
}

async function requireRule(db: Queryable, id: string): Promise<RuleRecord> {
  const rule = await findRuleById(db, id);
  if (!rule) throw notFound('classification.ruleNotFound');
  return rule;
}

const auditedRule = ({ id: _id, ...rule }: RuleRecord) => rule;

export const listAllRules = (ctx: AppContext) => listRules(ctx.db);

export async function createRule(ctx: AppContext, actor: Actor, input: CreateRuleInput) {
  return ctx.db.transaction(async (tx) => {
    const actions = cleanActions(input.actions);
    await assertActionsValid(tx, actions);
    const fields: RuleFields = {
      name: input.name,
      position: input.position ?? (await nextRulePosition(tx)),
      isActive: input.isActive ?? true,
      conditions: cleanConditions(input.conditions),
      actions,
      stopAfterMatch: input.stopAfterMatch ?? false,
    };
    const id = await insertRule(tx, fields);
    const rule = await requireRule(tx, id);
    await recordAudit(tx, actor, {
      action: 'classification_rule.created',
      entityType: 'classification_rule',
      entityId: id,
      after: auditedRule(rule),
    });
    return rule;
  });
}

export async function updateRuleById(ctx: AppContext, actor: Actor, id: string, input: UpdateRuleInput) {
  return ctx.db.transaction(async (tx) => {
    const before = await requireRule(tx, id);
    const actions = input.actions ? cleanActions(input.actions) : before.actions;
    if (input.actions) await assertActionsValid(tx, actions);
    await updateRule(
      tx,
      id,
      {
        name: input.name ?? before.name,
        position: input.position ?? before.position,
        isActive: input.isActive ?? before.isActive,
        conditions: input.conditions ? cleanConditions(input.conditions) : before.conditions,
        actions,
        stopAfterMatch: input.stopAfterMatch ?? before.stopAfterMatch,
      },
      ctx.clock.now(),
    );
    const after = await requireRule(tx, id);
    await recordAudit(tx, actor, {
      action: 'classification_rule.updated',
      entityType: 'classification_rule',
      entityId: id,
      before: auditedRule(before),
      after: auditedRule(after),
    });
    return after;
  });
}

export async function deleteRuleById(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const rule = await requireRule(tx, id);
    await deleteRule(tx, id);
    await recordAudit(tx, actor, {
      action: 'classification_rule.deleted',
      entityType: 'classification_rule',
      entityId: id,
      before: auditedRule(rule),
    });
  });
}

/** Puts the rules in the order of `ids`, which must name every rule once; positions become 0, 1, 2 … */
export async function reorderRules(ctx: AppContext, actor: Actor, ids: string[]): Promise<RuleRecord[]> {
  return ctx.db.transaction(async (tx) => {
    const before = await listRules(tx);
    const known = new Set(before.map((rule) => rule.id));
    if (new Set(ids).size !== ids.length || ids.length !== known.size || !ids.every((id) => known.has(id))) {
      throw new AppError('validation_failed', 'classification.ruleOrderMismatch', { field: 'body.ids' });
    }
    await setRulePositions(tx, ids, ctx.clock.now());
    await recordAudit(tx, actor, {
      action: 'classification_rule.reordered',
      entityType: 'classification_rule',
      entityId: null,
      before: before.map((rule) => rule.name),
      after: ids.map((id) => before.find((rule) => rule.id === id)!.name),
    });
    return listRules(tx);
  });
}

// Policy ------------------------------------------------------------------------------------------

export const getPolicy = (ctx: AppContext) => loadPolicy(ctx.db);

export async function updatePolicy(ctx: AppContext, actor: Actor, input: PolicyInput) {
  return ctx.db.transaction(async (tx) => {
    for (const field of ['complaintPriorityFloor', 'vipPriorityFloor'] as const) {
      const code = input[field];
      if (code && !(await findPriority(tx, code))?.isActive) {
        throw new AppError('validation_failed', 'classification.noSuchPriority', {
          field: `body.${field}`,
          params: { code },
        });
      }
    }
    const before = await loadPolicy(tx);
    const after: ClassificationPolicy = { ...input, complaintWords: unique(input.complaintWords) };
    await writeSetting(tx, POLICY_SETTING, after, ctx.clock.now());
    await recordAudit(tx, actor, {
      action: 'classification_policy.updated',
      entityType: 'setting',
      entityId: POLICY_SETTING,
      before,
      after,
    });
    return after;
  });
}
