import { z } from 'zod';
import { locale, namedRef, nullableTimestamp, timestamp } from '../../platform/http/schemas.js';

export const meResponse = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    locale,
    role: namedRef,
    permissions: z.array(z.string()),
    groups: z.array(namedRef),
  })
  .meta({ id: 'Me' });

export const sessionResponse = z.object({ user: meResponse, csrfToken: z.string() });

export const signInBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const updateMeBody = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  locale: locale.optional(),
  email: z.email().max(200).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export const apiTokenResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    tokenPrefix: z.string(),
    scopes: z.array(z.string()),
    createdAt: timestamp,
    expiresAt: nullableTimestamp,
    lastUsedAt: nullableTimestamp,
    revokedAt: nullableTimestamp,
  })
  .meta({ id: 'ApiToken' });

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(z.string().max(64)).min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
