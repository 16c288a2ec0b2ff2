import { AppError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/translate.js';
import { isValidScore, normalise, type SurveyScale, scaleRange } from './scoring.js';
import type { SurveyQuestion } from './surveys.schema.js';

export interface ReadAnswer {
  questionKey: string;
  kind: 'score' | 'text';
  rawScore: number | null;
  score: number | null;
  textValue: string | null;
  position: number;
}

export const questionLabel = (question: SurveyQuestion, locale: Locale) =>
  question.labels[locale] || question.labels['zh-CN'];

/**
 * The customer's answers checked against the survey's questions: every key known, required ones given,
 * scores whole numbers on the scale, texts trimmed (empty optional texts dropped). Each problem names
 * its field (`body.answers.<key>`).
 */
export function readAnswers(
  scale: SurveyScale,
  questions: readonly SurveyQuestion[],
  answers: Readonly<Record<string, number | string>>,
): ReadAnswer[] {
  for (const key of Object.keys(answers)) {
    if (!questions.some((question) => question.key === key)) {
      throw new AppError('validation_failed', 'surveys.unknownQuestion', {
        field: `body.answers.${key}`,
        params: { key },
      });
    }
  }
  const read: ReadAnswer[] = [];
  for (const question of questions) {
    const value = answers[question.key];
    const field = `body.answers.${question.key}`;
    const missing = value === undefined || (typeof value === 'string' && value.trim() === '');
    if (missing) {
      if (question.required) {
        throw new AppError('validation_failed', 'surveys.answerRequired', {
          field,
          params: { label: (locale) => questionLabel(question, locale) },
        });
      }
      continue;
    }
    if (question.kind === 'score') {
      if (typeof value !== 'number' || !isValidScore(scale, value)) {
        throw new AppError('validation_failed', 'surveys.scoreOutOfRange', {
          field,
          params: scaleRange(scale),
        });
      }
      read.push({
        questionKey: question.key,
        kind: 'score',
        rawScore: value,
        score: normalise(scale, value),
        textValue: null,
        position: question.position,
      });
    } else {
      if (typeof value !== 'string')
        throw new AppError('validation_failed', 'surveys.textExpected', { field });
      read.push({
        questionKey: question.key,
        kind: 'text',
        rawScore: null,
        score: null,
        textValue: value.trim(),
        position: question.position,
      });
    }
  }
  return read;
}

export type SurveyChannelSetting = 'auto' | 'email' | 'sms' | 'portal';

/**
 * R6.1: how the invitation goes out. `auto` takes e-mail when the customer has an address, else an SMS
 * link when SMS is configured and there is a number, else the portal alone (the link shows on the
 * customer's ticket page). A chosen channel that cannot reach the customer falls back to the portal.
 */
export function chooseSurveyChannel(
  setting: SurveyChannelSetting,
  contact: { email: string | null; phone: string | null },
  smsAvailable: boolean,
): { channel: 'email' | 'sms' | 'portal'; recipient: string | null } {
  const email = contact.email ? { channel: 'email' as const, recipient: contact.email } : null;
  const sms = smsAvailable && contact.phone ? { channel: 'sms' as const, recipient: contact.phone } : null;
  const portal = { channel: 'portal' as const, recipient: null };
  switch (setting) {
    case 'auto':
      return email ?? sms ?? portal;
    case 'email':
      return email ?? portal;
    case 'sms':
      return sms ?? portal;
    case 'portal':
      return portal;
  }
}
