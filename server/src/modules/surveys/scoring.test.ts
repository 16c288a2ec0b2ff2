import { describe, expect, it } from 'vitest';
import {
  bandOf,
  DEFAULT_LOW_SCORE_RULE,
  fiveLevelOf,
  isLowAnswer,
  isValidScore,
  lowAnswers,
  normalise,
  overallScore,
} from './scoring.js';

describe('normalising and bands', () => {
  it.each([
    [1, 20, 'unsatisfied', 'very_dissatisfied'],
    [2, 40, 'unsatisfied', 'dissatisfied'],
    [3, 60, 'unsatisfied', 'neutral'],
    [4, 80, 'basically_satisfied', 'satisfied'],
    [5, 100, 'satisfied', 'very_satisfied'],
  ] as const)('%i of 5 is %i of 100, %s, labelled %s', (value, normalised, band, level) => {
    expect(normalise('five', value)).toBe(normalised);
    expect(bandOf(normalise('five', value))).toBe(band);
    expect(fiveLevelOf(value)).toBe(level);
  });

  it.each([
    [100, 'satisfied'],
    [90, 'satisfied'],
    [89, 'basically_satisfied'],
    [70, 'basically_satisfied'],
    [69, 'unsatisfied'],
    [0, 'unsatisfied'],
  ] as const)('%i of 100 is in the band %s (seed 004)', (value, band) => {
    expect(normalise('hundred', value)).toBe(value);
    expect(bandOf(value)).toBe(band);
  });

  it('accepts whole numbers on the scale only', () => {
    expect(isValidScore('five', 1)).toBe(true);
    expect(isValidScore('five', 5)).toBe(true);
    expect(isValidScore('five', 0)).toBe(false);
    expect(isValidScore('five', 6)).toBe(false);
    expect(isValidScore('five', 3.5)).toBe(false);
    expect(isValidScore('hundred', 0)).toBe(true);
    expect(isValidScore('hundred', 100)).toBe(true);
    expect(isValidScore('hundred', 101)).toBe(false);
    expect(isValidScore('hundred', -1)).toBe(false);
  });
});

describe('the low-score rule (R6.2)', () => {
  it.each([
    ['five', 1, true],
    ['five', 2, true],
    ['five', 3, true],
    ['five', 4, false],
    ['five', 5, false],
    ['hundred', 69, true],
    ['hundred', 70, false],
    ['hundred', 95, false],
  ] as const)('with the defaults, %s scale %i is low: %s', (scale, value, low) => {
    expect(isLowAnswer(scale, value, DEFAULT_LOW_SCORE_RULE)).toBe(low);
  });

  it('keeps 不满意/非常不满意 low when the thresholds are lowered', () => {
    const strict = { fiveAtMost: 1, hundredBelow: 50, dissatisfiedIsLow: true };
    expect(isLowAnswer('five', 2, strict)).toBe(true);
    expect(isLowAnswer('five', 3, strict)).toBe(false);
    expect(isLowAnswer('hundred', 60, strict)).toBe(true);
    const thresholdsOnly = { ...strict, dissatisfiedIsLow: false };
    expect(isLowAnswer('five', 2, thresholdsOnly)).toBe(false);
    expect(isLowAnswer('five', 1, thresholdsOnly)).toBe(true);
    expect(isLowAnswer('hundred', 60, thresholdsOnly)).toBe(false);
    expect(isLowAnswer('hundred', 49, thresholdsOnly)).toBe(true);
  });

  it('names the low answers of a survey', () => {
    expect(lowAnswers('five', { speed: 2, result: 4, overall: 3 }, DEFAULT_LOW_SCORE_RULE)).toEqual({
      speed: 2,
      overall: 3,
    });
    expect(lowAnswers('five', { speed: 5, overall: 4 }, DEFAULT_LOW_SCORE_RULE)).toEqual({});
  });
});

describe('overall score', () => {
  it('is the overall answer when asked, on 0–100', () => {
    expect(overallScore('five', { speed: 1, overall: 4 })).toBe(80);
    expect(overallScore('hundred', { speed: 10, overall: 75 })).toBe(75);
  });

  it('is the mean of the scores without an overall question, and null without scores', () => {
    expect(overallScore('five', { speed: 2, result: 3, professionalism: 5 })).toBe(66.67);
    expect(overallScore('hundred', { speed: 80, result: 91 })).toBe(85.5);
    expect(overallScore('five', {})).toBeNull();
  });
});
