import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses, problemSchema } from '../../platform/http/schemas.js';
import { resolveLocale } from '../../platform/i18n/locale.js';
import { actorOf, principalOf } from '../auth/auth.hook.js';
import type { Permission } from '../auth/permissions.js';
import type { Caller } from '../tickets/access.js';
import { loadSurveySettings } from './settings.js';
import {
  csatQuery,
  csatResponse,
  followUpView,
  listFollowUpsQuery,
  listSurveysQuery,
  publicSurveyAnswerBody,
  publicSurveyResponse,
  surveySettingsSchema,
  surveyTokenParams,
  surveyView,
  updateFollowUpBody,
} from './surveys.schema.js';
import {
  answerPublicSurvey,
  csatReport,
  getSurveySettings,
  getTicketSurvey,
  listFollowUps,
  listSurveys,
  openPublicSurvey,
  updateFollowUp,
  updateSurveySettings,
} from './surveys.service.js';

const tags = ['Surveys'];
const READ: Permission[] = ['tickets.read_all', 'tickets.read_group'];
const read = { access: { permission: READ } };
const manage = { access: { permission: 'settings.manage' as const } };

const callerOf = (request: FastifyRequest): Caller => ({
  principal: principalOf(request),
  actor: actorOf(request),
});

export function registerSurveyRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const localeOf = (request: FastifyRequest) => resolveLocale(request, ctx.config.defaultLocale);
  // The public survey is limited like the public form; reading it may happen a few times per answer.
  const publicLimit = (factor: number) => ({
    max: ctx.config.publicFormRatePerMinute * factor,
    timeWindow: 60_000,
  });
  const publicProblems = {
    400: problemSchema,
    404: problemSchema,
    409: problemSchema,
    410: problemSchema,
    429: problemSchema,
  };

  app.get(
    `${API_PREFIX}/public/surveys/:token`,
    {
      config: { access: 'public', rateLimit: publicLimit(5) },
      schema: {
        tags: ['Public'],
        summary:
          'A satisfaction survey behind a signed link (R6): 404 survey_link_invalid, 410 survey_link_expired, 409 survey_already_answered',
        security: [],
        params: surveyTokenParams,
        response: { 200: publicSurveyResponse, ...publicProblems },
      },
    },
    async (request) => openPublicSurvey(ctx, request.params.token, localeOf(request)),
  );

  app.post(
    `${API_PREFIX}/public/surveys/:token`,
    {
      config: { access: 'public', rateLimit: publicLimit(1) },
      schema: {
        tags: ['Public'],
        summary: 'Answer a satisfaction survey once: {answers: {questionKey: score or text}}',
        security: [],
        params: surveyTokenParams,
        body: publicSurveyAnswerBody,
        response: { 201: z.object({ thanks: z.literal(true) }), ...publicProblems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await answerPublicSurvey(ctx, request.params.token, request.body.answers, request.ip)),
  );

  app.get(
    `${API_PREFIX}/survey-settings`,
    {
      config: manage,
      schema: {
        tags: ['Settings'],
        summary:
          'Satisfaction survey settings: timing, channel, scale, low-score rule, questions, cause tags',
        response: { 200: surveySettingsSchema, ...problemResponses },
      },
    },
    async () => getSurveySettings(ctx),
  );

  app.put(
    `${API_PREFIX}/survey-settings`,
    {
      config: manage,
      schema: {
        tags: ['Settings'],
        summary: 'Change the satisfaction survey settings (audited)',
        body: surveySettingsSchema,
        response: { 200: surveySettingsSchema, ...problemResponses },
      },
    },
    async (request) => updateSurveySettings(ctx, actorOf(request), request.body),
  );

  app.get(
    `${API_PREFIX}/tickets/:id/survey`,
    {
      config: read,
      schema: {
        tags,
        summary: "The ticket's satisfaction survey with its answers and follow-up (null before closing)",
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        response: { 200: z.object({ survey: surveyView.nullable() }), ...problemResponses },
      },
    },
    async (request) => getTicketSurvey(ctx, callerOf(request), request.params.id, localeOf(request)),
  );

  app.get(
    `${API_PREFIX}/surveys`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Surveys of the tickets the caller may see, by customer or agent, newest first',
        querystring: listSurveysQuery,
        response: { 200: z.object({ items: z.array(surveyView) }), ...problemResponses },
      },
    },
    async (request) => listSurveys(ctx, callerOf(request), request.query, localeOf(request)),
  );

  app.get(
    `${API_PREFIX}/survey-follow-ups`,
    {
      config: read,
      schema: {
        tags,
        summary:
          'Follow-ups of low scores (R6.2); assignee=me: mine, and those left to the supervisors when I am one',
        querystring: listFollowUpsQuery,
        response: {
          200: z.object({ items: z.array(followUpView), causeTags: z.array(z.string()) }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({
      ...(await listFollowUps(ctx, callerOf(request), request.query)),
      causeTags: (await loadSurveySettings(ctx.db)).causeTags,
    }),
  );

  app.patch(
    `${API_PREFIX}/survey-follow-ups/:id`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Record causes and remedy of a follow-up; done: true completes it and meets its milestone',
        params: idParams,
        body: updateFollowUpBody,
        response: { 200: followUpView, ...problemResponses },
      },
    },
    async (request) => updateFollowUp(ctx, callerOf(request), request.params.id, request.body),
  );

  app.get(
    `${API_PREFIX}/reports/csat`,
    {
      config: { access: { permission: 'reports.read' as const } },
      schema: {
        tags: ['Reports'],
        summary:
          'CSAT over the surveys sent in [from, to): distribution, average, response rate, trend, breakdown',
        querystring: csatQuery,
        response: { 200: csatResponse, ...problemResponses },
      },
    },
    async (request) => csatReport(ctx, request.query),
  );
}
