import { createHash } from 'node:crypto';
import { z } from 'zod';
import { emailKey, normalizePhone } from '../customers/contact-details.js';
import { maskEmail, maskPhone } from '../customers/masking.js';

/** Where a one-time code goes and what a portal session was verified with: an e-mail address or a mobile number. */
export type Destination = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

const email = z.email();
// Mainland mobile numbers (the SMS gateways' home ground) and international numbers in E.164 form.
const MOBILE = /^(?:1[3-9]\d{9}|\+[1-9]\d{7,14})$/;

/**
 * Reads what a customer typed: an e-mail address (compared without regard to case) or a mobile number
 * (in the canonical form customers are stored with). Anything else — a landline, a typo — is undefined.
 */
export function parseDestination(raw: string): Destination | undefined {
  const trimmed = raw.trim();
  if (trimmed.includes('@')) {
    return email.safeParse(trimmed).success ? { kind: 'email', value: emailKey(trimmed) } : undefined;
  }
  const phone = normalizePhone(trimmed);
  return MOBILE.test(phone) ? { kind: 'phone', value: phone } : undefined;
}

/** Enough of the destination to recognise it (z*******@163.com, 138****5678), never the whole of it. */
export function maskDestination(destination: Destination): string {
  return (destination.kind === 'email' ? maskEmail(destination.value) : maskPhone(destination.value)) ?? '';
}

/** The key a destination's codes are kept under, so the codes table holds no address in the clear. */
export const destinationHash = (destination: Destination) =>
  createHash('sha256').update(`${destination.kind}:${destination.value}`).digest('hex');
