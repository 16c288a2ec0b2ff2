import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { problemResponses } from '../../platform/http/schemas.js';
import { actorOf } from '../auth/auth.hook.js';
import {
  contactParams,
  contactResponse,
  createContactBody,
  createCustomerBody,
  createPurchaseBody,
  customerDetailResponse,
  customerPageResponse,
  customerParams,
  listCustomersQuery,
  purchaseParams,
  purchaseResponse,
  updateCustomerBody,
} from './customers.schema.js';
import {
  addContact,
  addPurchase,
  createCustomer,
  getCustomer,
  listCustomersFor,
  removeContact,
  removePurchase,
  updateCustomerById,
} from './customers.service.js';
import { canSeePersonalData } from './masking.js';

const tags = ['Customers'];
const read = { access: { permission: 'customers.read' as const } };
const write = { access: { permission: 'customers.write' as const } };

/** Customer profiles, contacts and purchases (R11.1); personal data masked without `customers.pii` (R11.3). */
export function registerCustomerRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/customers`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Search customers by name, company, phone, e-mail or number; newest first',
        querystring: listCustomersQuery,
        response: { 200: customerPageResponse, ...problemResponses },
      },
    },
    async (request) => listCustomersFor(ctx, request.query, canSeePersonalData(request.principal)),
  );

  app.post(
    `${API_PREFIX}/customers`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a customer (numbered C000001… unless a number is given)',
        body: createCustomerBody,
        response: { 201: customerDetailResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createCustomer(ctx, actorOf(request), request.body, canSeePersonalData(request.principal)),
        ),
  );

  app.get(
    `${API_PREFIX}/customers/:id`,
    {
      config: read,
      schema: {
        tags,
        summary: 'A customer with contacts, purchases (with warranty) and the number of tickets',
        params: customerParams,
        response: { 200: customerDetailResponse, ...problemResponses },
      },
    },
    async (request) => getCustomer(ctx, request.params.id, canSeePersonalData(request.principal)),
  );

  app.patch(
    `${API_PREFIX}/customers/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a customer',
        params: customerParams,
        body: updateCustomerBody,
        response: { 200: customerDetailResponse, ...problemResponses },
      },
    },
    async (request) =>
      updateCustomerById(
        ctx,
        actorOf(request),
        request.params.id,
        request.body,
        canSeePersonalData(request.principal),
      ),
  );

  app.post(
    `${API_PREFIX}/customers/:id/contacts`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a contact person',
        params: customerParams,
        body: createContactBody,
        response: { 201: contactResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addContact(
            ctx,
            actorOf(request),
            request.params.id,
            request.body,
            canSeePersonalData(request.principal),
          ),
        ),
  );

  app.delete(
    `${API_PREFIX}/customers/:id/contacts/:contactId`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a contact person',
        params: contactParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeContact(ctx, actorOf(request), request.params.id, request.params.contactId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${API_PREFIX}/customers/:id/purchases`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Register a purchase (product by id or model, serial, order, date, channel)',
        params: customerParams,
        body: createPurchaseBody,
        response: { 201: purchaseResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addPurchase(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    `${API_PREFIX}/customers/:id/purchases/:purchaseId`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a purchase',
        params: purchaseParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removePurchase(ctx, actorOf(request), request.params.id, request.params.purchaseId);
      return reply.code(204).send(null);
    },
  );
}
