import { z } from 'zod';
import { DEFAULT_LOW_SCORE_RULE, SURVEY_SCALES } from './scoring.js';

export const SURVEY_CHANNELS = ['auto', 'email', 'sms', 'portal'] as const;
export const REMEDY_TYPES = [
  'none',
  'apology',
  'coupon',
  'cash',
  'refund',
  'replacement',
  'free_repair',
  'gift',
  'other',
] as const;

const label = z.string().trim().max(200);

export const surveyQuestionSchema = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9]{1,39}$/, 'Use 2–40 letters or digits, starting with a lowercase letter'),
  kind: z.enum(['score', 'text']),
  labels: z.strictObject({ 'zh-CN': label.min(1), en: label.default('') }),
  required: z.boolean().default(false),
  position: z.number().int().min(0).max(1000).default(0),
});
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

/** The questions of R6.1 (seed 000 步骤5): speed, result, professionalism, overall, suggestions, other needs. */
export const DEFAULT_QUESTIONS: SurveyQuestion[] = [
  {
    key: 'speed',
    kind: 'score',
    labels: { 'zh-CN': '对问题解决速度的评价', en: 'How quickly was your problem solved?' },
    required: true,
    position: 10,
  },
  {
    key: 'result',
    kind: 'score',
    labels: { 'zh-CN': '对处理结果的满意度', en: 'How satisfied are you with the result?' },
    required: true,
    position: 20,
  },
  {
    key: 'professionalism',
    kind: 'score',
    labels: { 'zh-CN': '对服务人员专业程度的评价', en: 'How professional was our staff?' },
    required: true,
    position: 30,
  },
  {
    key: 'overall',
    kind: 'score',
    labels: { 'zh-CN': '对本次售后服务的整体满意度', en: 'Overall, how satisfied are you with our service?' },
    required: true,
    position: 40,
  },
  {
    key: 'suggestions',
    kind: 'text',
    labels: { 'zh-CN': '对售后服务的整体建议', en: 'Any suggestions for our after-sales service?' },
    required: false,
    position: 50,
  },
  {
    key: 'otherNeeds',
    kind: 'text',
    labels: { 'zh-CN': '是否有其他需求需要我们协助？', en: 'Is there anything else we can help you with?' },
    required: false,
    position: 60,
  },
];

/** R6.2 examples (响应慢, 技术不专业 …) and the usual others; administrators edit the list. */
export const DEFAULT_CAUSE_TAGS = [
  '响应慢',
  '技术不专业',
  '处理结果不满意',
  '服务态度',
  '产品质量',
  '流程繁琐',
  '其他',
];

/** The survey rules an administrator tunes (R6, R13.2); every number is a default. */
export const surveySettingsSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** R6.1: the invitation goes out this long after closing — "within 24 hours". */
    delayMinutes: z.number().int().min(0).max(1440).default(60),
    /** auto: e-mail when the customer has an address, else an SMS link, else the portal only. */
    channel: z.enum(SURVEY_CHANNELS).default('auto'),
    linkValidDays: z.number().int().min(1).max(90).default(14),
    /** One reminder this long after the invitation if unanswered; null sends none. */
    reminderAfterHours: z.number().int().min(1).max(2160).nullable().default(48),
    scale: z.enum(SURVEY_SCALES).default('five'),
    lowScore: z
      .strictObject({
        fiveAtMost: z.number().int().min(1).max(5).default(DEFAULT_LOW_SCORE_RULE.fiveAtMost),
        hundredBelow: z.number().int().min(1).max(100).default(DEFAULT_LOW_SCORE_RULE.hundredBelow),
        dissatisfiedIsLow: z.boolean().default(DEFAULT_LOW_SCORE_RULE.dissatisfiedIsLow),
      })
      .default(DEFAULT_LOW_SCORE_RULE),
    /** R6.2: the supervisor follows a low rating up within this many hours. */
    followUpHours: z.number().int().min(1).max(720).default(48),
    questions: z.array(surveyQuestionSchema).min(1).max(20).default(DEFAULT_QUESTIONS),
    causeTags: z.array(z.string().trim().min(1).max(30)).max(50).default(DEFAULT_CAUSE_TAGS),
  })
  .meta({ id: 'SurveySettings' });
export type SurveySettings = z.infer<typeof surveySettingsSchema>;

export const surveyTokenParams = z.strictObject({ token: z.string().min(1).max(200) });

export const publicSurveyResponse = z
  .object({
    ticketNumber: z.string(),
    ticketTitle: z.string(),
    scale: z.enum(SURVEY_SCALES),
    questions: z.array(
      z.object({
        key: z.string(),
        kind: z.enum(['score', 'text']),
        label: z.string(),
        required: z.boolean(),
      }),
    ),
    status: z.literal('open'),
  })
  .meta({ id: 'PublicSurvey' });

