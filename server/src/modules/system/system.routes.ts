import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { currentMigrationVersion } from '../../platform/db/migrate.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { AppError } from '../../platform/http/errors.js';
import { problemResponses, problemSchema } from '../../platform/http/schemas.js';

export function registerSystemRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['System'],
        summary: 'Liveness and readiness: database reachable, schema version',
        security: [],
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.literal('up'),
            migrationVersion: z.number().int(),
          }),
          503: problemSchema,
        },
      },
    },
    async () => {
      try {
        return {
          status: 'ok' as const,
          database: 'up' as const,
          migrationVersion: await currentMigrationVersion(ctx.db),
        };
      } catch {
        throw new AppError('service_unavailable', 'system.databaseUnreachable');
      }
    },
  );

  app.get(
    `${API_PREFIX}/system/info`,
    {
      schema: {
        tags: ['System'],
        summary: 'Version, database, time zone and default language of this installation',
        response: {
          200: z.object({
            version: z.string(),
            database: z.enum(['pglite', 'postgres']),
            migrationVersion: z.number().int(),
            timezone: z.string(),
            defaultLocale: z.enum(['zh-CN', 'en']),
          }),
          ...problemResponses,
        },
      },
    },
    async () => ({
      version: ctx.version,
      database: ctx.db.kind,
      migrationVersion: await currentMigrationVersion(ctx.db),
      timezone: ctx.config.timezone,
      defaultLocale: ctx.config.defaultLocale,
    }),
  );
}
