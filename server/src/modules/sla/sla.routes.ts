import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses } from '../../platform/http/schemas.js';
import { actorOf, principalOf } from '../auth/auth.hook.js';
import { ticketScopeOf } from '../tickets/access.js';
import {
  createPolicy,
  deletePolicy,
  listPolicies,
  listReasons,
  presentPolicy,
  saveReason,
  updatePolicy,
} from './sla.admin.js';
import { remainingMs, wallClock } from './sla.js';
import { boardReaderOf, countAtRiskMilestones, listAtRiskMilestones } from './sla.repository.js';
import {
  BOARD_COUNT_LIMIT,
  createSlaPolicyBody,
  overdueReasonSchema,
  slaBoardQuery,
  slaBoardResponse,
  slaPolicyResponse,
  updateSlaPolicyBody,
} from './sla.schema.js';
import { MeasureCache } from './sla.service.js';

const tags = ['Service levels'];
const manage = { access: { permission: 'settings.manage' as const } };

export function registerSlaRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/sla-policies`,
    {
      schema: {
        tags,
        summary: 'SLA policies in the order they are tried',
        response: { 200: z.object({ items: z.array(slaPolicyResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: (await listPolicies(ctx)).map(presentPolicy) }),
  );
  app.post(
    `${API_PREFIX}/sla-policies`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create an SLA policy',
        body: createSlaPolicyBody,
        response: { 201: slaPolicyResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentPolicy(await createPolicy(ctx, actorOf(request), request.body))),
  );
  app.patch(
    `${API_PREFIX}/sla-policies/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change an SLA policy (new tickets; optionally open ones)',
        params: idParams,
        body: updateSlaPolicyBody,
        response: { 200: slaPolicyResponse, ...problemResponses },
      },
    },
    async (request) =>
      presentPolicy(await updatePolicy(ctx, actorOf(request), request.params.id, request.body)),
  );
  app.delete(
    `${API_PREFIX}/sla-policies/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Delete an unused SLA policy',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deletePolicy(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${API_PREFIX}/overdue-reasons`,
    {
      schema: {
        tags,
        summary: 'Reasons a breached ticket may close with',
        response: { 200: z.object({ items: z.array(overdueReasonSchema) }), ...problemResponses },
      },
    },
    async () => ({ items: await listReasons(ctx) }),
  );
  app.put(
    `${API_PREFIX}/overdue-reasons/:code`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add or change an overdue reason',
        // The same rule as the stored code: the path's code replaces the body's.
        params: z.strictObject({ code: overdueReasonSchema.shape.code }),
        body: overdueReasonSchema,
        response: { 200: overdueReasonSchema, ...problemResponses },
      },
    },
    async (request) => saveReason(ctx, actorOf(request), { ...request.body, code: request.params.code }),
  );

  app.get(
    `${API_PREFIX}/sla/board`,
    {
      config: { access: { permission: ['tickets.read_all', 'tickets.read_group'] } },
      schema: {
        tags,
        summary: 'The supervisor board (R5.5): breached, warned and soon-due milestones by group and owner',
        querystring: slaBoardQuery,
        response: { 200: slaBoardResponse, ...problemResponses },
      },
    },
    async (request) => {
      const now = ctx.clock.now();
      const { horizonMinutes, limit, offset } = request.query;
      const reader = await boardReaderOf(ctx.db, ticketScopeOf(principalOf(request)));
      const horizon = new Date(now.getTime() + horizonMinutes * 60_000);
      const [rows, counts] = await Promise.all([
        listAtRiskMilestones(ctx.db, reader, horizon, { limit, offset }),
        countAtRiskMilestones(ctx.db, reader, horizon, now, BOARD_COUNT_LIMIT),
      ]);
      const measures = new MeasureCache(ctx.db);
      const items = [];
      for (const row of rows) {
        // Task milestones (survey follow-ups) have no policy calendar: they run on the wall clock.
        const measure = row.calendarId
          ? await measures.measure({ calendarId: row.calendarId }, row.isBusinessTime)
          : wallClock;
        const remaining = remainingMs(
          {
            targetMinutes: 0,
            startedAt: row.dueAt,
            dueAt: row.dueAt,
            pausedAt: null,
            pausedMs: 0,
            breachedAt: row.breachedAt,
            warningsSent: row.warningsSent,
            metAt: null,
          },
          now,
          measure,
        );
        items.push({
          ...row,
          state: row.breachedAt || remaining < 0 ? ('breached' as const) : ('at_risk' as const),
          remainingMs: remaining,
          dueAt: row.dueAt.toISOString(),
          breachedAt: row.breachedAt?.toISOString() ?? null,
        });
      }
      return {
        generatedAt: now.toISOString(),
        items,
        limit,
        offset,
        total: counts.breached + counts.atRisk,
        counts,
        countLimit: BOARD_COUNT_LIMIT,
      };
    },
  );
}
