import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses } from '../../platform/http/schemas.js';
import { actorOf, principalOf } from '../auth/auth.hook.js';
import { CUSTOMER_TEMPLATES, TICKET_STAFF_TEMPLATES, WEBHOOK_EVENT_TYPES } from './events.js';
import {
  listMyNotifications,
  markMyNotificationsRead,
  mySubscriptions,
  myUnreadCount,
  presentInboxItem,
  updateMySubscriptions,
} from './inbox.service.js';
import {
  catalogueResponse,
  createdEndpointResponse,
  createEndpointBody,
  createRobotBody,
  deliveriesPage,
  deliveriesQuery,
  deliveryResponse,
  endpointResponse,
  groupSubscriptions,
  inboxPage,
  inboxQuery,
  markReadBody,
  mySubscriptionsResponse,
  previewResponse,
  previewTemplateBody,
  robotResponse,
  templateParams,
  templateResponse,
  unreadCount,
  updateEndpointBody,
  updateGroupSubscriptionsBody,
  updateMySubscriptionsBody,
  updateRobotBody,
  updateTemplateBody,
} from './notifications.schema.js';
import {
  changeEndpoint,
  changeRobot,
  createEndpoint,
  createRobot,
  groupSubscriptionsOf,
  listAllEndpoints,
  listAllRobots,
  listOutbox,
  listTemplates,
  previewTemplate,
  redeliver,
  removeEndpoint,
  removeRobot,
  resetTemplate,
  saveGroupSubscriptions,
  saveTemplate,
  testChannel,
} from './settings.service.js';
import { InboxStreamHub } from './stream.js';

const tags = ['Notifications'];
const manage = { access: { permission: 'settings.manage' as const } };
const testResponse = z.object({ deliveryId: z.string() });

/** A stream lives at most this long; the browser reconnects (and is authenticated again). */
const STREAM_MAX_LIFETIME_MS = 15 * 60_000;

export function registerNotificationRoutes(fastify: FastifyInstance, ctx: AppContext) {
  registerInboxRoutes(fastify, ctx);
  registerSettingsRoutes(fastify, ctx);
}

function registerInboxRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/notifications/mine`,
    {
      schema: {
        tags,
        summary: 'My in-app notifications, newest first',
        querystring: inboxQuery,
        response: { 200: inboxPage, ...problemResponses },
      },
    },
    async (request) => listMyNotifications(ctx, principalOf(request).userId, request.query),
  );

  app.get(
    `${API_PREFIX}/notifications/mine/unread-count`,
    {
      schema: {
        tags,
        summary: 'How many of my notifications are unread',
        response: { 200: unreadCount, ...problemResponses },
      },
    },
    async (request) => myUnreadCount(ctx, principalOf(request).userId),
  );

  app.post(
    `${API_PREFIX}/notifications/mine/read`,
    {
      schema: {
        tags,
        summary: 'Mark some or all of my notifications read',
        body: markReadBody,
        response: { 200: unreadCount, ...problemResponses },
      },
    },
    async (request) => markMyNotificationsRead(ctx, principalOf(request).userId, request.body),
  );

  app.get(
    `${API_PREFIX}/notifications/subscriptions/mine`,
    {
      schema: {
        tags,
        summary: 'Which staff alerts reach me on which channel',
        response: { 200: mySubscriptionsResponse, ...problemResponses },
      },
    },
    async (request) => mySubscriptions(ctx, principalOf(request)),
  );

  app.put(
    `${API_PREFIX}/notifications/subscriptions/mine`,
    {
      schema: {
        tags,
        summary: 'Choose the channels of my staff alerts',
        body: updateMySubscriptionsBody,
        response: { 200: mySubscriptionsResponse, ...problemResponses },
      },
    },
    async (request) => updateMySubscriptions(ctx, actorOf(request), principalOf(request), request.body.items),
  );

  app.get(
    `${API_PREFIX}/notifications/catalogue`,
    {
      schema: {
        tags,
        summary: 'The templates and webhook event types there are',
        response: { 200: catalogueResponse, ...problemResponses },
      },
    },
    async () => ({
      customerTemplates: [...CUSTOMER_TEMPLATES],
      // What a group's robots may post: staff alerts about one ticket.
      staffTemplates: [...TICKET_STAFF_TEMPLATES],
      webhookEvents: [...WEBHOOK_EVENT_TYPES],
    }),
  );

  registerStream(fastify, ctx);
}

/**
 * Server-Sent Events: `unread` ({unread}) at once and whenever the count changes, `notification` (an inbox
 * item) for each new one, a comment line as heartbeat. Authenticated by the session cookie like any GET.
 */
function registerStream(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const hub = new InboxStreamHub(ctx.db, ctx.log, {
    pollMs: ctx.config.notifyStreamPollMs,
    present: (item) => presentInboxItem(item),
  });
  const open = new Set<() => void>();

  app.get(
    `${API_PREFIX}/notifications/stream`,
    {
      schema: {
        tags,
        summary: 'Live unread count and new notifications (text/event-stream)',
        description:
          'Events: `unread` with `{"unread": n}`, `notification` with an InboxNotification. ' +
          'Heartbeat comments keep proxies from closing the stream.',
        response: { 200: z.string().describe('text/event-stream'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { userId } = principalOf(request);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      raw.write('retry: 5000\n\n');
      let closed = false;
      let unsubscribe: (() => void) | undefined;
      const heartbeat = setInterval(
        () => raw.write(': heartbeat\n\n'),
        ctx.config.notifyStreamHeartbeatSeconds * 1000,
      );
      const end = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        unsubscribe?.();
        open.delete(end);
        raw.end();
      };
      const lifetime = setTimeout(end, STREAM_MAX_LIFETIME_MS);
      open.add(end);
      raw.on('close', end);
      raw.on('error', end);
      try {
        unsubscribe = await hub.subscribe(userId, (event, data) => {
          if (!closed) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        });
      } catch (error) {
        request.log.warn({ err: error }, 'notification stream failed to start');
        end();
        return;
      }
      if (closed) unsubscribe();
    },
  );

  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
    hub.clear();
  });
}

function registerSettingsRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const settingsTags = ['Notification settings'];

  // ---- Robots ----
  app.get(
    `${API_PREFIX}/notification-robots`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'WeCom and DingTalk group robots',
        response: { 200: z.object({ items: z.array(robotResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: await listAllRobots(ctx) }),
  );
  app.post(
    `${API_PREFIX}/notification-robots`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Add a group robot',
        body: createRobotBody,
        response: { 201: robotResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createRobot(ctx, actorOf(request), request.body)),
  );
  app.patch(
    `${API_PREFIX}/notification-robots/:id`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Change a group robot',
        params: idParams,
        body: updateRobotBody,
        response: { 200: robotResponse, ...problemResponses },
      },
    },
    async (request) => changeRobot(ctx, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    `${API_PREFIX}/notification-robots/:id`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Remove a group robot',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeRobot(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    `${API_PREFIX}/notification-robots/:id/test`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Send a test message through a robot',
        params: idParams,
        response: { 202: testResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await testChannel(
            ctx,
            actorOf(request),
            { kind: 'robot', id: request.params.id },
            principalOf(request).locale,
          ),
        ),
  );

  // ---- Outgoing webhooks ----
  app.get(
    `${API_PREFIX}/webhook-endpoints`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Outgoing webhook endpoints',
        response: { 200: z.object({ items: z.array(endpointResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: await listAllEndpoints(ctx) }),
  );
  app.post(
    `${API_PREFIX}/webhook-endpoints`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Add an outgoing webhook endpoint (the answer shows its signing secret once)',
        body: createEndpointBody,
        response: { 201: createdEndpointResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createEndpoint(ctx, actorOf(request), request.body)),
  );
  app.patch(
    `${API_PREFIX}/webhook-endpoints/:id`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Change an outgoing webhook endpoint',
        params: idParams,
        body: updateEndpointBody,
        response: { 200: endpointResponse, ...problemResponses },
      },
    },
    async (request) => changeEndpoint(ctx, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    `${API_PREFIX}/webhook-endpoints/:id`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Remove an outgoing webhook endpoint',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeEndpoint(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    `${API_PREFIX}/webhook-endpoints/:id/test`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Send a `ping` event to an endpoint',
        params: idParams,
        response: { 202: testResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await testChannel(
            ctx,
            actorOf(request),
            { kind: 'webhook', id: request.params.id },
            principalOf(request).locale,
          ),
        ),
  );

  // ---- Deliveries ----
  app.get(
    `${API_PREFIX}/notifications/deliveries`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary:
          'Outgoing messages with their attempts and last error, newest first (dead letters: status=dead)',
        querystring: deliveriesQuery,
        response: { 200: deliveriesPage, ...problemResponses },
      },
    },
    async (request) => {
      const { cursor, ...filter } = request.query;
      return listOutbox(ctx, { ...filter, beforeSeq: cursor });
    },
  );
  app.post(
    `${API_PREFIX}/notifications/deliveries/:id/redeliver`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Deliver a dead, failed or skipped message again',
        params: idParams,
        response: { 200: deliveryResponse, ...problemResponses },
      },
    },
    async (request) => redeliver(ctx, actorOf(request), request.params.id),
  );

  // ---- Templates ----
  app.get(
    `${API_PREFIX}/notification-templates`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Every message template in every language, with its default and placeholders',
        response: { 200: z.object({ items: z.array(templateResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: await listTemplates(ctx) }),
  );
  app.put(
    `${API_PREFIX}/notification-templates/:template/:locale`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Change the subject and body of a template in one language',
        params: templateParams,
        body: updateTemplateBody,
        response: { 200: templateResponse, ...problemResponses },
      },
    },
    async (request) => saveTemplate(ctx, actorOf(request), request.params, request.body),
  );
  app.delete(
    `${API_PREFIX}/notification-templates/:template/:locale`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Return a template to the built-in text',
        params: templateParams,
        response: { 200: templateResponse, ...problemResponses },
      },
    },
    async (request) => resetTemplate(ctx, actorOf(request), request.params),
  );
  app.post(
    `${API_PREFIX}/notification-templates/preview`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: 'Render a template (saved or as edited) with sample values',
        body: previewTemplateBody,
        response: { 200: previewResponse, ...problemResponses },
      },
    },
    async (request) => previewTemplate(ctx, request.body),
  );

  // ---- Group subscriptions ----
  app.get(
    `${API_PREFIX}/notifications/subscriptions/groups/:id`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: "Which staff alerts the group's robots post",
        params: idParams,
        response: { 200: groupSubscriptions, ...problemResponses },
      },
    },
    async (request) => groupSubscriptionsOf(ctx, request.params.id),
  );
  app.put(
    `${API_PREFIX}/notifications/subscriptions/groups/:id`,
    {
      config: manage,
      schema: {
        tags: settingsTags,
        summary: "Choose which staff alerts the group's robots post",
        params: idParams,
        body: updateGroupSubscriptionsBody,
        response: { 200: groupSubscriptions, ...problemResponses },
      },
    },
    async (request) =>
      saveGroupSubscriptions(ctx, actorOf(request), request.params.id, request.body.templates),
  );
}
