import { z } from 'zod';
import { userRef } from '../../platform/http/schemas.js';

export const groupResponse = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    kind: z.enum(['department', 'group']),
    parentId: z.string().nullable(),
    lead: userRef.nullable(),
    members: z.array(userRef),
  })
  .meta({ id: 'Group' });

export const createGroupBody = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Use 2–40 lowercase letters, digits or underscores'),
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(300).optional(),
  kind: z.enum(['department', 'group']).default('group'),
  parentId: z.uuid().nullable().optional(),
  leadUserId: z.uuid().nullable().optional(),
  memberIds: z.array(z.uuid()).max(500).optional(),
});
export type CreateGroupInput = z.infer<typeof createGroupBody>;

export const updateGroupBody = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  description: z.string().trim().max(300).optional(),
  parentId: z.uuid().nullable().optional(),
  leadUserId: z.uuid().nullable().optional(),
  memberIds: z.array(z.uuid()).max(500).optional(),
});
export type UpdateGroupInput = z.infer<typeof updateGroupBody>;
