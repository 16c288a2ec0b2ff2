/**
 * The classification rule engine (R2.4): pure functions over a ticket's facts, the active rules, the
 * policy and the priority levels. No I/O; the service loads the inputs and resolves codes to ids.
 */
import type {
  CustomerTier,
  Emotion,
  TicketChannel,
  TicketFacts,
  TicketType,
} from '../tickets/ticket.types.js';
import { EMOTIONS } from '../tickets/ticket.types.js';

/** What a rule looks at; every condition is optional and all present ones must hold (AND). */
export interface RuleConditions {
  /** Any of these words occurs in the title or description (case-insensitive substring). */
  keywordsAny?: string[];
  channels?: TicketChannel[];
  types?: TicketType[];
  customerTiers?: CustomerTier[];
  productModels?: string[];
  productLines?: string[];
  productCategories?: string[];
  /** Region prefixes: '广东省' matches '广东省深圳市南山区'. */
  regions?: string[];
}

/** What a matching rule decides. */
export interface RuleActions {
  categoryCode?: string;
  priority?: string;
  emotion?: Emotion;
  addTags?: string[];
  groupKey?: string;
}

export interface ClassificationRule {
  id: string;
  conditions: RuleConditions;
  actions: RuleActions;
  stopAfterMatch: boolean;
}

/** The complaint and VIP policy of R2.4, stored in the `classification.policy` setting. */
export interface ClassificationPolicy {
  /** Words that mark a complaint risk (投诉, 12315, 差评 …). */
  complaintWords: string[];
  /** A complaint raises priority to at least this level (null: leaves priority alone). */
  complaintPriorityFloor: string | null;
  /** This many distinct complaint words make the customer 'angry' rather than 'dissatisfied'. */
  angryWordCount: number;
  /** The tag added to a ticket with complaint words ('' adds none). */
  complaintTag: string;
  /** VIP customers' tickets get at least this priority (null: no floor). */
  vipPriorityFloor: string | null;
}

export const DEFAULT_CLASSIFICATION_POLICY: ClassificationPolicy = {
  complaintWords: ['投诉', '12315', '差评', '曝光', '媒体', '律师', '消协', '工商', '起诉', '退一赔三'],
  complaintPriorityFloor: 'P2',
  angryWordCount: 2,
  complaintTag: '投诉风险',
  vipPriorityFloor: 'P2',
};

/** An active priority level; rank 1 is the most urgent. */
export interface PriorityLevel {
  code: string;
  rank: number;
}

/** What the agent (or the intake channel) stated explicitly; each wins over the rules. */
export interface GivenClassification {
  priority?: string | null;
  categoryCode?: string | null;
  emotion?: Emotion | null;
}

export interface ClassificationOutcome {
  categoryCode: string | null;
  priority: string;
  emotion: Emotion;
  tags: string[];
  groupKey: string | null;
  matchedRuleIds: string[];
  complaintWords: string[];
}

/** Used when there are no priority levels at all, which a configured instance never has. */
export const FALLBACK_PRIORITY = 'P3';

// Full-width letters and digits (１２３１５) fold to ASCII; case does not matter.
const normalize = (text: string) => text.normalize('NFKC').toLowerCase().trim();

const nonEmpty = <T>(values: readonly T[] | undefined): values is readonly T[] =>
  values !== undefined && values.length > 0;

function containsAny(haystack: string, needles: readonly string[]): boolean {
  return needles.some((needle) => {
    const word = normalize(needle);
    return word.length > 0 && haystack.includes(word);
  });
}

function equalsAny(value: string | null, candidates: readonly string[]): boolean {
  if (value === null) return false;
  const normalized = normalize(value);
  return normalized.length > 0 && candidates.some((candidate) => normalize(candidate) === normalized);
}

/** Whether `region` starts with one of `prefixes` ('广东省' covers every place in Guangdong). */
export function regionMatches(region: string | null, prefixes: readonly string[]): boolean {
  if (region === null) return false;
  const normalized = normalize(region);
  return prefixes.some((prefix) => {
    const start = normalize(prefix);
    return start.length > 0 && normalized.startsWith(start);
  });
}

const searchableText = (facts: Pick<TicketFacts, 'title' | 'description'>) =>
  normalize(`${facts.title}\n${facts.description}`);

/** Whether every condition the rule states holds for these facts; a rule without conditions always matches. */
export function ruleMatches(conditions: RuleConditions, facts: TicketFacts): boolean {
  const c = conditions;
  if (nonEmpty(c.keywordsAny) && !containsAny(searchableText(facts), c.keywordsAny)) return false;
  if (nonEmpty(c.channels) && !c.channels.includes(facts.channel)) return false;
  if (nonEmpty(c.types) && !c.types.includes(facts.type)) return false;
  if (
    nonEmpty(c.customerTiers) &&
    (facts.customerTier === null || !c.customerTiers.includes(facts.customerTier))
  ) {
    return false;
  }
  if (nonEmpty(c.productModels) && !equalsAny(facts.productModel, c.productModels)) return false;
  if (nonEmpty(c.productLines) && !equalsAny(facts.productLine, c.productLines)) return false;
  if (nonEmpty(c.productCategories) && !equalsAny(facts.productCategory, c.productCategories)) return false;
  if (nonEmpty(c.regions) && !regionMatches(facts.region, c.regions)) return false;
  return true;
}

