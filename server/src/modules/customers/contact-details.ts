/**
 * Phone numbers are stored in one canonical form so that a customer is found by their number however
 * it was typed: spaces, dashes, dots and brackets removed, and the country code dropped from a
 * mainland mobile number (+86 138-1234-5678 → 13812345678; 010-12345678 → 01012345678).
 */
export function normalizePhone(phone: string): string {
  const compact = phone.trim().replace(/[\s\-().]/g, '');
  const mobile = /^(?:\+86|0086|86)(1\d{10})$/.exec(compact);
  return mobile ? mobile[1]! : compact;
}

/** A canonical phone number is 3–20 digits, optionally after a `+`. */
export const isPlausiblePhone = (normalized: string) => /^\+?\d{3,20}$/.test(normalized);

/** E-mail addresses are compared without regard to case; stored trimmed, as given. */
export const emailKey = (email: string) => email.trim().toLowerCase();
