import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { AppError } from '../../platform/http/errors.js';
import { problemSchema } from '../../platform/http/schemas.js';
import { resolveLocale } from '../../platform/i18n/locale.js';
import { CSRF_HEADER } from '../auth/auth.hook.js';
import { safeEqual } from '../auth/auth.service.js';
import type { AttachmentRecord } from '../tickets/attachments.repository.js';
import { discardUploads, storeUpload } from '../tickets/attachments.service.js';
import {
  attachmentParams,
  categoriesResponse,
  codeSentResponse,
  confirmationBody,
  confirmationResponse,
  newTicketFields,
  planDecisionBody,
  planParams,
  portalTicketDetail,
  portalTicketList,
  replyFields,
  requestCodeBody,
  sessionResponse,
  signInBody,
  ticketCreatedResponse,
  ticketParams,
  ticketTypesResponse,
} from './portal.schema.js';
import {
  authenticatePortalSession,
  confirmFromPortal,
  decidePlanFromPortal,
  getPortalTicket,
  listPortalTickets,
  openPortalAttachment,
  type PortalClient,
  type PortalSession,
  portalCategories,
  portalTicketTypes,
  presentSession,
  replyFromPortal,
  requestCode,
  signInWithCode,
  signOutOfPortal,
  submitTicket,
} from './portal.service.js';

/** The customer's session cookie; staff sessions use their own (`aftercare_session`), and neither opens the other. */
export const PORTAL_COOKIE = 'aftercare_portal';
// The cookie goes only to the portal API, never to staff routes.
const COOKIE_PATH = `${API_PREFIX}/portal`;
/** Files one submission or reply may carry. */
export const MAX_FILES = 10;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Portal routes: the customer's session is required ('session') or used when present ('optional'). */
    portal?: 'session' | 'optional';
    /** The route takes files (multipart); other portal routes refuse them. */
    portalFiles?: boolean;
  }
  interface FastifyRequest {
    portalSession: PortalSession | null;
    portalUploads: AttachmentRecord[] | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const tags = ['Customer portal'];
const withSession = [{ portal: [] }];
const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
} as const;
const uploadProblems = { ...problems, 413: problemSchema, 415: problemSchema } as const;

function sessionOf(request: FastifyRequest): PortalSession {
  if (!request.portalSession) throw new AppError('not_authenticated', 'portal.signInRequired');
  return request.portalSession;
}

const uploadsOf = (request: FastifyRequest) => request.portalUploads ?? [];

