import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { findCustomerById, findPurchaseBySerial } from '../customers/customers.repository.js';
import { presentPurchase } from '../customers/customers.service.js';
import { presentCustomer } from '../customers/masking.js';
import {
  type BatchRecord,
  countProductTickets,
  findBatch,
  findProductById,
  findProductByModel,
  insertBatch,
  insertProduct,
  listBatches,
  listCategories,
  listProducts,
  type ProductFields,
  type ProductRecord,
  updateProduct,
} from './products.repository.js';
import type {
  CreateBatchInput,
  CreateProductInput,
  ListProductsQuery,
  UpdateProductInput,
} from './products.schema.js';
import { localDate, warrantyStatusOf } from './warranty.js';

export { findProductByModel };

export const presentProduct = (product: ProductRecord) => ({
  ...product,
  createdAt: product.createdAt.toISOString(),
  updatedAt: product.updatedAt.toISOString(),
});

const presentBatch = (batch: BatchRecord) => ({ ...batch, createdAt: batch.createdAt.toISOString() });

const auditedProduct = (product: ProductRecord): ProductFields => ({
  model: product.model,
  name: product.name,
  category: product.category,
  productLine: product.productLine,
  warrantyMonths: product.warrantyMonths,
  isActive: product.isActive,
});

async function requireProduct(db: Queryable, id: string): Promise<ProductRecord> {
  const product = await findProductById(db, id);
  if (!product) throw notFound('products.notFound');
  return product;
}

async function productDetail(db: Queryable, product: ProductRecord) {
  return {
    ...presentProduct(product),
    batches: (await listBatches(db, product.id)).map(presentBatch),
    ticketCount: await countProductTickets(db, product.id),
  };
}

async function assertModelFree(db: Queryable, model: string, exceptId?: string) {
  const existing = await findProductByModel(db, model);
  if (existing && existing.id !== exceptId) {
    throw new AppError('conflict', 'products.modelTaken', { field: 'body.model', params: { model } });
  }
}

const encodeCursor = (model: string) => Buffer.from(model).toString('base64url');

function decodeCursor(cursor: string): string {
  const model = Buffer.from(cursor, 'base64url').toString('utf8');
  if (model === '' || encodeCursor(model) !== cursor) {
    throw new AppError('validation_failed', 'products.invalidCursor', { field: 'querystring.cursor' });
  }
  return model;
}

export async function listProductsFor(ctx: AppContext, query: ListProductsQuery) {
  const rows = await listProducts(ctx.db, {
    q: query.q || undefined,
    category: query.category || undefined,
    active: query.active === undefined ? undefined : query.active === 'true',
    afterModel: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentProduct),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.model) : null,
  };
}

export async function listProductCategories(ctx: AppContext) {
  return { items: await listCategories(ctx.db) };
}

export async function getProduct(ctx: AppContext, id: string) {
  return productDetail(ctx.db, await requireProduct(ctx.db, id));
}

export async function createProduct(ctx: AppContext, actor: Actor, input: CreateProductInput) {
  return ctx.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727102, hashtext(lower($1)))', [input.model]);
    await assertModelFree(tx, input.model);
    const id = await insertProduct(tx, {
      model: input.model,
      name: input.name,
      category: input.category,
      productLine: input.productLine ?? '',
      warrantyMonths: input.warrantyMonths,
      isActive: input.isActive,
    });
    const product = await requireProduct(tx, id);
    await recordAudit(tx, actor, {
      action: 'product.created',
      entityType: 'product',
      entityId: id,
      after: auditedProduct(product),
    });
    return productDetail(tx, product);
  });
}

export async function updateProductById(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateProductInput,
) {
  return ctx.db.transaction(async (tx) => {
    const before = await requireProduct(tx, id);
    const next: ProductFields = {
      model: input.model ?? before.model,
      name: input.name ?? before.name,
      category: input.category ?? before.category,
      productLine: input.productLine ?? before.productLine,
      warrantyMonths: input.warrantyMonths ?? before.warrantyMonths,
      isActive: input.isActive ?? before.isActive,
    };
    if (next.model !== before.model) {
      await tx.query('SELECT pg_advisory_xact_lock(727102, hashtext(lower($1)))', [next.model]);
      await assertModelFree(tx, next.model, id);
    }
    const previous = auditedProduct(before);
    const changed = (Object.keys(next) as (keyof ProductFields)[]).some((key) => next[key] !== previous[key]);
    if (!changed) return productDetail(tx, before);
    await updateProduct(tx, id, next);
    const after = await requireProduct(tx, id);
    await recordAudit(tx, actor, {
      action: 'product.updated',
      entityType: 'product',
      entityId: id,
      before: previous,
      after: auditedProduct(after),
    });
    return productDetail(tx, after);
  });
}

export async function addBatch(ctx: AppContext, actor: Actor, productId: string, input: CreateBatchInput) {
  return ctx.db.transaction(async (tx) => {
    const product = await requireProduct(tx, productId);
    if (await findBatch(tx, productId, input.batchNumber)) {
      throw new AppError('conflict', 'products.batchTaken', {
        field: 'body.batchNumber',
        params: { batchNumber: input.batchNumber },
      });
    }
    const id = await insertBatch(tx, productId, {
      batchNumber: input.batchNumber,
      manufacturedOn: input.manufacturedOn ?? null,
      quantity: input.quantity ?? null,
    });
    const batch = (await listBatches(tx, productId)).find((candidate) => candidate.id === id)!;
    await recordAudit(tx, actor, {
      action: 'product.batch_added',
      entityType: 'product',
      entityId: productId,
      after: {
        model: product.model,
        batchId: id,
        batchNumber: batch.batchNumber,
        manufacturedOn: batch.manufacturedOn,
        quantity: batch.quantity,
      },
    });
    return presentBatch(batch);
  });
}

/** The serial-number registry (R11.2): who bought this unit, what it is, and whether it is under warranty. */
export async function lookUpSerial(ctx: AppContext, serialNumber: string, canSee: boolean) {
  const purchase = await findPurchaseBySerial(ctx.db, serialNumber);
  if (!purchase) throw new AppError('not_found', 'products.serialNotFound', { params: { serialNumber } });
  const [customer, product] = [
    await findCustomerById(ctx.db, purchase.customerId),
    purchase.product ? await findProductById(ctx.db, purchase.product.id) : undefined,
  ];
  const presented = presentPurchase(purchase, localDate(ctx.clock.now(), ctx.config.timezone));
  return {
    serialNumber: purchase.serialNumber ?? serialNumber,
    purchase: presented,
    customer: presentCustomer(customer!, canSee),
    product: product ? presentProduct(product) : null,
    warrantyStatus: warrantyStatusOf(presented.inWarranty),
  };
}
