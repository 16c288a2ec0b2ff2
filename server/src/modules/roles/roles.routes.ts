import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses } from '../../platform/http/schemas.js';
import { actorOf } from '../auth/auth.hook.js';
import { createRoleBody, permissionResponse, roleResponse, updateRoleBody } from './roles.schema.js';
import {
  createRole,
  deleteRoleById,
  listAllRoles,
  listPermissions,
  updateRoleById,
} from './roles.service.js';

const tags = ['Roles'];
const manage = { access: { permission: 'roles.manage' as const } };

export function registerRoleRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/permissions`,
    {
      schema: {
        tags,
        summary: 'The permission catalogue',
        response: { 200: z.object({ items: z.array(permissionResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: listPermissions() }),
  );

  // Reading roles is needed to assign them, so user administrators may list them too.
  app.get(
    `${API_PREFIX}/roles`,
    {
      schema: {
        tags,
        summary: 'List roles',
        response: { 200: z.object({ items: z.array(roleResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: await listAllRoles(ctx) }),
  );

  app.post(
    `${API_PREFIX}/roles`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a role',
        body: createRoleBody,
        response: { 201: roleResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createRole(ctx, actorOf(request), request.body)),
  );

  app.patch(
    `${API_PREFIX}/roles/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a role’s name or permissions',
        params: idParams,
        body: updateRoleBody,
        response: { 200: roleResponse, ...problemResponses },
      },
    },
    async (request) => updateRoleById(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    `${API_PREFIX}/roles/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Delete an unused custom role',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteRoleById(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