export const publicSurveyAnswerBody = z.strictObject({
  answers: z.record(z.string().max(40), z.union([z.number(), z.string().max(2000)])),
});

const answerView = z.object({
  key: z.string(),
  kind: z.enum(['score', 'text']),
  label: z.string(),
  rawScore: z.number().nullable(),
  score: z.number().nullable().describe('Normalised to 0–100'),
  text: z.string().nullable(),
});

export const followUpView = z
  .object({
    id: z.string(),
    surveyId: z.string(),
    ticket: z.object({ id: z.string(), number: z.string(), title: z.string() }),
    customerName: z.string().nullable(),
    assignee: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    status: z.enum(['open', 'done']),
    dueAt: z.string(),
    overallScore: z.number().nullable(),
    scale: z.enum(SURVEY_SCALES),
    lowAnswers: z.record(z.string(), z.number()),
    causeTags: z.array(z.string()),
    remedyType: z.enum(REMEDY_TYPES).nullable(),
    remedyAmount: z.number().nullable(),
    note: z.string(),
    completedAt: z.string().nullable(),
    completedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'SurveyFollowUp' });

export const surveyView = z
  .object({
    id: z.string(),
    ticket: z.object({ id: z.string(), number: z.string(), title: z.string() }),
    status: z.enum(['scheduled', 'sent', 'answered', 'expired']),
    channel: z.enum(['email', 'sms', 'portal']).nullable(),
    scale: z.enum(SURVEY_SCALES),
    sendAt: z.string(),
    sentAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    remindedAt: z.string().nullable(),
    answeredAt: z.string().nullable(),
    overallScore: z.number().nullable(),
    band: z.enum(['unsatisfied', 'basically_satisfied', 'satisfied']).nullable(),
    isLow: z.boolean().nullable(),
    agent: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    answers: z.array(answerView),
    followUp: followUpView.nullable(),
  })
  .meta({ id: 'Survey' });

export const listSurveysQuery = z.strictObject({
  customerId: z.uuid().optional(),
  agentId: z.uuid().optional(),
  status: z.enum(['scheduled', 'sent', 'answered', 'expired']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const listFollowUpsQuery = z.strictObject({
  status: z.enum(['open', 'done']).optional(),
  assignee: z.literal('me').optional(),
});

export const updateFollowUpBody = z.strictObject({
  causeTags: z.array(z.string().trim().min(1).max(30)).max(20),
  remedyType: z.enum(REMEDY_TYPES),
  remedyAmount: z.number().min(0).max(10_000_000).nullable().optional(),
  note: z.string().trim().max(5000),
  done: z.boolean(),
});
export type UpdateFollowUpInput = z.infer<typeof updateFollowUpBody>;

const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const csatQuery = z.strictObject({
  from: dateOrDateTime.describe('Start (a date is its midnight in the configured time zone)'),
  to: dateOrDateTime.describe('End, exclusive (a date is its midnight in the configured time zone)'),
  interval: z.enum(['week', 'month']).default('month'),
  by: z.enum(['agent', 'group', 'category', 'product']).default('agent'),
});
export type CsatQuery = z.infer<typeof csatQuery>;

const csatFigures = {
  sent: z.number().int(),
  answered: z.number().int(),
  responseRate: z.number().nullable().describe('answered / sent, 0–1'),
  average: z.number().nullable().describe('Mean overall score, 0–100'),
  satisfiedRate: z.number().nullable().describe('Share of answers of 70 or more (满意 and 基本满意), 0–1'),
  lowCount: z.number().int(),
};

export const csatResponse = z
  .object({
    from: z.string(),
    to: z.string(),
    interval: z.enum(['week', 'month']),
    by: z.enum(['agent', 'group', 'category', 'product']),
    totals: z.object(csatFigures),
    bands: z.object({
      unsatisfied: z.number().int(),
      basically_satisfied: z.number().int(),
      satisfied: z.number().int(),
    }),
    levels: z
      .object({
        '1': z.number().int(),
        '2': z.number().int(),
        '3': z.number().int(),
        '4': z.number().int(),
        '5': z.number().int(),
      })
      .describe('Answers to five-level surveys by level of their overall score'),
    trend: z.array(
      z.object({ period: z.string().describe('First day of the week or month'), ...csatFigures }),
    ),
    breakdown: z.array(z.object({ id: z.string().nullable(), name: z.string().nullable(), ...csatFigures })),
  })
  .meta({ id: 'CsatReport' });