export async function registerPortalRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const clientOf = (request: FastifyRequest): PortalClient => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
    locale: resolveLocale(request, ctx.config.defaultLocale),
  });
  const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(PORTAL_COOKIE, token, {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      expires: expiresAt,
    });
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(PORTAL_COOKIE, { path: COOKIE_PATH });

  fastify.decorateRequest('portalSession', null);
  fastify.decorateRequest('portalUploads', null);

  // The customer's session, resolved before the body is read; writes made with it carry the CSRF header,
  // as staff writes do.
  fastify.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[PORTAL_COOKIE];
    if (token) {
      const found = await authenticatePortalSession(ctx, token);
      if (!found) {
        clearCookie(reply);
      } else {
        request.portalSession = found.session;
        if (found.renewed) setCookie(request, reply, token, found.session.expiresAt);
      }
    }
    const mode = request.routeOptions.config.portal;
    if (!mode) return;
    const session = request.portalSession;
    if (mode === 'session' && !session) throw new AppError('not_authenticated', 'portal.signInRequired');
    if (session && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
        throw new AppError('csrf_token_invalid', 'auth.csrfInvalid', { params: { header: CSRF_HEADER } });
      }
    }
  });

  // Files are stored as they stream in; whatever a failed or repeated request left unattached goes again.
  await fastify.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: ctx.config.attachmentMaxBytes, files: MAX_FILES + 1, fields: 20 },
    async onFile(part) {
      if (!this.routeOptions.config.portalFiles) {
        part.file.resume();
        throw new AppError('unsupported_media_type', 'request.unsupportedMediaType');
      }
      this.portalUploads ??= [];
      const uploads = this.portalUploads;
      if (uploads.length >= MAX_FILES) {
        part.file.resume();
        throw new AppError('payload_too_large', 'portal.tooManyFiles', {
          field: 'body.files',
          params: { max: MAX_FILES },
        });
      }
      uploads.push(
        await storeUpload(
          ctx,
          { fileName: part.filename, contentType: part.mimetype, stream: part.file },
          null,
        ),
      );
    },
  });
  fastify.addHook('onSend', async (request, _reply, payload) => {
    if (request.portalUploads?.length) {
      await discardUploads(
        ctx,
        request.portalUploads.map((upload) => upload.id),
      );
    }
    return payload;
  });

  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const codeRateLimit = { max: ctx.config.portal.ratePerMinute, timeWindow: 60_000 };

  app.post(
    `${API_PREFIX}/portal/codes`,
    {
      config: { access: 'public', rateLimit: codeRateLimit },
      schema: {
        tags,
        summary:
          'Send a 6-digit one-time code to an e-mail address or mobile number (rate-limited); the answer never tells whether the address or ticket exists',
        security: [],
        body: requestCodeBody,
        response: { 202: codeSentResponse, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => reply.code(202).send(await requestCode(ctx, request.body, clientOf(request))),
  );

  app.post(
    `${API_PREFIX}/portal/sessions`,
    {
      config: { access: 'public', rateLimit: codeRateLimit },
      schema: {
        tags,
        summary: 'Open a portal session with the code; sets the aftercare_portal cookie',
        security: [],
        body: signInBody,
        response: { 200: sessionResponse, 400: problemSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const opened = await signInWithCode(ctx, request.body, clientOf(request), request.portalSession);
      setCookie(request, reply, opened.token, opened.session.expiresAt);
      return presentSession(opened.session);
    },
  );

  app.get(
    `${API_PREFIX}/portal/session`,
    {
      config: { access: 'public', portal: 'session' },
      schema: {
        tags,
        summary: 'The portal session of this browser and its CSRF token',
        security: withSession,
        response: { 200: sessionResponse, 401: problemSchema },
      },
    },
    async (request) => presentSession(sessionOf(request)),
  );

  app.delete(
    `${API_PREFIX}/portal/session`,
    {
      config: { access: 'public', portal: 'optional' },
      schema: {
        tags,
        summary: 'Sign out of the portal',
        security: withSession,
        response: { 204: z.null(), 403: problemSchema },
      },
    },
    async (request, reply) => {
      if (request.portalSession) await signOutOfPortal(ctx, request.portalSession, clientOf(request));
      clearCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${API_PREFIX}/portal/categories`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "The request form's categories (active ones), named in the reader's language",
        security: [],
        response: { 200: categoriesResponse },
      },
    },
    async (request) => portalCategories(ctx, clientOf(request).locale),
  );

  app.get(
    `${API_PREFIX}/portal/ticket-types`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "The request form's kinds of feedback, labelled in the reader's language",
        security: [],
        response: { 200: ticketTypesResponse },
      },
    },
    async (request) => portalTicketTypes(clientOf(request).locale),
  );

  app.post(
    `${API_PREFIX}/portal/tickets`,
    {
      config: {
        access: 'public',
        portal: 'optional',
        portalFiles: true,
        rateLimit: { max: ctx.config.publicFormRatePerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary:
          'Submit a request (multipart/form-data: the fields below, files under any field name; rate-limited). Honours an Idempotency-Key header; sets a session cookie for the new ticket unless signed in to an account',
        security: [],
        consumes: ['multipart/form-data'],
        headers: z.looseObject({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        body: newTicketFields,
        response: { 201: ticketCreatedResponse, ...uploadProblems, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const created = await submitTicket(ctx, request.portalSession, request.body, uploadsOf(request), {
        ...clientOf(request),
        idempotencyKey: typeof key === 'string' ? key : undefined,
      });
      if (created.token) setCookie(request, reply, created.token, created.session.expiresAt);
      return reply
        .code(201)
        .send({ number: created.number, url: created.url, csrfToken: created.session.csrfToken });
    },
  );

  app.get(
    `${API_PREFIX}/portal/tickets`,
    {
      config: { access: 'public', portal: 'session' },
      schema: {
        tags,
        summary:
          'The tickets this session sees (an account: all of the customer’s; a ticket session: its one)',
        security: withSession,
        response: { 200: portalTicketList, 401: problemSchema },
      },
    },
    async (request) => listPortalTickets(ctx, sessionOf(request)),
  );

  app.get(
    `${API_PREFIX}/portal/tickets/:number`,
    {
      config: { access: 'public', portal: 'session' },
      schema: {
        tags,
        summary:
          'One ticket as its customer sees it: public timeline and files, next expected time, plan and confirmation to give, survey link',
        security: withSession,
        params: ticketParams,
        response: { 200: portalTicketDetail, ...problems },
      },
    },
    async (request) =>
      getPortalTicket(ctx, sessionOf(request), request.params.number, clientOf(request).locale),
  );

  app.post(
    `${API_PREFIX}/portal/tickets/:number/replies`,
    {
      config: { access: 'public', portal: 'session', portalFiles: true },
      schema: {
        tags,
        summary:
          'Write to customer service (multipart/form-data: body, files under any field name); reopens a resolved or recently closed ticket',
        security: withSession,
        consumes: ['multipart/form-data'],
        params: ticketParams,
        body: replyFields,
        response: { 201: portalTicketDetail, ...uploadProblems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await replyFromPortal(
            ctx,
            sessionOf(request),
            request.params.number,
            request.body.body,
            uploadsOf(request),
            clientOf(request),
          ),
        ),
  );

  app.get(
    `${API_PREFIX}/portal/tickets/:number/attachments/:attachmentId`,
    {
      config: { access: 'public', portal: 'session' },
      schema: {
        tags,
        summary: 'Download a file of a public timeline entry',
        security: withSession,
        params: attachmentParams,
      },
    },
    async (request, reply) => {
      const { attachment, stream } = await openPortalAttachment(
        ctx,
        sessionOf(request),
        request.params.number,
        request.params.attachmentId,
      );
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
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );

  app.post(
    `${API_PREFIX}/portal/tickets/:number/plans/:planId/decision`,
    {
      config: { access: 'public', portal: 'session' },
      schema: {
        tags,
        summary: 'Accept or reject a solution plan offered to the customer',
        security: withSession,
        params: planParams,
        body: planDecisionBody,
        response: { 200: portalTicketDetail, ...problems },
      },
    },
    async (request) =>
      decidePlanFromPortal(
        ctx,
        sessionOf(request),
        request.params.number,
        request.params.planId,
        request.body,
        clientOf(request),
      ),
  );

  app.post(
    `${API_PREFIX}/portal/tickets/:number/confirmation`,
    {
      config: { access: 'public', portal: 'session' },
      schema: {
        tags,
        summary:
          'Confirm the problem is solved (closes the ticket, confirmed in the portal) or say it is not (back to work, the comment as a reply)',
        security: withSession,
        params: ticketParams,
        body: confirmationBody,
        response: { 200: confirmationResponse, ...problems },
      },
    },
    async (request) =>
      confirmFromPortal(ctx, sessionOf(request), request.params.number, request.body, clientOf(request)),
  );
}
