import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Inbound webhook signatures: HMAC-SHA256 over `<timestamp>.<raw body>` with the source's secret,
 * sent as `X-Aftercare-Signature: sha256=<hex>` next to `X-Aftercare-Timestamp: <unix seconds>`.
 */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export type SignatureVerdict = 'valid' | 'missing' | 'malformed' | 'stale' | 'mismatch';

export function verifyWebhookSignature(input: {
  secret: string;
  rawBody: string;
  timestampHeader: string | undefined;
  signatureHeader: string | undefined;
  now: Date;
  toleranceSeconds: number;
}): SignatureVerdict {
  if (!input.timestampHeader || !input.signatureHeader) return 'missing';
  if (!/^\d{1,12}$/.test(input.timestampHeader) || !/^sha256=[0-9a-f]{64}$/.test(input.signatureHeader))
    return 'malformed';
  const timestamp = Number(input.timestampHeader);
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > input.toleranceSeconds) return 'stale';
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.rawBody));
  const given = Buffer.from(input.signatureHeader);
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'valid' : 'mismatch';
}
