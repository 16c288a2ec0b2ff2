import { z } from 'zod';
import { namedRef } from '../../platform/http/schemas.js';
import { CUSTOMER_TIERS, EMOTIONS, TICKET_CHANNELS, TICKET_TYPES } from '../tickets/ticket.types.js';

const categoryCode = z.string().regex(/^[a-z][a-z0-9_.]{1,59}$/);
const priorityCode = z.string().regex(/^P[0-9]$/);
const groupKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);
const textList = (maxLength: number, maxItems = 100) =>
  z.array(z.string().trim().min(1).max(maxLength)).max(maxItems);

// Categories --------------------------------------------------------------------------------------

export const categoryResponse = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    parentId: z.string().nullable(),
    position: z.number().int(),
    group: namedRef.nullable(),
    isActive: z.boolean(),
  })
  .meta({ id: 'Category' });

export const createCategoryBody = z.strictObject({
  code: categoryCode,
  name: z.string().trim().min(1).max(80),
  nameEn: z.string().trim().max(80).optional(),
  parentId: z.uuid().nullable().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  groupId: z.uuid().nullable().optional(),
  isActive: z.boolean().optional(),
});
export type CreateCategoryInput = z.infer<typeof createCategoryBody>;

export const updateCategoryBody = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  nameEn: z.string().trim().max(80).optional(),
  parentId: z.uuid().nullable().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  groupId: z.uuid().nullable().optional(),
  isActive: z.boolean().optional(),
});
export type UpdateCategoryInput = z.infer<typeof updateCategoryBody>;

// Priorities --------------------------------------------------------------------------------------

export const priorityResponse = z
  .object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    description: z.string(),
    rank: z.number().int(),
    isActive: z.boolean(),
  })
  .meta({ id: 'Priority' });

export const priorityParams = z.strictObject({ code: priorityCode });

export const updatePriorityBody = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  nameEn: z.string().trim().max(40).optional(),
  description: z.string().trim().max(500).optional(),
  isActive: z.boolean().optional(),
});
export type UpdatePriorityInput = z.infer<typeof updatePriorityBody>;

// Rules -------------------------------------------------------------------------------------------

const conditionsShape = {
  keywordsAny: textList(50).optional(),
  channels: z.array(z.enum(TICKET_CHANNELS)).max(TICKET_CHANNELS.length).optional(),
  types: z.array(z.enum(TICKET_TYPES)).max(TICKET_TYPES.length).optional(),
  customerTiers: z.array(z.enum(CUSTOMER_TIERS)).max(CUSTOMER_TIERS.length).optional(),
  productModels: textList(100).optional(),
  productLines: textList(100).optional(),
  productCategories: textList(100).optional(),
  regions: textList(100).optional(),
};

const actionsShape = {
  categoryCode: categoryCode.optional(),
  priority: priorityCode.optional(),
  emotion: z.enum(EMOTIONS).optional(),
  addTags: textList(40, 20).optional(),
  groupKey: groupKey.optional(),
};

export const ruleConditions = z.strictObject(conditionsShape);
export const ruleActions = z.strictObject(actionsShape);

export const ruleResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number().int(),
    isActive: z.boolean(),
    conditions: z.object(conditionsShape).meta({ id: 'RuleConditions' }),
    actions: z.object(actionsShape).meta({ id: 'RuleActions' }),
    stopAfterMatch: z.boolean(),
  })
  .meta({ id: 'ClassificationRule' });

export const createRuleBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  position: z.number().int().min(0).max(100_000).optional(),
  isActive: z.boolean().optional(),
  conditions: ruleConditions.default({}),
  actions: ruleActions.default({}),
  stopAfterMatch: z.boolean().optional(),
});
export type CreateRuleInput = z.infer<typeof createRuleBody>;

export const updateRuleBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  isActive: z.boolean().optional(),
  conditions: ruleConditions.optional(),
  actions: ruleActions.optional(),
  stopAfterMatch: z.boolean().optional(),
});
export type UpdateRuleInput = z.infer<typeof updateRuleBody>;

export const reorderRulesBody = z.strictObject({ ids: z.array(z.uuid()).max(1000) });

const givenShape = z.strictObject({
  priority: priorityCode.nullable().optional(),
  categoryCode: categoryCode.nullable().optional(),
  emotion: z.enum(EMOTIONS).nullable().optional(),
});

const optionalText = (max: number) => z.string().trim().max(max).nullable().default(null);

/** A sample ticket for the rule editor, optionally with an unsaved rule evaluated in place. */
export const testRulesBody = z.strictObject({
  title: z.string().max(200).default(''),
  description: z.string().max(20_000).default(''),
  type: z.enum(TICKET_TYPES).default('consultation'),
  channel: z.enum(TICKET_CHANNELS).default('portal'),
  customerTier: z.enum(CUSTOMER_TIERS).nullable().default(null),
  productModel: optionalText(100),
  productLine: optionalText(100),
  productCategory: optionalText(100),
  region: optionalText(100),
  given: givenShape.optional(),
  /** A rule being edited: replaces the saved rule with the same id, or joins the list at `position`. */
  draft: z
    .strictObject({
      id: z.uuid().optional(),
      name: z.string().trim().max(100).optional(),
      position: z.number().int().min(0).max(100_000).optional(),
      conditions: ruleConditions.default({}),
      actions: ruleActions.default({}),
      stopAfterMatch: z.boolean().default(false),
    })
    .optional(),
});
export type TestRulesInput = z.infer<typeof testRulesBody>;

export const classificationOutcomeResponse = z
  .object({
    categoryCode: z.string().nullable(),
    categoryId: z.string().nullable(),
    priority: z.string(),
    emotion: z.enum(EMOTIONS),
    tags: z.array(z.string()),
    groupKey: z.string().nullable(),
    groupId: z.string().nullable(),
    matchedRuleIds: z.array(z.string()),
    /** The matched rules with their names, in evaluation order; an unsaved draft has the id `draft`. */
    matchedRules: z.array(z.object({ id: z.string(), name: z.string() })),
    complaintWords: z.array(z.string()),
  })
  .meta({ id: 'ClassificationOutcome' });

// Policy ------------------------------------------------------------------------------------------

export const policyBody = z
  .strictObject({
    complaintWords: textList(20),
    complaintPriorityFloor: priorityCode.nullable(),
    angryWordCount: z.number().int().min(1).max(20),
    complaintTag: z.string().trim().max(40),
    vipPriorityFloor: priorityCode.nullable(),
  })
  .meta({ id: 'ClassificationPolicy' });
export type PolicyInput = z.infer<typeof policyBody>;
