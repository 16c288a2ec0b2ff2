import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import scalarApiReference from '@scalar/fastify-api-reference';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { resolveLocale } from '../i18n/locale.js';
import { AppError } from './errors.js';
import { registerMetrics } from './metrics.js';
import { sendProblem, toAppError } from './problem.js';
import { rejectUnstorableText } from './text-guard.js';

export type App = FastifyInstance;

const WEB_DIST = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,128}$/;

export const API_PREFIX = '/api/v1';

export type RouteModule = (app: FastifyInstance, context: AppContext) => Promise<void> | void;

/** One registered route, as the authorisation tests enumerate them. */
export interface RouteEntry {
  method: string;
  url: string;
  access: unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export interface HttpModules {
  /** Hooks that apply to every route (authentication), registered before any route. */
  hooks: RouteModule[];
  routes: RouteModule[];
}

/** Builds the HTTP application: plumbing here, every domain's routes from `modules`. */
export async function buildHttpApp(
  context: AppContext,
  modules: HttpModules,
  options: { webDist?: string | false } = {},
): Promise<FastifyInstance> {
  const { config } = context;
  const app = Fastify({
    loggerInstance: context.log.child({ category: 'http' }) as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    // Errors the router raises before any route runs (a malformed or over-long path) are problems too.
    frameworkErrors: (error, request, reply) =>
      sendProblem(request, reply, toAppError(error, request), localeOf(request)),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, access: route.config?.access });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('preValidation', async (request) => rejectUnstorableText(request));

  const localeOf = (request: FastifyRequest) => resolveLocale(request, config.defaultLocale);
  const noRoute = (request: FastifyRequest) =>
    new AppError('not_found', 'request.noRoute', { params: { method: request.method, url: request.url } });

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.code === 'internal_error') {
      request.log.error({ err: error }, 'request failed');
    } else if (appError.code === 'service_unavailable') {
      request.log.warn({ err: error }, 'service unavailable');
    }
    return sendProblem(request, reply, appError, localeOf(request));
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // Installations on a plain-HTTP intranet address must keep loading their own assets.
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.publicUrl?.startsWith('https:') ? { maxAge: 15_552_000 } : false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Aftercare API',
        version: context.version,
        description:
          'The Aftercare after-sales service desk API. Errors are application/problem+json with a stable `code`; ' +
          'their `title`, `detail` and field messages are in the user’s language, else the Accept-Language one (zh-CN, en).',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'aftercare_session' },
          portal: { type: 'apiKey', in: 'cookie', name: 'aftercare_portal' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  registerMetrics(app);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(scalarApiReference, {
    routePrefix: '/api/docs',
    configuration: { url: '/api/openapi.json', title: 'Aftercare API' },
    // The reference page renders with an inline bootstrap script, which the app-wide policy forbids.
    hooks: {
      onRequest: async (_request, reply) => {
        reply.header(
          'content-security-policy',
          "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:",
        );
      },
    },
  });

  for (const hook of modules.hooks) await hook(app, context);
  for (const register of modules.routes) {
    await app.register(async (scope) => register(scope, context));
  }

  const webDist = options.webDist === undefined ? WEB_DIST : options.webDist;
  if (webDist && existsSync(`${webDist}index.html`)) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      setHeaders: (reply, path) => {
        // Vite fingerprints everything under assets/, so those files never change under one name.
        if (path.includes('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
    // The customer portal is a page of its own (web/portal.html); the staff app answers every other path.
    const hasPortal = existsSync(`${webDist}portal.html`);
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !isApiPath(request.url)) {
        const page = hasPortal && isPortalPath(request.url) ? 'portal.html' : 'index.html';
        return reply.header('cache-control', 'no-cache').sendFile(page);
      }
      return sendProblem(request, reply, noRoute(request), localeOf(request));
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, noRoute(request), localeOf(request)),
    );
  }
  return app;
}

function isPortalPath(url: string): boolean {
  const path = url.split(/[?#]/)[0]!;
  return path === '/portal' || path.startsWith('/portal/');
}

function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/metrics');
}

export type { ZodTypeProvider };