/** The complaint words found in the title or description, each once, in policy order. */
export function findComplaintWords(
  facts: Pick<TicketFacts, 'title' | 'description'>,
  words: readonly string[],
): string[] {
  const text = searchableText(facts);
  const found: string[] = [];
  const seen = new Set<string>();
  for (const word of words) {
    const normalized = normalize(word);
    if (normalized.length === 0 || seen.has(normalized)) continue;
    seen.add(normalized);
    if (text.includes(normalized)) found.push(word.trim());
  }
  return found;
}

const emotionLevel = (emotion: Emotion) => EMOTIONS.indexOf(emotion);

/** The stronger of two emotions (normal < anxious < dissatisfied < angry). */
export const strongerEmotion = (a: Emotion, b: Emotion): Emotion =>
  emotionLevel(b) > emotionLevel(a) ? b : a;

/** Priority arithmetic over the active levels: unknown codes are treated as absent. */
export class PriorityScale {
  readonly #ranks: Map<string, number>;
  readonly #leastUrgent: string;

  constructor(levels: readonly PriorityLevel[]) {
    this.#ranks = new Map(levels.map((level) => [level.code, level.rank]));
    const sorted = [...levels].sort((a, b) => b.rank - a.rank);
    this.#leastUrgent = sorted[0]?.code ?? FALLBACK_PRIORITY;
  }

  has(code: string | null | undefined): code is string {
    return code !== null && code !== undefined && this.#ranks.has(code);
  }

  /** The least urgent active level (P3 by default): what a ticket gets when nothing decides. */
  get leastUrgent(): string {
    return this.#leastUrgent;
  }

  /** `current` raised to at least `floor`; a floor that is not an active level changes nothing. */
  atLeast(current: string | null, floor: string | null): string | null {
    if (!this.has(floor)) return current;
    if (!this.has(current)) return floor;
    return this.#ranks.get(floor)! < this.#ranks.get(current)! ? floor : current;
  }
}

/**
 * Classifies a ticket (R2.4). Active rules run in the given order (position order); a later matching
 * rule overrides the single-valued actions of an earlier one, tags accumulate, and a matching rule with
 * `stopAfterMatch` ends the evaluation. What the caller stated explicitly wins over the rules. Then the
 * policy: complaint words raise emotion (to 'angry' from `angryWordCount` distinct words) and priority
 * and add the complaint tag; VIP customers get a priority floor. Without any decision the ticket gets
 * the least urgent active priority.
 */
export function classify(input: {
  facts: TicketFacts;
  given?: GivenClassification;
  rules: readonly ClassificationRule[];
  policy: ClassificationPolicy;
  priorities: readonly PriorityLevel[];
}): ClassificationOutcome {
  const { facts, policy } = input;
  const given = input.given ?? {};
  const scale = new PriorityScale(input.priorities);

  let ruleCategory: string | null = null;
  let rulePriority: string | null = null;
  let ruleEmotion: Emotion | null = null;
  let groupKey: string | null = null;
  const tags: string[] = [];
  const matchedRuleIds: string[] = [];

  for (const rule of input.rules) {
    if (!ruleMatches(rule.conditions, facts)) continue;
    matchedRuleIds.push(rule.id);
    const { actions } = rule;
    if (actions.categoryCode) ruleCategory = actions.categoryCode;
    if (scale.has(actions.priority)) rulePriority = actions.priority;
    if (actions.emotion) ruleEmotion = actions.emotion;
    if (actions.groupKey) groupKey = actions.groupKey;
    for (const tag of actions.addTags ?? []) addTag(tags, tag);
    if (rule.stopAfterMatch) break;
  }

  let priority: string | null = scale.has(given.priority) ? given.priority : rulePriority;
  let emotion: Emotion = given.emotion ?? ruleEmotion ?? 'normal';

  const complaintWords = findComplaintWords(facts, policy.complaintWords);
  if (complaintWords.length > 0) {
    const angry = complaintWords.length >= Math.max(1, policy.angryWordCount);
    emotion = strongerEmotion(emotion, angry ? 'angry' : 'dissatisfied');
    priority = scale.atLeast(priority, policy.complaintPriorityFloor);
    addTag(tags, policy.complaintTag);
  }
  if (facts.customerTier === 'vip') priority = scale.atLeast(priority, policy.vipPriorityFloor);

  return {
    categoryCode: given.categoryCode || ruleCategory,
    priority: priority ?? scale.leastUrgent,
    emotion,
    tags,
    groupKey,
    matchedRuleIds,
    complaintWords,
  };
}

function addTag(tags: string[], tag: string): void {
  const trimmed = tag.trim();
  if (trimmed && !tags.includes(trimmed)) tags.push(trimmed);
}
