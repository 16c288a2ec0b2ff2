import { z } from 'zod';
import { locale, namedRef, nullableTimestamp, timestamp } from '../../platform/http/schemas.js';

const username = z
  .string()
  .regex(/^[A-Za-z0-9._-]{2,64}$/, 'Use 2–64 letters, digits, dots, dashes or underscores');
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const userResponse = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    locale,
    isActive: z.boolean(),
    isLocked: z.boolean(),
    lockedUntil: nullableTimestamp,
    failedSignIns: z.number().int(),
    lastSignInAt: nullableTimestamp,
    role: namedRef,
    groups: z.array(namedRef),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'User' });

export const listUsersQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  roleId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  status: z.enum(['active', 'disabled', 'locked']).optional(),
});

export const createUserBody = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
  roleId: z.uuid(),
  email: z.email().max(200).nullable().optional(),
  phone: optionalText(40),
  locale: locale.optional(),
  groupIds: z.array(z.uuid()).max(100).optional(),
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  email: z.email().max(200).nullable().optional(),
  phone: optionalText(40),
  roleId: z.uuid().optional(),
  locale: locale.optional(),
  isActive: z.boolean().optional(),
  groupIds: z.array(z.uuid()).max(100).optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const resetPasswordBody = z.strictObject({ password: z.string().min(1).max(200) });
