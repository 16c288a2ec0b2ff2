import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, iso, isoOrNull, problemResponses, problemSchema } from '../../platform/http/schemas.js';
import { findUserById, type UserRecord } from '../users/users.repository.js';
import { updateUserById } from '../users/users.service.js';
import { actorOf, principalOf, SESSION_COOKIE } from './auth.hook.js';
import type { ApiTokenRecord } from './auth.repository.js';
import {
  apiTokenResponse,
  changePasswordBody,
  createTokenBody,
  meResponse,
  sessionResponse,
  signInBody,
  updateMeBody,
} from './auth.schema.js';
import {
  changeOwnPassword,
  createApiToken,
  listOwnApiTokens,
  revokeOwnApiToken,
  signIn,
  signOut,
} from './auth.service.js';

const tags = ['Authentication'];

const presentMe = (user: UserRecord) => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  email: user.email,
  phone: user.phone,
  locale: user.locale,
  role: user.role,
  permissions: user.permissions,
  groups: user.groups,
});

const presentToken = (token: ApiTokenRecord) => ({
  id: token.id,
  name: token.name,
  tokenPrefix: token.tokenPrefix,
  scopes: token.scopes,
  createdAt: iso(token.createdAt),
  expiresAt: isoOrNull(token.expiresAt),
  lastUsedAt: isoOrNull(token.lastUsedAt),
  revokedAt: isoOrNull(token.revokedAt),
});

const isSecure = (request: FastifyRequest) => request.protocol === 'https';

export function registerAuthRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    `${API_PREFIX}/auth/sign-in`,
    {
      config: {
        access: 'public',
        rateLimit: { max: ctx.config.loginRatePerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Sign in with username and password; sets the session cookie',
        security: [],
        body: signInBody,
        response: {
          200: sessionResponse,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const result = await signIn(ctx, {
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: isSecure(request),
        expires: result.expiresAt,
      });
      return { user: presentMe(result.user), csrfToken: result.csrfToken };
    },
  );

  app.post(
    `${API_PREFIX}/auth/sign-out`,
    {
      schema: {
        tags,
        summary: 'Sign out (ends this session)',
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await signOut(ctx, principalOf(request), actorOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${API_PREFIX}/auth/me`,
    {
      schema: {
        tags,
        summary: 'The signed-in user and the CSRF token',
        response: { 200: sessionResponse, ...problemResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const user = await findUserById(ctx.db, principal.userId);
      return { user: presentMe(user!), csrfToken: principal.csrfToken ?? '' };
    },
  );

  app.patch(
    `${API_PREFIX}/auth/me`,
    {
      schema: {
        tags,
        summary: 'Change my own profile or language',
        body: updateMeBody,
        response: { 200: z.object({ user: meResponse }), ...problemResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      await updateUserById(ctx, actorOf(request), principal.userId, request.body);
      const user = await findUserById(ctx.db, principal.userId);
      return { user: presentMe(user!) };
    },
  );

  app.post(
    `${API_PREFIX}/auth/password`,
    {
      schema: {
        tags,
        summary: 'Change my password',
        body: changePasswordBody,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(ctx, principalOf(request), actorOf(request), request.body);
      return reply.code(204).send(null);
    },
  );

  const tokenTags = ['API tokens'];
  app.get(
    `${API_PREFIX}/tokens`,
    {
      schema: {
        tags: tokenTags,
        summary: 'My API tokens',
        response: { 200: z.object({ items: z.array(apiTokenResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: (await listOwnApiTokens(ctx, principalOf(request))).map(presentToken) }),
  );

  app.post(
    `${API_PREFIX}/tokens`,
    {
      config: { access: { permission: 'tokens.manage' } },
      schema: {
        tags: tokenTags,
        summary: 'Create an API token; the secret is shown only in this response',
        body: createTokenBody,
        response: { 201: apiTokenResponse.extend({ token: z.string() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(ctx, principalOf(request), actorOf(request), request.body);
      return reply.code(201).send({ ...presentToken(created), token: created.token });
    },
  );

  app.delete(
    `${API_PREFIX}/tokens/:id`,
    {
      schema: {
        tags: tokenTags,
        summary: 'Revoke one of my API tokens',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await revokeOwnApiToken(ctx, principalOf(request), actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
