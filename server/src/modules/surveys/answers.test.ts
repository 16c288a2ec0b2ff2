import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.js';
import { chooseSurveyChannel, readAnswers } from './answers.js';
import { DEFAULT_QUESTIONS } from './surveys.schema.js';

const complete = { speed: 4, result: 5, professionalism: 3, overall: 4 };

function problem(run: () => unknown): { field: unknown; key: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { field: error.details.field, key: error.messageKey };
    throw error;
  }
  throw new Error('expected a problem');
}

describe('reading answers', () => {
  it('keeps each answer with its score on 0–100, trims texts and drops empty optional ones', () => {
    const read = readAnswers('five', DEFAULT_QUESTIONS, {
      ...complete,
      suggestions: '  多些上门时段 ',
      otherNeeds: ' ',
    });
    expect(
      read.map((answer) => [answer.questionKey, answer.rawScore, answer.score, answer.textValue]),
    ).toEqual([
      ['speed', 4, 80, null],
      ['result', 5, 100, null],
      ['professionalism', 3, 60, null],
      ['overall', 4, 80, null],
      ['suggestions', null, null, '多些上门时段'],
    ]);
  });

  it('names the field of a missing, out-of-range, mistyped or unknown answer', () => {
    expect(problem(() => readAnswers('five', DEFAULT_QUESTIONS, { speed: 4 }))).toEqual({
      field: 'body.answers.result',
      key: 'surveys.answerRequired',
    });
    expect(problem(() => readAnswers('five', DEFAULT_QUESTIONS, { ...complete, speed: 6 }))).toEqual({
      field: 'body.answers.speed',
      key: 'surveys.scoreOutOfRange',
    });
    expect(problem(() => readAnswers('hundred', DEFAULT_QUESTIONS, { ...complete, overall: '90' }))).toEqual({
      field: 'body.answers.overall',
      key: 'surveys.scoreOutOfRange',
    });
    expect(problem(() => readAnswers('five', DEFAULT_QUESTIONS, { ...complete, suggestions: 5 }))).toEqual({
      field: 'body.answers.suggestions',
      key: 'surveys.textExpected',
    });
    expect(problem(() => readAnswers('five', DEFAULT_QUESTIONS, { ...complete, mood: 3 }))).toEqual({
      field: 'body.answers.mood',
      key: 'surveys.unknownQuestion',
    });
  });
});

describe('choosing the channel (R6.1)', () => {
  const both = { email: 'a@example.com', phone: '13800000000' };
  const phoneOnly = { email: null, phone: '13800000000' };
  const none = { email: null, phone: null };
  it.each([
    ['auto', both, true, 'email'],
    ['auto', phoneOnly, true, 'sms'],
    ['auto', phoneOnly, false, 'portal'],
    ['auto', none, true, 'portal'],
    ['email', phoneOnly, true, 'portal'],
    ['sms', both, true, 'sms'],
    ['sms', both, false, 'portal'],
    ['portal', both, true, 'portal'],
  ] as const)('%s with %o (SMS configured: %s) goes by %s', (setting, contact, sms, channel) => {
    expect(chooseSurveyChannel(setting, contact, sms).channel).toBe(channel);
  });
});
