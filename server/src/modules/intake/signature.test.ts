import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature.js';

const secret = 'whsec_test';
const body = '{"text":"你好"}';
const now = new Date('2026-03-02T02:00:00Z');
const ts = Math.floor(now.getTime() / 1000);

const verify = (overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
  verifyWebhookSignature({
    secret,
    rawBody: body,
    timestampHeader: String(ts),
    signatureHeader: signWebhook(secret, ts, body),
    now,
    toleranceSeconds: 300,
    ...overrides,
  });

describe('verifyWebhookSignature', () => {
  it.each([
    ['a correct signature', {}, 'valid'],
    ['no signature', { signatureHeader: undefined }, 'missing'],
    ['no timestamp', { timestampHeader: undefined }, 'missing'],
    ['a malformed signature', { signatureHeader: 'md5=abc' }, 'malformed'],
    ['a timestamp that is not a number', { timestampHeader: 'yesterday' }, 'malformed'],
    ['a body changed in transit', { rawBody: '{"text":"您好"}' }, 'mismatch'],
    ['another secret', { secret: 'other' }, 'mismatch'],
    [
      'a timestamp 6 minutes old',
      { timestampHeader: String(ts - 360), signatureHeader: signWebhook(secret, ts - 360, body) },
      'stale',
    ],
    [
      'a timestamp 4 minutes old',
      { timestampHeader: String(ts - 240), signatureHeader: signWebhook(secret, ts - 240, body) },
      'valid',
    ],
    [
      'a timestamp from the future',
      { timestampHeader: String(ts + 600), signatureHeader: signWebhook(secret, ts + 600, body) },
      'stale',
    ],
    ['a signature for another timestamp', { timestampHeader: String(ts - 1) }, 'mismatch'],
  ] as const)('%s → %s', (_name, overrides, verdict) => {
    expect(verify(overrides)).toBe(verdict);
  });
});
