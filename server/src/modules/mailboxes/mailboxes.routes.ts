import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses } from '../../platform/http/schemas.js';
import { actorOf } from '../auth/auth.hook.js';
import {
  connectionTestBody,
  connectionTestResponse,
  createMailboxBody,
  mailboxResponse,
  mailMessageResponse,
  mailMessagesQuery,
  updateMailboxBody,
} from './mailboxes.schema.js';
import {
  createMailbox,
  fetchNow,
  getMailbox,
  listMailboxes,
  listMessages,
  removeMailbox,
  testConnection,
  updateMailboxSettings,
} from './mailboxes.service.js';

const manage = { access: { permission: 'settings.manage' as const } };
const tags = ['Mailboxes'];

/** The e-mail channel's administration: IMAP mailboxes whose mail becomes tickets and replies. */
export async function registerMailboxRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/mailboxes`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Mailboxes polled over IMAP, with their status (passwords are never returned)',
        response: { 200: z.object({ items: z.array(mailboxResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: await listMailboxes(ctx) }),
  );
  app.post(
    `${API_PREFIX}/mailboxes`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a mailbox',
        body: createMailboxBody,
        response: { 201: mailboxResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createMailbox(ctx, actorOf(request), request.body)),
  );
  app.post(
    `${API_PREFIX}/mailboxes/connection-test`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Sign in to an IMAP server and open the folder, without saving anything',
        body: connectionTestBody,
        response: { 200: connectionTestResponse, ...problemResponses },
      },
    },
    async (request) => testConnection(ctx, actorOf(request), request.body),
  );
  app.get(
    `${API_PREFIX}/mailboxes/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'One mailbox',
        params: idParams,
        response: { 200: mailboxResponse, ...problemResponses },
      },
    },
    async (request) => getMailbox(ctx, request.params.id),
  );
  app.patch(
    `${API_PREFIX}/mailboxes/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a mailbox; a password given replaces the stored one, none keeps it',
        params: idParams,
        body: updateMailboxBody,
        response: { 200: mailboxResponse, ...problemResponses },
      },
    },
    async (request) => updateMailboxSettings(ctx, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    `${API_PREFIX}/mailboxes/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Remove a mailbox (its tickets and mail records stay)',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeMailbox(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    `${API_PREFIX}/mailboxes/:id/fetch`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Fetch new mail now instead of waiting for the next poll',
        params: idParams,
        response: { 202: z.object({ queued: z.literal(true) }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await fetchNow(ctx, request.params.id);
      return reply.code(202).send({ queued: true as const });
    },
  );
  app.get(
    `${API_PREFIX}/mailboxes/:id/messages`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          'The latest messages taken from a mailbox: ticket opened, reply added, ignored (and why) or failed',
        params: idParams,
        querystring: mailMessagesQuery,
        response: { 200: z.object({ items: z.array(mailMessageResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listMessages(ctx, request.params.id, request.query.limit) }),
  );
}
