import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { iso, problemResponses, timestamp } from '../../platform/http/schemas.js';
import { listAudit } from './audit.repository.js';

const auditEntryResponse = z
  .object({
    id: z.string(),
    occurredAt: timestamp,
    actor: z.object({ userId: z.string().nullable(), label: z.string() }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

const auditQuery = z.strictObject({
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(100).optional(),
  actorUserId: z.uuid().optional(),
  action: z.string().max(60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'Use the nextCursor of the previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function registerAuditRoutes(fastify: FastifyInstance, ctx: AppContext) {
  fastify.withTypeProvider<ZodTypeProvider>().get(
    `${API_PREFIX}/audit`,
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['Audit'],
        summary: 'Browse the append-only audit trail, newest first',
        querystring: auditQuery,
        response: {
          200: z.object({ items: z.array(auditEntryResponse), nextCursor: z.string().nullable() }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const query = request.query;
      const entries = await listAudit(ctx.db, {
        entityType: query.entityType,
        entityId: query.entityId,
        actorUserId: query.actorUserId,
        action: query.action,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        beforeId: query.cursor ? Number(query.cursor) : undefined,
        limit: query.limit + 1,
      });
      const page = entries.slice(0, query.limit);
      return {
        items: page.map((entry) => ({ ...entry, id: String(entry.id), occurredAt: iso(entry.occurredAt) })),
        nextCursor: entries.length > query.limit ? String(page.at(-1)!.id) : null,
      };
    },
  );
}
