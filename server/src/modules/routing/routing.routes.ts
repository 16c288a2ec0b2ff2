import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses } from '../../platform/http/schemas.js';
import { actorOf } from '../auth/auth.hook.js';
import {
  groupRoutingResponse,
  updateGroupRoutingBody,
  updateUserRoutingBody,
  userRoutingResponse,
} from './routing.schema.js';
import { routingOverview, updateGroupRoutingStrategy, updateUserRoutingProfile } from './routing.service.js';

const tags = ['Routing'];
const manage = { access: { permission: 'groups.manage' as const } };

/** Dispatch settings (R3.2): each group's strategy, members' load and skills. Reading: any signed-in user. */
export function registerRoutingRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/routing`,
    {
      schema: {
        tags,
        summary: 'Groups with their routing strategy, lead, and members with open load and skills',
        response: { 200: z.object({ groups: z.array(groupRoutingResponse) }), ...problemResponses },
      },
    },
    async () => ({ groups: await routingOverview(ctx) }),
  );

  app.patch(
    `${API_PREFIX}/routing/groups/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Set how a group assigns new tickets to its members',
        params: idParams,
        body: updateGroupRoutingBody,
        response: { 200: groupRoutingResponse, ...problemResponses },
      },
    },
    async (request) =>
      updateGroupRoutingStrategy(ctx, actorOf(request), request.params.id, request.body.routingStrategy),
  );

  app.patch(
    `${API_PREFIX}/routing/users/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Set a user’s skills (product lines, regions) and whether they take new assignments',
        params: idParams,
        body: updateUserRoutingBody,
        response: { 200: userRoutingResponse, ...problemResponses },
      },
    },
    async (request) => updateUserRoutingProfile(ctx, actorOf(request), request.params.id, request.body),
  );
}
