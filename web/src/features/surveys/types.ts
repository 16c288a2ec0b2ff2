/** Satisfaction surveys (R6), as the API presents them (server: modules/surveys). */

export type SurveyScale = 'five' | 'hundred';
export type SurveyChannelSetting = 'auto' | 'email' | 'sms' | 'portal';
export type Band = 'unsatisfied' | 'basically_satisfied' | 'satisfied';

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
export type RemedyType = (typeof REMEDY_TYPES)[number];

export type SurveyQuestion = {
  key: string;
  kind: 'score' | 'text';
  labels: { 'zh-CN': string; en: string };
  required: boolean;
  position: number;
};

export type SurveySettings = {
  enabled: boolean;
  delayMinutes: number;
  channel: SurveyChannelSetting;
  linkValidDays: number;
  reminderAfterHours: number | null;
  scale: SurveyScale;
  lowScore: { fiveAtMost: number; hundredBelow: number; dissatisfiedIsLow: boolean };
  followUpHours: number;
  questions: SurveyQuestion[];
  causeTags: string[];
};

export type FollowUp = {
  id: string;
  surveyId: string;
  ticket: { id: string; number: string; title: string };
  customerName: string | null;
  assignee: { id: string; displayName: string } | null;
  status: 'open' | 'done';
  dueAt: string;
  overallScore: number | null;
  scale: SurveyScale;
  lowAnswers: Record<string, number>;
  causeTags: string[];
  remedyType: RemedyType | null;
  remedyAmount: number | null;
  note: string;
  completedAt: string | null;
  completedBy: { id: string; displayName: string } | null;
  createdAt: string;
};

export type FollowUpInput = {
  causeTags: string[];
  remedyType: RemedyType;
  remedyAmount?: number | null;
  note: string;
  done: boolean;
};

export type SurveyAnswer = {
  key: string;
  kind: 'score' | 'text';
  label: string;
  rawScore: number | null;
  score: number | null;
  text: string | null;
};

export type Survey = {
  id: string;
  ticket: { id: string; number: string; title: string };
  status: 'scheduled' | 'sent' | 'answered' | 'expired';
  channel: 'email' | 'sms' | 'portal' | null;
  scale: SurveyScale;
  sendAt: string;
  sentAt: string | null;
  expiresAt: string | null;
  remindedAt: string | null;
  answeredAt: string | null;
  overallScore: number | null;
  band: Band | null;
  isLow: boolean | null;
  agent: { id: string; displayName: string } | null;
  answers: SurveyAnswer[];
  followUp: FollowUp | null;
};

export type CsatFigures = {
  sent: number;
  answered: number;
  responseRate: number | null;
  average: number | null;
  satisfiedRate: number | null;
  lowCount: number;
};

export type CsatDimension = 'agent' | 'group' | 'category' | 'product';
export type CsatInterval = 'week' | 'month';

export type CsatReport = {
  from: string;
  to: string;
  interval: CsatInterval;
  by: CsatDimension;
  totals: CsatFigures;
  bands: Record<Band, number>;
  levels: Record<'1' | '2' | '3' | '4' | '5', number>;
  trend: ({ period: string } & CsatFigures)[];
  breakdown: ({ id: string | null; name: string | null } & CsatFigures)[];
};

export type CsatQuery = { from: string; to: string; interval: CsatInterval; by: CsatDimension };
