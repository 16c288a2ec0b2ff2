import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses, problemSchema } from '../../platform/http/schemas.js';
import { actorOf } from '../auth/auth.hook.js';
import {
  createWebhookSourceBody,
  inboundWebhookBody,
  inboundWebhookResponse,
  publicTicketBody,
  publicTicketResponse,
  updateWebhookSourceBody,
  webhookSourceResponse,
} from './intake.schema.js';
import {
  createSource,
  listSources,
  presentSource,
  receiveWebhook,
  removeSource,
  submitPublicTicket,
  updateSource,
} from './intake.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

const manage = { access: { permission: 'settings.manage' as const } };

export async function registerIntakeRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    `${API_PREFIX}/public/tickets`,
    {
      config: {
        access: 'public',
        rateLimit: { max: ctx.config.publicFormRatePerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags: ['Public'],
        summary: 'The customer web form: submit feedback without an account (rate-limited)',
        security: [],
        body: publicTicketBody,
        response: { 201: publicTicketResponse, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await submitPublicTicket(ctx, request.body, request.ip)),
  );

  // Webhooks are verified over the exact bytes received, so this scope keeps the raw body.
  await fastify.register(async (scope) => {
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string' },
      (request: FastifyRequest, body, done) => {
        request.rawBody = body as string;
        try {
          done(null, body ? JSON.parse(body as string) : {});
        } catch (error) {
          done(
            Object.assign(error as Error, { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
            undefined,
          );
        }
      },
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      `${API_PREFIX}/webhooks/inbound/:source`,
      {
        config: { access: 'public' },
        schema: {
          tags: ['Webhooks'],
          summary:
            'Inbound messages from an integrator. Sign `<timestamp>.<raw body>` with HMAC-SHA256 and the source secret; send X-Aftercare-Timestamp and X-Aftercare-Signature: sha256=<hex>.',
          security: [],
          params: z.strictObject({ source: z.string().max(40) }),
          headers: z.looseObject({
            'x-aftercare-timestamp': z.string().optional(),
            'x-aftercare-signature': z.string().optional(),
          }),
          body: inboundWebhookBody,
          response: {
            202: inboundWebhookResponse,
            400: problemSchema,
            401: problemSchema,
            404: problemSchema,
            409: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const header = (name: string) => {
          const value = request.headers[name];
          return typeof value === 'string' ? value : undefined;
        };
        const result = await receiveWebhook(
          ctx,
          {
            sourceKey: request.params.source,
            rawBody: request.rawBody ?? '',
            timestampHeader: header('x-aftercare-timestamp'),
            signatureHeader: header('x-aftercare-signature'),
            ip: request.ip,
            requestId: request.id,
          },
          () => request.body,
        );
        return reply.code(202).send(result);
      },
    );
  });

  const tags = ['Webhooks'];
  app.get(
    `${API_PREFIX}/webhook-sources`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Inbound webhook sources',
        response: { 200: z.object({ items: z.array(webhookSourceResponse) }), ...problemResponses },
      },
    },
    async () => ({
      items: (await listSources(ctx)).map((source) => presentSource(source, ctx.config.publicUrl)),
    }),
  );
  app.post(
    `${API_PREFIX}/webhook-sources`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a source; its secret is in this response only',
        body: createWebhookSourceBody,
        response: { 201: webhookSourceResponse.extend({ secret: z.string() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const source = await createSource(ctx, actorOf(request), request.body);
      return reply.code(201).send({ ...presentSource(source, ctx.config.publicUrl), secret: source.secret });
    },
  );
  app.patch(
    `${API_PREFIX}/webhook-sources/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a source; rotateSecret returns a new secret once',
        params: idParams,
        body: updateWebhookSourceBody,
        response: {
          200: webhookSourceResponse.extend({ secret: z.string().optional() }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const source = await updateSource(ctx, actorOf(request), request.params.id, request.body);
      return {
        ...presentSource(source, ctx.config.publicUrl),
        ...(request.body.rotateSecret ? { secret: source.secret } : {}),
      };
    },
  );
  app.delete(
    `${API_PREFIX}/webhook-sources/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Remove a source',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeSource(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
