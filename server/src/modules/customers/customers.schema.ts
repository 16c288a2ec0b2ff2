import { z } from 'zod';
import { timestamp } from '../../platform/http/schemas.js';

export const CUSTOMER_KINDS = ['person', 'company'] as const;
export const CUSTOMER_TIERS = ['vip', 'regular'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
// Digits with the usual separators; stored without them (see contact-details.ts).
const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9][0-9\s\-().]{1,38}$/)
  .nullable()
  .optional();
const email = z.email().max(200).nullable().optional();
// A reader who sees masked data may send it back unchanged (138****5678, z*******@163.com); the
// service keeps the real value then, and refuses any other value with stars.
const phoneOrMasked = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9*][0-9*\s\-().]{1,38}$/)
  .nullable()
  .optional();
const emailOrMasked = z
  .union([
    z.email().max(200),
    z
      .string()
      .regex(/^[^@\s]*\*[^@\s]*@[^@\s]+$/)
      .max(200),
  ])
  .nullable()
  .optional();
const calendarDate = z.iso.date();

// Responses -----------------------------------------------------------------------------------------

export const customerResponse = z
  .object({
    id: z.string(),
    customerNumber: z.string(),
    kind: z.enum(CUSTOMER_KINDS),
    name: z.string(),
    companyName: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    tier: z.enum(CUSTOMER_TIERS),
    region: z.string().nullable(),
    address: z.string().nullable(),
    notes: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
    /** True when name, phone, e-mail, address and contacts are masked for this reader (R11.3). */
    masked: z.boolean(),
  })
  .meta({ id: 'Customer' });

export const contactResponse = z
  .object({
    id: z.string(),
    customerId: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'CustomerContact' });

export const purchasedProductResponse = z.object({
  id: z.string(),
  model: z.string(),
  name: z.string(),
  category: z.string(),
  productLine: z.string(),
  warrantyMonths: z.number().int(),
});

export const purchaseResponse = z
  .object({
    id: z.string(),
    customerId: z.string(),
    product: purchasedProductResponse.nullable(),
    orderNumber: z.string().nullable(),
    channel: z.string().nullable(),
    purchasedOn: calendarDate.nullable(),
    serialNumber: z.string().nullable(),
    batchNumber: z.string().nullable(),
    /** Purchase date plus the product's warranty months; the warranty covers this day. */
    warrantyEndsOn: calendarDate.nullable(),
    /** Under warranty today (in the installation's time zone); null without a date or product. */
    inWarranty: z.boolean().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Purchase' });

export const customerDetailResponse = customerResponse
  .extend({
    contacts: z.array(contactResponse),
    purchases: z.array(purchaseResponse),
    ticketCount: z.number().int(),
  })
  .meta({ id: 'CustomerDetail' });

export const customerPageResponse = z.object({
  items: z.array(customerResponse),
  nextCursor: z.string().nullable(),
});

// Requests ------------------------------------------------------------------------------------------

export const listCustomersQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  tier: z.enum(CUSTOMER_TIERS).optional(),
  region: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

export const createCustomerBody = z.strictObject({
  customerNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .optional(),
  kind: z.enum(CUSTOMER_KINDS).default('person'),
  name: text(100),
  companyName: optionalText(200),
  phone,
  email,
  tier: z.enum(CUSTOMER_TIERS).default('regular'),
  region: optionalText(100),
  address: optionalText(300),
  notes: z.string().trim().max(2000).optional(),
});
export type CreateCustomerInput = z.infer<typeof createCustomerBody>;

export const updateCustomerBody = z.strictObject({
  kind: z.enum(CUSTOMER_KINDS).optional(),
  name: text(100).optional(),
  companyName: optionalText(200),
  phone: phoneOrMasked,
  email: emailOrMasked,
  tier: z.enum(CUSTOMER_TIERS).optional(),
  region: optionalText(100),
  address: optionalText(300),
  notes: z.string().trim().max(2000).optional(),
});
export type UpdateCustomerInput = z.infer<typeof updateCustomerBody>;

export const createContactBody = z.strictObject({
  name: text(100),
  title: optionalText(100),
  phone,
  email,
});
export type CreateContactInput = z.infer<typeof createContactBody>;

export const createPurchaseBody = z.strictObject({
  /** The product, by id or by model number (one of the two). */
  productId: z.uuid().optional(),
  productModel: text(80).optional(),
  orderNumber: optionalText(100),
  channel: optionalText(60),
  purchasedOn: calendarDate.nullable().optional(),
  serialNumber: optionalText(100),
  batchNumber: optionalText(60),
});
export type CreatePurchaseInput = z.infer<typeof createPurchaseBody>;

export const customerParams = z.strictObject({ id: z.uuid() });
export const contactParams = z.strictObject({ id: z.uuid(), contactId: z.uuid() });
export const purchaseParams = z.strictObject({ id: z.uuid(), purchaseId: z.uuid() });
