import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { AppError } from '../../platform/http/errors.js';
import { problemResponses } from '../../platform/http/schemas.js';
import { actorOf, principalOf } from '../auth/auth.hook.js';
import type { Permission } from '../auth/permissions.js';
import { type Caller, requirePermission } from './access.js';
import { openAttachment, presentAttachment, storeUpload } from './attachments.service.js';
import { createTicket } from './intake.service.js';
import {
  answerCollaboration,
  decideEscalation,
  decidePlan,
  proposePlan,
  recordPlanCustomerDecision,
  requestCollaboration,
  requestEscalation,
} from './plans.service.js';
import {
  answerBody,
  assignBody,
  bulkBody,
  callBody,
  closeBody,
  collaborationBody,
  collaboratorsBody,
  createTicketBody,
  customerDecisionBody,
  customerReplyBody,
  declineBody,
  escalationBody,
  escalationDecisionBody,
  linkBody,
  listTicketsQuery,
  mergeBody,
  planBody,
  planDecisionBody,
  planParams,
  reopenBody,
  replyBody,
  requestParams,
  resolveBody,
  savedViewBody,
  statusBody,
  subStatusBody,
  ticketDetailResponse,
  ticketIdParams,
  ticketPolicyBody,
  ticketResponse,
  ticketSummary,
  updateTicketBody,
} from './tickets.schema.js';
import {
  acceptTicket,
  addMessage,
  assignTicket,
  closeTicket,
  declineTicket,
  getTicketDetail,
  linkTickets,
  listTickets,
  logCall,
  mergeTicket,
  presentFor,
  reclassify,
  recordCustomerReply,
  reopenTicket,
  resolveTicket,
  setStatus,
  setSubStatus,
  setTicketCollaborators,
  updateTicketFields,
} from './tickets.service.js';
import { createView, getTicketPolicy, listViews, removeView, updateTicketPolicy } from './views.service.js';

const tags = ['Tickets'];
const READ: Permission[] = ['tickets.read_all', 'tickets.read_group'];
const read = { access: { permission: READ } };
const update = { access: { permission: 'tickets.update' as const } };
const ticketResult = { 200: ticketResponse, ...problemResponses };

const callerOf = (request: FastifyRequest): Caller => ({
  principal: principalOf(request),
  actor: actorOf(request),
});

