import { z } from 'zod';

export const roleResponse = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    permissions: z.array(z.string()),
    isSystem: z.boolean(),
    userCount: z.number().int(),
  })
  .meta({ id: 'Role' });

const permissions = z.array(z.string().max(64)).max(200);

export const createRoleBody = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Use 2–40 lowercase letters, digits or underscores'),
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(300).optional(),
  permissions,
});
export type CreateRoleInput = z.infer<typeof createRoleBody>;

export const updateRoleBody = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  description: z.string().trim().max(300).optional(),
  permissions: permissions.optional(),
});
export type UpdateRoleInput = z.infer<typeof updateRoleBody>;

export const permissionResponse = z.object({ key: z.string(), group: z.string() });
