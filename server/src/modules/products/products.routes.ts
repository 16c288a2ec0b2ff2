import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, problemResponses } from '../../platform/http/schemas.js';
import { actorOf } from '../auth/auth.hook.js';
import { canSeePersonalData } from '../customers/masking.js';
import {
  batchResponse,
  createBatchBody,
  createProductBody,
  listProductsQuery,
  productDetailResponse,
  productPageResponse,
  serialLookupResponse,
  serialParams,
  updateProductBody,
} from './products.schema.js';
import {
  addBatch,
  createProduct,
  getProduct,
  listProductCategories,
  listProductsFor,
  lookUpSerial,
  updateProductById,
} from './products.service.js';

const tags = ['Products'];
const read = { access: { permission: 'customers.read' as const } };
const manage = { access: { permission: 'products.manage' as const } };

/** The product catalogue with batches and the serial-number registry (R11.2). */
export function registerProductRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/products`,
    {
      config: read,
      schema: {
        tags,
        summary: 'List products by model, name or product line; category and active filters',
        querystring: listProductsQuery,
        response: { 200: productPageResponse, ...problemResponses },
      },
    },
    async (request) => listProductsFor(ctx, request.query),
  );

  app.get(
    `${API_PREFIX}/products/categories`,
    {
      config: read,
      schema: {
        tags,
        summary: 'The product categories in use',
        response: { 200: z.object({ items: z.array(z.string()) }), ...problemResponses },
      },
    },
    async () => listProductCategories(ctx),
  );

  app.post(
    `${API_PREFIX}/products`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a product model',
        body: createProductBody,
        response: { 201: productDetailResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createProduct(ctx, actorOf(request), request.body)),
  );

  app.get(
    `${API_PREFIX}/products/:id`,
    {
      config: read,
      schema: {
        tags,
        summary: 'A product with its batches and how often it was bought and reported',
        params: idParams,
        response: { 200: productDetailResponse, ...problemResponses },
      },
    },
    async (request) => getProduct(ctx, request.params.id),
  );

  app.patch(
    `${API_PREFIX}/products/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a product (model, warranty months, active …)',
        params: idParams,
        body: updateProductBody,
        response: { 200: productDetailResponse, ...problemResponses },
      },
    },
    async (request) => updateProductById(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    `${API_PREFIX}/products/:id/batches`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a production batch (lot)',
        params: idParams,
        body: createBatchBody,
        response: { 201: batchResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addBatch(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    `${API_PREFIX}/serials/:serial`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Look up a serial number: purchase, owner (masked per permission), product, warranty',
        params: serialParams,
        response: { 200: serialLookupResponse, ...problemResponses },
      },
    },
    async (request) => lookUpSerial(ctx, request.params.serial, canSeePersonalData(request.principal)),
  );
}