export async function registerTicketRoutes(fastify: FastifyInstance, ctx: AppContext) {
  await fastify.register(fastifyMultipart, {
    limits: { fileSize: ctx.config.attachmentMaxBytes, files: 1, fields: 5 },
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/tickets`,
    {
      config: read,
      schema: {
        tags,
        summary:
          'List tickets: filters, views (mine, my_groups, unassigned), Chinese full-text search, cursor pages',
        querystring: listTicketsQuery,
        response: {
          200: z.object({ items: z.array(ticketSummary), nextCursor: z.string().nullable() }),
          ...problemResponses,
        },
      },
    },
    async (request) => listTickets(ctx, callerOf(request), request.query),
  );

  app.post(
    `${API_PREFIX}/tickets`,
    {
      config: { access: { permission: 'tickets.create' } },
      schema: {
        tags,
        summary: 'Create a ticket (any channel); honours an Idempotency-Key header',
        headers: z.looseObject({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        body: createTicketBody,
        response: { 201: ticketResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      // Choosing someone else as owner is an assignment (R3.2): it needs tickets.assign.
      if (request.body.ownerId && request.body.ownerId !== caller.principal.userId) {
        requirePermission(caller.principal, 'tickets.assign', 'body.ownerId');
      }
      const key = request.headers['idempotency-key'];
      const result = await createTicket(ctx, caller.actor, request.body, {
        createdByUserId: caller.principal.userId,
        ...(typeof key === 'string'
          ? { idempotency: { key, principal: caller.principal.tokenId ?? caller.principal.userId } }
          : {}),
      });
      if (!result.created) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(await presentFor(ctx, caller, result.ticket));
    },
  );

  app.get(
    `${API_PREFIX}/tickets/:id`,
    {
      config: read,
      schema: {
        tags,
        summary:
          'A ticket by id or number, with its timeline, plans, requests, links and possible duplicates',
        params: ticketIdParams,
        response: { 200: ticketDetailResponse, ...problemResponses },
      },
    },
    async (request) => getTicketDetail(ctx, callerOf(request), request.params.id),
  );

  app.patch(
    `${API_PREFIX}/tickets/:id`,
    {
      config: update,
      schema: {
        tags,
        summary: 'Change fields; overriding priority, category or emotion is recorded',
        params: ticketIdParams,
        body: updateTicketBody,
        response: ticketResult,
      },
    },
    async (request) => updateTicketFields(ctx, callerOf(request), request.params.id, request.body),
  );

  const action = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B | null,
    run: (caller: Caller, id: string, body: z.infer<B>) => ReturnType<typeof presentFor>,
    access: { access: { permission: Permission | Permission[] } } = update,
  ) =>
    app.post(
      `${API_PREFIX}/tickets/:id/${path}`,
      {
        config: access,
        schema: { tags, summary, params: ticketIdParams, ...(body ? { body } : {}), response: ticketResult },
      },
      async (request) =>
        run(callerOf(request), (request.params as { id: string }).id, request.body as z.infer<B>),
    );

  action('classify', 'Run the classification rules again and apply their outcome', null, (caller, id) =>
    reclassify(ctx, caller, id),
  );
  action('assign', 'Assign or transfer to a group and/or owner', assignBody, (caller, id, body) =>
    assignTicket(ctx, caller, id, body),
  );
  action('accept', 'The owner accepts the assignment', null, (caller, id) => acceptTicket(ctx, caller, id));
  action(
    'decline',
    'The owner declines with a reason; the ticket returns to the group lead',
    declineBody,
    (caller, id, body) => declineTicket(ctx, caller, id, body.reason),
  );
  action(
    'status',
    'Set a working status (in progress, waiting for customer or third party)',
    statusBody,
    (caller, id, body) => setStatus(ctx, caller, id, body.status, body.note),
  );
  action('sub-status', 'Record a sub-status milestone (已联系客户 …)', subStatusBody, (caller, id, body) =>
    setSubStatus(ctx, caller, id, body.subStatus),
  );
  action('replies', 'Reply to the customer (sent on their channel)', replyBody, (caller, id, body) =>
    addMessage(ctx, caller, id, { body: body.body, isPublic: true, attachments: body.attachments }),
  );
  action('notes', 'Add an internal note', replyBody, (caller, id, body) =>
    addMessage(ctx, caller, id, { body: body.body, isPublic: false, attachments: body.attachments }),
  );
  action('calls', 'Log a phone call with the customer', callBody, (caller, id, body) =>
    logCall(ctx, caller, id, body),
  );
  action(
    'customer-replies',
    'Record a message from the customer; reopens within the reopen window',
    customerReplyBody,
    (caller, id, body) => recordCustomerReply(ctx, caller, id, body),
  );
  action('resolve', 'Mark resolved and ask the customer to confirm', resolveBody, (caller, id, body) =>
    resolveTicket(ctx, caller, id, body.summary),
  );
  action(
    'close',
    'Close on the customer’s confirmation',
    closeBody,
    (caller, id, body) => closeTicket(ctx, caller, id, body),
    {
      access: { permission: 'tickets.close' },
    },
  );
  action('reopen', 'Reopen a resolved or closed ticket', reopenBody, (caller, id, body) =>
    reopenTicket(ctx, caller, id, body.reason),
  );
  action(
    'merge',
    'Merge this ticket into another (closes this one as merged)',
    mergeBody,
    (caller, id, body) => mergeTicket(ctx, caller, id, body.into),
  );
  action('links', 'Link another ticket', linkBody, (caller, id, body) =>
    linkTickets(ctx, caller, id, body.ticket, body.kind),
  );
  action('collaborators', 'Set the collaborators', collaboratorsBody, (caller, id, body) =>
    setTicketCollaborators(ctx, caller, id, body.userIds),
  );
  action('plans', 'Propose a solution plan with compensation', planBody, (caller, id, body) =>
    proposePlan(ctx, caller, id, body),
  );
  action(
    'collaboration-requests',
    'Ask another department for an action by a deadline',
    collaborationBody,
    (caller, id, body) => requestCollaboration(ctx, caller, id, body),
  );
  action('escalations', 'Ask a supervisor for escalation', escalationBody, (caller, id, body) =>
    requestEscalation(ctx, caller, id, body),
  );

  app.post(
    `${API_PREFIX}/tickets/:id/plans/:planId/decision`,
    {
      config: update,
      schema: {
        tags,
        summary: 'Approve or reject a plan (lead, then management for major plans)',
        params: planParams,
        body: planDecisionBody,
        response: ticketResult,
      },
    },
    async (request) =>
      decidePlan(ctx, callerOf(request), request.params.id, request.params.planId, request.body),
  );
  app.post(
    `${API_PREFIX}/tickets/:id/plans/:planId/customer-decision`,
    {
      config: update,
      schema: {
        tags,
        summary: 'Record the customer accepting or rejecting an approved plan',
        params: planParams,
        body: customerDecisionBody,
        response: ticketResult,
      },
    },
    async (request) =>
      recordPlanCustomerDecision(
        ctx,
        callerOf(request),
        request.params.id,
        request.params.planId,
        request.body,
      ),
  );
  app.post(
    `${API_PREFIX}/tickets/:id/collaboration-requests/:requestId/answer`,
    {
      config: update,
      schema: {
        tags,
        summary: 'Answer a collaboration request',
        params: requestParams,
        body: answerBody,
        response: ticketResult,
      },
    },
    async (request) =>
      answerCollaboration(
        ctx,
        callerOf(request),
        request.params.id,
        request.params.requestId,
        request.body.answer,
      ),
  );
  app.post(
    `${API_PREFIX}/tickets/:id/escalations/:requestId/decision`,
    {
      config: { access: { permission: 'tickets.assign' } },
      schema: {
        tags,
        summary: 'A supervisor decides an escalation request',
        params: requestParams,
        body: escalationDecisionBody,
        response: ticketResult,
      },
    },
    async (request) =>
      decideEscalation(ctx, callerOf(request), request.params.id, request.params.requestId, request.body),
  );

  app.post(
    `${API_PREFIX}/tickets/bulk`,
    {
      config: update,
      schema: {
        tags,
        summary: 'Apply one action to many tickets; reports each ticket’s outcome',
        body: bulkBody,
        response: {
          200: z.object({
            results: z.array(z.object({ id: z.string(), ok: z.boolean(), code: z.string().optional() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { action: bulk } = request.body;
      const results: { id: string; ok: boolean; code?: string }[] = [];
      for (const id of request.body.ticketIds) {
        try {
          if (bulk.kind === 'assign')
            await assignTicket(ctx, caller, id, { groupId: bulk.groupId, ownerId: bulk.ownerId });
          if (bulk.kind === 'status') await setStatus(ctx, caller, id, bulk.status);
          if (bulk.kind === 'tag') {
            const detail = await getTicketDetail(ctx, caller, id);
            const next = [...new Set([...detail.ticket.tags, ...bulk.add])].filter(
              (tag) => !bulk.remove.includes(tag),
            );
            await updateTicketFields(ctx, caller, id, { tags: next });
          }
          results.push({ id, ok: true });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({ id, ok: false, code: error.code });
        }
      }
      return { results };
    },
  );

  const viewTags = ['Ticket views'];
  app.get(
    `${API_PREFIX}/ticket-views`,
    {
      config: read,
      schema: {
        tags: viewTags,
        summary: 'My saved inbox views and the shared ones',
        response: {
          200: z.object({ items: z.array(z.record(z.string(), z.unknown())) }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({ items: await listViews(ctx, callerOf(request)) }),
  );
  app.post(
    `${API_PREFIX}/ticket-views`,
    {
      config: read,
      schema: {
        tags: viewTags,
        summary: 'Save an inbox view',
        body: savedViewBody,
        response: { 201: z.record(z.string(), z.unknown()), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createView(ctx, callerOf(request), request.body)),
  );
  app.delete(
    `${API_PREFIX}/ticket-views/:id`,
    {
      config: read,
      schema: {
        tags: viewTags,
        summary: 'Delete one of my views',
        params: z.strictObject({ id: z.uuid() }),
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeView(ctx, callerOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${API_PREFIX}/ticket-policy`,
    {
      schema: {
        tags: ['Settings'],
        summary: 'Auto-close silence, reopen window, major-plan threshold, duplicate window',
        response: { 200: ticketPolicyBody, ...problemResponses },
      },
    },
    async () => getTicketPolicy(ctx),
  );
  app.put(
    `${API_PREFIX}/ticket-policy`,
    {
      config: { access: { permission: 'settings.manage' } },
      schema: {
        tags: ['Settings'],
        summary: 'Change the ticket policy',
        body: ticketPolicyBody,
        response: { 200: ticketPolicyBody, ...problemResponses },
      },
    },
    async (request) => updateTicketPolicy(ctx, callerOf(request), request.body),
  );

  const attachmentResponse = z.object({
    id: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    createdAt: z.string(),
    url: z.string(),
  });
  app.post(
    `${API_PREFIX}/attachments`,
    {
      config: { access: { permission: ['tickets.create', 'tickets.update'] } },
      schema: {
        tags: ['Attachments'],
        summary: 'Upload a file (multipart field "file"); pass its id when creating a ticket or replying',
        consumes: ['multipart/form-data'],
        response: {
          201: attachmentResponse,
          ...problemResponses,
          413: problemResponses[400],
          415: problemResponses[400],
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new AppError('unsupported_media_type', 'attachments.missingFile', { field: 'body.file' });
      const file = await request.file();
      if (!file) throw new AppError('validation_failed', 'attachments.missingFile', { field: 'body.file' });
      const stored = await storeUpload(
        ctx,
        { fileName: file.filename, contentType: file.mimetype, stream: file.file },
        principalOf(request).userId,
      );
      return reply.code(201).send(presentAttachment(stored));
    },
  );
  app.get(
    `${API_PREFIX}/attachments/:id`,
    {
      config: read,
      schema: {
        tags: ['Attachments'],
        summary: 'Download an attachment',
        params: z.strictObject({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      const { attachment, stream } = await openAttachment(ctx, callerOf(request), request.params.id);
      const inline =
        /^(image|video|audio)\//.test(attachment.contentType) || attachment.contentType === 'application/pdf';
      return reply
        .type(attachment.contentType)
        .header('content-length', attachment.sizeBytes)
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename="${attachment.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
        )
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(stream);
    },
  );
}
