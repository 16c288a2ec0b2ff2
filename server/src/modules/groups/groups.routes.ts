import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses } from '../../platform/http/schemas.js';
import { actorOf } from '../auth/auth.hook.js';
import { createGroupBody, groupResponse, updateGroupBody } from './groups.schema.js';
import { createGroup, deleteGroupById, listAllGroups, updateGroupById } from './groups.service.js';

const tags = ['Groups'];
const manage = { access: { permission: 'groups.manage' as const } };

export function registerGroupRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/groups`,
    {
      schema: {
        tags,
        summary: 'List departments and groups with leads and members',
        response: { 200: z.object({ items: z.array(groupResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: await listAllGroups(ctx) }),
  );

  app.post(
    `${API_PREFIX}/groups`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a department or group',
        body: createGroupBody,
        response: { 201: groupResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createGroup(ctx, actorOf(request), request.body)),
  );

  app.patch(
    `${API_PREFIX}/groups/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a group: name, department, lead, members',
        params: idParams,
        body: updateGroupBody,
        response: { 200: groupResponse, ...problemResponses },
      },
    },
    async (request) => updateGroupById(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    `${API_PREFIX}/groups/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Delete a group',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteGroupById(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
