import type { Ref } from '../../api/types';

export type Emotion = 'normal' | 'anxious' | 'dissatisfied' | 'angry';
export const EMOTIONS: Emotion[] = ['normal', 'anxious', 'dissatisfied', 'angry'];

export const TICKET_TYPES = [
  'consultation',
  'usage_question',
  'order_question',
  'complaint',
  'suggestion',
  'repair',
  'return_exchange',
  'refund',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_CHANNELS = ['portal', 'api', 'email', 'webhook', 'phone', 'walk_in', 'staff'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export const CUSTOMER_TIERS = ['vip', 'regular'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export type Category = {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  parentId: string | null;
  position: number;
  group: Ref | null;
  isActive: boolean;
};

export type CreateCategoryInput = {
  code: string;
  name: string;
  nameEn?: string;
  parentId?: string | null;
  groupId?: string | null;
  isActive?: boolean;
};

export type UpdateCategoryInput = Partial<{
  name: string;
  nameEn: string;
  parentId: string | null;
  position: number;
  groupId: string | null;
  isActive: boolean;
}>;

export type Priority = {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  rank: number;
  isActive: boolean;
};

export type UpdatePriorityInput = Partial<Pick<Priority, 'name' | 'nameEn' | 'description' | 'isActive'>>;

export type RuleConditions = {
  keywordsAny?: string[];
  channels?: TicketChannel[];
  types?: TicketType[];
  customerTiers?: CustomerTier[];
  productModels?: string[];
  productLines?: string[];
  productCategories?: string[];
  regions?: string[];
};

export type RuleActions = {
  categoryCode?: string;
  priority?: string;
  emotion?: Emotion;
  addTags?: string[];
  groupKey?: string;
};

export type Rule = {
  id: string;
  name: string;
  position: number;
  isActive: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
  stopAfterMatch: boolean;
};

export type RuleInput = Partial<Omit<Rule, 'id'>>;

export type Given = { priority?: string | null; categoryCode?: string | null; emotion?: Emotion | null };

export type RuleSample = {
  title?: string;
  description?: string;
  type?: TicketType;
  channel?: TicketChannel;
  customerTier?: CustomerTier | null;
  productModel?: string | null;
  productLine?: string | null;
  productCategory?: string | null;
  region?: string | null;
  given?: Given;
  draft?: {
    id?: string;
    name?: string;
    position?: number;
    conditions: RuleConditions;
    actions: RuleActions;
    stopAfterMatch: boolean;
  };
};

export type Outcome = {
  categoryCode: string | null;
  categoryId: string | null;
  priority: string;
  emotion: Emotion;
  tags: string[];
  groupKey: string | null;
  groupId: string | null;
  matchedRuleIds: string[];
  matchedRules: { id: string; name: string }[];
  complaintWords: string[];
};

export type Policy = {
  complaintWords: string[];
  complaintPriorityFloor: string | null;
  angryWordCount: number;
  complaintTag: string;
  vipPriorityFloor: string | null;
};
