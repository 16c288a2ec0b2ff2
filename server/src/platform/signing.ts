import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from './db/database.js';

/**
 * Secrets for signing public links, one per purpose, kept in the database (never in the code or the
 * environment): generated on first use, so every process sharing the database signs and verifies alike.
 */
export async function signingSecret(db: Queryable, purpose: string): Promise<Buffer> {
  const read = async () =>
    (await db.query<{ secret: string }>('SELECT secret FROM signing_keys WHERE purpose = $1', [purpose]))[0]
      ?.secret;
  let secret = await read();
  if (!secret) {
    // Two processes generating at once: the first insert wins and both read the winner back.
    await db.query(
      'INSERT INTO signing_keys (purpose, secret) VALUES ($1, $2) ON CONFLICT (purpose) DO NOTHING',
      [purpose, randomBytes(32).toString('base64url')],
    );
    secret = await read();
  }
  if (!secret) throw new Error(`No signing key for ${purpose}`);
  return Buffer.from(secret, 'base64url');
}

/** HMAC-SHA256 of the payload, truncated to 128 bits (enough against forgery, short enough for an SMS). */
export function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, 16).toString('base64url');
}

/** Constant-time comparison of a presented signature with the expected one. */
export function verifySignature(secret: Buffer, payload: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, payload), 'base64url');
  const presented = Buffer.from(signature, 'base64url');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
