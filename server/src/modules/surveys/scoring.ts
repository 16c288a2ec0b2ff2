/**
 * Survey arithmetic (R6), pure: the scales and their labels, normalising answers to 0–100, the bands,
 * a survey's overall score, and the low-score rule of R6.2.
 */

export const SURVEY_SCALES = ['five', 'hundred'] as const;
export type SurveyScale = (typeof SURVEY_SCALES)[number];

/** The five levels of the 1–5 scale (seed 000: 非常满意 … 非常不满意), lowest first. */
export const FIVE_LEVELS = [
  'very_dissatisfied',
  'dissatisfied',
  'neutral',
  'satisfied',
  'very_satisfied',
] as const;
export type FiveLevel = (typeof FIVE_LEVELS)[number];

/** The bands of the 0–100 scale (seed 004): 90–100 satisfied, 70–89 basically satisfied, below 70 unsatisfied. */
export const BANDS = ['unsatisfied', 'basically_satisfied', 'satisfied'] as const;
export type Band = (typeof BANDS)[number];

export interface LowScoreRule {
  /** On the 1–5 scale, an answer at or below this is low (R6.2: ≤ 3). */
  fiveAtMost: number;
  /** On the 0–100 scale, an answer below this is low (R6.2: below 70). */
  hundredBelow: number;
  /** Also low: any 不满意/非常不满意 answer (1–2 of 5, or the unsatisfied band), whatever the thresholds. */
  dissatisfiedIsLow: boolean;
}

export const DEFAULT_LOW_SCORE_RULE: LowScoreRule = {
  fiveAtMost: 3,
  hundredBelow: 70,
  dissatisfiedIsLow: true,
};

export function scaleRange(scale: SurveyScale): { min: number; max: number } {
  return scale === 'five' ? { min: 1, max: 5 } : { min: 0, max: 100 };
}

export function isValidScore(scale: SurveyScale, value: number): boolean {
  const { min, max } = scaleRange(scale);
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * An answer on 0–100. Five levels count 20 each, so the two scales agree on R6.2: 3 of 5 is 60 (below
 * 70, low), 4 of 5 is 80 (basically satisfied), 5 of 5 is 100.
 */
export function normalise(scale: SurveyScale, value: number): number {
  return scale === 'five' ? value * 20 : value;
}

export function bandOf(normalised: number): Band {
  if (normalised >= 90) return 'satisfied';
  if (normalised >= 70) return 'basically_satisfied';
  return 'unsatisfied';
}

/** The label level of a 1–5 answer. */
export const fiveLevelOf = (value: number): FiveLevel => FIVE_LEVELS[Math.min(5, Math.max(1, value)) - 1]!;

/** 不满意 or 非常不满意: 1–2 of 5, or the unsatisfied band of 0–100. */
export function isDissatisfied(scale: SurveyScale, value: number): boolean {
  return scale === 'five' ? value <= 2 : bandOf(value) === 'unsatisfied';
}

/** R6.2: whether one answer (on the survey's own scale) is a low rating. */
export function isLowAnswer(scale: SurveyScale, value: number, rule: LowScoreRule): boolean {
  const belowThreshold = scale === 'five' ? value <= rule.fiveAtMost : value < rule.hundredBelow;
  return belowThreshold || (rule.dissatisfiedIsLow && isDissatisfied(scale, value));
}

/** The answers of a survey that are low ratings, by question key; empty when the survey is not low. */
export function lowAnswers(
  scale: SurveyScale,
  scores: Readonly<Record<string, number>>,
  rule: LowScoreRule,
): Record<string, number> {
  return Object.fromEntries(Object.entries(scores).filter(([, value]) => isLowAnswer(scale, value, rule)));
}

/**
 * A survey's single figure on 0–100: the answer to `overall` when it was asked, else the mean of the
 * score answers; null without any score answer.
 */
export function overallScore(scale: SurveyScale, scores: Readonly<Record<string, number>>): number | null {
  const overall = scores.overall;
  if (overall !== undefined) return normalise(scale, overall);
  const values = Object.values(scores);
  if (values.length === 0) return null;
  return (
    Math.round((values.reduce((sum, value) => sum + normalise(scale, value), 0) / values.length) * 100) / 100
  );
}
