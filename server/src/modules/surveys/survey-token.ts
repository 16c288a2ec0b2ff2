import { sign, verifySignature } from '../../platform/signing.js';

/** The purpose under which survey links are signed (its own secret in `signing_keys`). */
export const SURVEY_SIGNING_PURPOSE = 'survey_link';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const payloadOf = (surveyId: string, expiresAtSeconds: number) => `survey:${surveyId}:${expiresAtSeconds}`;

const headOf = (surveyId: string, expiresAtSeconds: number) =>
  `${Buffer.from(surveyId.replaceAll('-', ''), 'hex').toString('base64url')}.${expiresAtSeconds.toString(36)}`;

/**
 * A survey link token: the survey id, its expiry (seconds) and an HMAC over both, in URL-safe text
 * (`<id>.<expiry base36>.<signature>`), so neither can be changed without the signature failing.
 */
export function signSurveyToken(secret: Buffer, surveyId: string, expiresAt: Date): string {
  if (!UUID_PATTERN.test(surveyId)) throw new Error('A survey id is a UUID');
  const expiresAtSeconds = Math.floor(expiresAt.getTime() / 1000);
  return `${headOf(surveyId, expiresAtSeconds)}.${sign(secret, payloadOf(surveyId, expiresAtSeconds))}`;
}

export type SurveyTokenCheck =
  | { outcome: 'valid'; surveyId: string; expiresAt: Date }
  | { outcome: 'expired'; surveyId: string; expiresAt: Date }
  | { outcome: 'invalid' };

/** Checks a presented token's shape and signature, then its expiry against `now`. */
export function verifySurveyToken(secret: Buffer, token: string, now: Date): SurveyTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { outcome: 'invalid' };
  const [idPart = '', expiryPart = '', signature = ''] = parts;
  if (!/^[A-Za-z0-9_-]{22}$/.test(idPart) || !/^[0-9a-z]{1,11}$/.test(expiryPart))
    return { outcome: 'invalid' };
  if (!/^[A-Za-z0-9_-]{22}$/.test(signature)) return { outcome: 'invalid' };
  const hex = Buffer.from(idPart, 'base64url').toString('hex');
  if (hex.length !== 32) return { outcome: 'invalid' };
  const surveyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const expiresAtSeconds = Number.parseInt(expiryPart, 36);
  if (!Number.isSafeInteger(expiresAtSeconds)) return { outcome: 'invalid' };
  // A different spelling of the same numbers (base64 padding bits, leading zeros) is not the issued token.
  if (headOf(surveyId, expiresAtSeconds) !== `${idPart}.${expiryPart}`) return { outcome: 'invalid' };
  const expiresAt = new Date(expiresAtSeconds * 1000);
  if (!verifySignature(secret, payloadOf(surveyId, expiresAtSeconds), signature))
    return { outcome: 'invalid' };
  if (now.getTime() >= expiresAt.getTime()) return { outcome: 'expired', surveyId, expiresAt };
  return { outcome: 'valid', surveyId, expiresAt };
}
