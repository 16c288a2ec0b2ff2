import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses } from '../../platform/http/schemas.js';
import { actorOf } from '../auth/auth.hook.js';
import {
  categoryResponse,
  classificationOutcomeResponse,
  createCategoryBody,
  createRuleBody,
  policyBody,
  priorityParams,
  priorityResponse,
  reorderRulesBody,
  ruleResponse,
  testRulesBody,
  updateCategoryBody,
  updatePriorityBody,
  updateRuleBody,
} from './classification.schema.js';
import {
  createCategory,
  createRule,
  deleteCategoryById,
  deleteRuleById,
  getPolicy,
  listAllCategories,
  listAllPriorities,
  listAllRules,
  reorderRules,
  testRules,
  updateCategoryById,
  updatePolicy,
  updatePriorityByCode,
  updateRuleById,
} from './classification.service.js';

const tags = ['Classification'];
const manage = { access: { permission: 'settings.manage' as const } };

/** Categories, priorities, classification rules and the complaint/VIP policy (R2). Reading: any signed-in user. */
export function registerClassificationRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  // Categories ------------------------------------------------------------------------------------
  app.get(
    `${API_PREFIX}/categories`,
    {
      schema: {
        tags,
        summary: 'List the category tree (flat, with parents), inactive categories included',
        response: { 200: z.object({ items: z.array(categoryResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: await listAllCategories(ctx) }),
  );

  app.post(
    `${API_PREFIX}/categories`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a category',
        body: createCategoryBody,
        response: { 201: categoryResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createCategory(ctx, actorOf(request), request.body)),
  );

  app.patch(
    `${API_PREFIX}/categories/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a category: names, parent, position, group, active',
        params: idParams,
        body: updateCategoryBody,
        response: { 200: categoryResponse, ...problemResponses },
      },
    },
    async (request) => updateCategoryById(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    `${API_PREFIX}/categories/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Delete an unused category (one with subcategories, tickets or rules is refused: deactivate it)',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteCategoryById(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  // Priorities ------------------------------------------------------------------------------------
  app.get(
    `${API_PREFIX}/priorities`,
    {
      schema: {
        tags,
        summary: 'List the priority levels, most urgent first',
        response: { 200: z.object({ items: z.array(priorityResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: await listAllPriorities(ctx) }),
  );

  app.patch(
    `${API_PREFIX}/priorities/:code`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a priority level: names, description, active',
        params: priorityParams,
        body: updatePriorityBody,
        response: { 200: priorityResponse, ...problemResponses },
      },
    },
    async (request) => updatePriorityByCode(ctx, actorOf(request), request.params.code, request.body),
  );

  // Rules -----------------------------------------------------------------------------------------
  app.get(
    `${API_PREFIX}/classification-rules`,
    {
      schema: {
        tags,
        summary: 'List the classification rules in evaluation order',
        response: { 200: z.object({ items: z.array(ruleResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: await listAllRules(ctx) }),
  );

  app.post(
    `${API_PREFIX}/classification-rules`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a classification rule (last in order unless a position is given)',
        body: createRuleBody,
        response: { 201: ruleResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createRule(ctx, actorOf(request), request.body)),
  );

  app.put(
    `${API_PREFIX}/classification-rules/order`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Reorder the classification rules: every rule id once, in the new order',
        body: reorderRulesBody,
        response: { 200: z.object({ items: z.array(ruleResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await reorderRules(ctx, actorOf(request), request.body.ids) }),
  );

  app.post(
    `${API_PREFIX}/classification-rules/test`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Classify a sample ticket with the active rules (and an unsaved draft rule) without saving',
        body: testRulesBody,
        response: { 200: classificationOutcomeResponse, ...problemResponses },
      },
    },
    async (request) => testRules(ctx, request.body),
  );

  app.patch(
    `${API_PREFIX}/classification-rules/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a classification rule',
        params: idParams,
        body: updateRuleBody,
        response: { 200: ruleResponse, ...problemResponses },
      },
    },
    async (request) => updateRuleById(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    `${API_PREFIX}/classification-rules/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Delete a classification rule',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteRuleById(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  // Policy ----------------------------------------------------------------------------------------
  app.get(
    `${API_PREFIX}/classification/policy`,
    {
      schema: {
        tags,
        summary: 'The complaint-word and VIP policy (R2.4)',
        response: { 200: policyBody, ...problemResponses },
      },
    },
    async () => getPolicy(ctx),
  );

  app.put(
    `${API_PREFIX}/classification/policy`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Replace the complaint-word and VIP policy',
        body: policyBody,
        response: { 200: policyBody, ...problemResponses },
      },
    },
    async (request) => updatePolicy(ctx, actorOf(request), request.body),
  );
}
