import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses } from '../../platform/http/schemas.js';
import { actorOf } from '../auth/auth.hook.js';
import {
  createUserBody,
  listUsersQuery,
  resetPasswordBody,
  updateUserBody,
  userResponse,
} from './users.schema.js';
import {
  createUser,
  getUser,
  listUsersFor,
  resetPassword,
  unlockUser,
  updateUserById,
} from './users.service.js';

const manage = { access: { permission: 'users.manage' as const } };
const tags = ['Users'];

export function registerUserRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/users`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'List users',
        querystring: listUsersQuery,
        response: { 200: z.object({ items: z.array(userResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listUsersFor(ctx, request.query) }),
  );

  app.post(
    `${API_PREFIX}/users`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a user',
        body: createUserBody,
        response: { 201: userResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(ctx, actorOf(request), request.body)),
  );

  app.get(
    `${API_PREFIX}/users/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Get a user',
        params: idParams,
        response: { 200: userResponse, ...problemResponses },
      },
    },
    async (request) => getUser(ctx, request.params.id),
  );

  app.patch(
    `${API_PREFIX}/users/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a user (profile, role, groups, active)',
        params: idParams,
        body: updateUserBody,
        response: { 200: userResponse, ...problemResponses },
      },
    },
    async (request) => updateUserById(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    `${API_PREFIX}/users/:id/unlock`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Unlock an account locked after failed sign-ins',
        params: idParams,
        response: { 200: userResponse, ...problemResponses },
      },
    },
    async (request) => unlockUser(ctx, actorOf(request), request.params.id),
  );

  app.post(
    `${API_PREFIX}/users/:id/password`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Set a new password for a user (signs them out everywhere)',
        params: idParams,
        body: resetPasswordBody,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await resetPassword(ctx, actorOf(request), request.params.id, request.body.password);
      return reply.code(204).send(null);
    },
  );
}
