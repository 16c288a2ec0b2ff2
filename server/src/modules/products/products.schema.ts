import { z } from 'zod';
import { timestamp } from '../../platform/http/schemas.js';
import { customerResponse, purchaseResponse } from '../customers/customers.schema.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const calendarDate = z.iso.date();

export const productResponse = z
  .object({
    id: z.string(),
    model: z.string(),
    name: z.string(),
    category: z.string(),
    productLine: z.string(),
    warrantyMonths: z.number().int(),
    isActive: z.boolean(),
    purchaseCount: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Product' });

export const batchResponse = z
  .object({
    id: z.string(),
    productId: z.string(),
    batchNumber: z.string(),
    manufacturedOn: calendarDate.nullable(),
    quantity: z.number().int().nullable(),
    purchaseCount: z.number().int(),
    createdAt: timestamp,
  })
  .meta({ id: 'ProductBatch' });

export const productDetailResponse = productResponse
  .extend({ batches: z.array(batchResponse), ticketCount: z.number().int() })
  .meta({ id: 'ProductDetail' });

export const productPageResponse = z.object({
  items: z.array(productResponse),
  nextCursor: z.string().nullable(),
});

export const serialLookupResponse = z
  .object({
    serialNumber: z.string(),
    purchase: purchaseResponse,
    /** The owner; personal data masked without `customers.pii`. */
    customer: customerResponse,
    product: productResponse.nullable(),
    warrantyStatus: z.enum(['in_warranty', 'out_of_warranty', 'unknown']),
  })
  .meta({ id: 'SerialLookup' });

export const listProductsQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  category: z.string().trim().max(60).optional(),
  active: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

export const createProductBody = z.strictObject({
  model: text(80),
  name: text(200),
  category: text(60),
  productLine: z.string().trim().max(60).optional(),
  warrantyMonths: z.number().int().min(0).max(600).default(12),
  isActive: z.boolean().default(true),
});
export type CreateProductInput = z.infer<typeof createProductBody>;

export const updateProductBody = z.strictObject({
  model: text(80).optional(),
  name: text(200).optional(),
  category: text(60).optional(),
  productLine: z.string().trim().max(60).optional(),
  warrantyMonths: z.number().int().min(0).max(600).optional(),
  isActive: z.boolean().optional(),
});
export type UpdateProductInput = z.infer<typeof updateProductBody>;

export const createBatchBody = z.strictObject({
  batchNumber: text(60),
  manufacturedOn: calendarDate.nullable().optional(),
  quantity: z.number().int().min(0).max(100_000_000).nullable().optional(),
});
export type CreateBatchInput = z.infer<typeof createBatchBody>;

export const serialParams = z.strictObject({ serial: z.string().trim().min(1).max(100) });
