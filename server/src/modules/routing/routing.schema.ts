import { z } from 'zod';
import { userRef } from '../../platform/http/schemas.js';
import { ROUTING_STRATEGIES } from './routing.js';

const skillList = z.array(z.string().trim().min(1).max(100)).max(50);

export const routingStrategy = z.enum(ROUTING_STRATEGIES);

export const memberRoutingResponse = z
  .object({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    isActive: z.boolean(),
    openCount: z.number().int(),
    productLines: z.array(z.string()),
    regions: z.array(z.string()),
    acceptsAssignments: z.boolean(),
  })
  .meta({ id: 'MemberRouting' });

export const groupRoutingResponse = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    kind: z.enum(['department', 'group']),
    parentId: z.string().nullable(),
    routingStrategy,
    lastAssignedUserId: z.string().nullable(),
    lead: userRef.nullable(),
    members: z.array(memberRoutingResponse),
  })
  .meta({ id: 'GroupRouting' });

export const userRoutingResponse = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    productLines: z.array(z.string()),
    regions: z.array(z.string()),
    acceptsAssignments: z.boolean(),
  })
  .meta({ id: 'UserRouting' });

export const updateGroupRoutingBody = z.strictObject({ routingStrategy });

export const updateUserRoutingBody = z.strictObject({
  productLines: skillList.optional(),
  regions: skillList.optional(),
  acceptsAssignments: z.boolean().optional(),
});
export type UpdateUserRoutingInput = z.infer<typeof updateUserRoutingBody>;
