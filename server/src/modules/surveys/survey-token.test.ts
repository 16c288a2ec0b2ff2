import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signSurveyToken, verifySurveyToken } from './survey-token.js';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const surveyId = randomUUID();
const expiresAt = new Date('2026-03-16T02:00:00Z');
const before = new Date('2026-03-10T00:00:00Z');
const token = signSurveyToken(secret, surveyId, expiresAt);

/** The token with one character of a part replaced by another valid one. */
function flip(part: number): string {
  const parts = token.split('.');
  const text = parts[part]!;
  const last = text.at(-2)!;
  parts[part] = `${text.slice(0, -2)}${last === 'A' ? 'B' : 'A'}${text.at(-1)}`;
  return parts.join('.');
}

describe('survey link tokens', () => {
  it('verify what they sign: the survey and its expiry', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    expect(verifySurveyToken(secret, token, before)).toEqual({ outcome: 'valid', surveyId, expiresAt });
  });

  it('expire at their expiry', () => {
    expect(verifySurveyToken(secret, token, new Date('2026-03-16T01:59:59Z')).outcome).toBe('valid');
    expect(verifySurveyToken(secret, token, expiresAt)).toEqual({ outcome: 'expired', surveyId, expiresAt });
  });

  it('refuse a changed survey id, a changed expiry and a changed signature', () => {
    expect(verifySurveyToken(secret, flip(0), before).outcome).toBe('invalid');
    expect(verifySurveyToken(secret, flip(2), before).outcome).toBe('invalid');
    const [id, , signature] = token.split('.');
    const later = Math.floor(expiresAt.getTime() / 1000 + 86_400 * 30).toString(36);
    expect(verifySurveyToken(secret, `${id}.${later}.${signature}`, before).outcome).toBe('invalid');
  });

  it('refuse one signed with another secret (forged)', () => {
    const forged = signSurveyToken(Buffer.from('another secret of thirty-two b.'), surveyId, expiresAt);
    expect(verifySurveyToken(secret, forged, before).outcome).toBe('invalid');
  });

  it('refuse malformed text', () => {
    for (const text of ['', 'abc', `${token}.x`, token.replaceAll('.', ''), `${token.slice(0, -1)}!`]) {
      expect(verifySurveyToken(secret, text, before).outcome).toBe('invalid');
    }
  });
});
