import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { authenticateBearer, authenticateSession, safeEqual } from './auth.service.js';
import { decideAccess, type Permission, type Principal } from './permissions.js';

export const SESSION_COOKIE = 'aftercare_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Who may call a route: anyone, any signed-in user, or holders of a permission (any one of several). */
export type RouteAccess = 'public' | 'authenticated' | { permission: Permission | readonly Permission[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The route's access rule; routes under /api/v1 default to requiring a signed-in user. */
export function accessOf(request: FastifyRequest): RouteAccess | undefined {
  const access = request.routeOptions.config.access;
  if (access) return access;
  return request.routeOptions.url?.startsWith('/api/v1/') ? 'authenticated' : undefined;
}

async function resolvePrincipal(context: AppContext, request: FastifyRequest): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme, credentials] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !credentials) {
      throw new AppError('not_authenticated', 'auth.authorizationMalformed');
    }
    return authenticateBearer(context, credentials);
  }
  const sessionToken = request.cookies[SESSION_COOKIE];
  return sessionToken ? authenticateSession(context, sessionToken) : null;
}

/** Authentication, CSRF and permission checks for every route, in one place, before the body is read. */
export function registerAuthHook(app: FastifyInstance, context: AppContext): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = accessOf(request);
    if (access === undefined) return;
    try {
      request.principal = await resolvePrincipal(context, request);
    } catch (error) {
      if (error instanceof AppError && error.code === 'session_expired') {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
      if (access !== 'public') throw error;
      request.principal = null;
      return;
    }
    if (access === 'public') return;
    const principal = request.principal;
    if (!principal) throw new AppError('not_authenticated', 'auth.signInRequired');
    if (principal.kind === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
        throw new AppError('csrf_token_invalid', 'auth.csrfInvalid', { params: { header: CSRF_HEADER } });
      }
    }
    if (access === 'authenticated') return;
    const decision = decideAccess(principal, access.permission);
    if (!decision.allowed) {
      const permission =
        typeof access.permission === 'string' ? access.permission : access.permission.join(' | ');
      throw new AppError(
        decision.reason,
        decision.reason === 'token_scope_missing' ? 'auth.scopeMissing' : 'auth.permissionRequired',
        { permission, params: { permission } },
      );
    }
  });
}

/** The signed-in principal of a route that requires one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('not_authenticated', 'auth.signInRequired');
  return request.principal;
}

export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  return {
    userId: principal?.userId ?? null,
    label: principal
      ? principal.kind === 'token'
        ? `${principal.username} (API)`
        : principal.username
      : 'anonymous',
    requestId: request.id,
    ip: request.ip,
  };
}
