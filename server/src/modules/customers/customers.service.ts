import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { findProductById, findProductByModel, type ProductRecord } from '../products/products.repository.js';
import { isInWarranty, localDate, warrantyEndsOn } from '../products/warranty.js';
import { emailKey, isPlausiblePhone, normalizePhone } from './contact-details.js';
import {
  type ContactRecord,
  type CustomerFields,
  type CustomerRecord,
  type CustomerTier,
  countCustomerTickets,
  customerNumberExists,
  deleteContact,
  deletePurchase,
  findContact,
  findCustomerById,
  findCustomersByEmail,
  findCustomersByPhone,
  findPurchaseById,
  findPurchaseByOrder,
  findPurchaseBySerial,
  insertContact,
  insertCustomer,
  insertPurchase,
  listContacts,
  listCustomers,
  listPurchases,
  lockCustomer,
  nextCustomerNumber,
  type PurchaseRecord,
  updateCustomer,
} from './customers.repository.js';
import type {
  CreateContactInput,
  CreateCustomerInput,
  CreatePurchaseInput,
  ListCustomersQuery,
  UpdateCustomerInput,
} from './customers.schema.js';
import { maskAddress, maskEmail, maskName, maskPhone, presentContact, presentCustomer } from './masking.js';

// Presenting ----------------------------------------------------------------------------------------

/** Today's date where the installation is, for warranty decisions. */
const todayOf = (ctx: Pick<AppContext, 'clock' | 'config'>) =>
  localDate(ctx.clock.now(), ctx.config.timezone);

/** A purchase as the API shows it, with its warranty end and whether it is under warranty `today`. */
export function presentPurchase(purchase: PurchaseRecord, today: string) {
  const endsOn = warrantyEndsOn(purchase.purchasedOn, purchase.product?.warrantyMonths ?? null);
  return {
    ...purchase,
    warrantyEndsOn: endsOn,
    inWarranty: isInWarranty(endsOn, today),
    createdAt: purchase.createdAt.toISOString(),
  };
}

/** What the audit trail keeps of a customer: the real values, never the masked ones a reader saw. */
const auditedCustomer = (customer: CustomerRecord) => ({
  customerNumber: customer.customerNumber,
  kind: customer.kind,
  name: customer.name,
  companyName: customer.companyName,
  phone: customer.phone,
  email: customer.email,
  tier: customer.tier,
  region: customer.region,
  address: customer.address,
  notes: customer.notes,
});

const auditedContact = (contact: ContactRecord) => ({
  contactId: contact.id,
  name: contact.name,
  title: contact.title,
  phone: contact.phone,
  email: contact.email,
});

const auditedPurchase = (purchase: PurchaseRecord) => ({
  purchaseId: purchase.id,
  productModel: purchase.product?.model ?? null,
  orderNumber: purchase.orderNumber,
  channel: purchase.channel,
  purchasedOn: purchase.purchasedOn,
  serialNumber: purchase.serialNumber,
  batchNumber: purchase.batchNumber,
});

async function requireCustomer(db: Queryable, id: string): Promise<CustomerRecord> {
  const customer = await findCustomerById(db, id);
  if (!customer) throw notFound('customers.notFound');
  return customer;
}

async function customerDetail(db: Queryable, customer: CustomerRecord, canSee: boolean, today: string) {
  const [contacts, purchases, ticketCount] = [
    await listContacts(db, customer.id),
    await listPurchases(db, customer.id),
    await countCustomerTickets(db, customer.id),
  ];
  return {
    ...presentCustomer(customer, canSee),
    contacts: contacts.map((contact) => presentContact(contact, canSee)),
    purchases: purchases.map((purchase) => presentPurchase(purchase, today)),
    ticketCount,
  };
}

// Cursors -------------------------------------------------------------------------------------------

const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const encodeCursor = (sortKey: string, id: string) =>
  Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');

function decodeCursor(cursor: string): { sortKey: string; id: string } {
  try {
    const [sortKey, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof sortKey === 'string' && SORT_KEY.test(sortKey) && typeof id === 'string' && UUID.test(id)) {
      return { sortKey, id };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppError('validation_failed', 'customers.invalidCursor', { field: 'querystring.cursor' });
}

// Validation ----------------------------------------------------------------------------------------

/** The canonical form of a phone number from a request, or a 400 naming the field. */
function canonicalPhone(phone: string | null | undefined, field: string): string | null | undefined {
  if (phone === undefined || phone === null) return phone;
  const normalized = normalizePhone(phone);
  if (normalized === '') return null;
  if (!isPlausiblePhone(normalized))
    throw new AppError('validation_failed', 'customers.phoneInvalid', { field });
  return normalized;
}

/** Refuses a phone number or e-mail address that already identifies another customer. */
async function assertIdentityFree(
  db: Queryable,
  fields: { phone: string | null; email: string | null },
  exceptId?: string,
) {
  if (fields.phone) {
    const [other] = await findCustomersByPhone(db, fields.phone, exceptId);
    if (other) {
      throw new AppError('conflict', 'customers.phoneTaken', {
        field: 'body.phone',
        params: { customerNumber: other.customerNumber },
        existingCustomerId: other.id,
      });
    }
  }
  if (fields.email) {
    const [other] = await findCustomersByEmail(db, fields.email, exceptId);
    if (other) {
      throw new AppError('conflict', 'customers.emailTaken', {
        field: 'body.email',
        params: { customerNumber: other.customerNumber },
        existingCustomerId: other.id,
      });
    }
  }
}

function assertCompanyNamed(fields: Pick<CustomerFields, 'kind' | 'companyName'>) {
  if (fields.kind === 'company' && !fields.companyName) {
    throw new AppError('validation_failed', 'customers.companyNameRequired', { field: 'body.companyName' });
  }
}

/**
 * Serialises work on one phone number or e-mail address until the transaction ends, so two requests
 * for the same new customer cannot both create one.
 */
async function lockIdentities(db: Queryable, fields: { phone?: string | null; email?: string | null }) {
  const keys = [fields.phone && `phone:${fields.phone}`, fields.email && `email:${emailKey(fields.email)}`]
    .filter((key): key is string => Boolean(key))
    .sort();
  for (const key of keys) await db.query('SELECT pg_advisory_xact_lock(727100, hashtext($1))', [key]);
}

// Customers -----------------------------------------------------------------------------------------

export async function listCustomersFor(ctx: AppContext, query: ListCustomersQuery, canSee: boolean) {
  const rows = await listCustomers(ctx.db, {
    q: query.q || undefined,
    tier: query.tier,
    region: query.region || undefined,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sortKey: _sortKey, ...customer }) => presentCustomer(customer, canSee)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.sortKey, last.id) : null,
  };
}

export async function getCustomer(ctx: AppContext, id: string, canSee: boolean) {
  return customerDetail(ctx.db, await requireCustomer(ctx.db, id), canSee, todayOf(ctx));
}

export async function createCustomer(
  ctx: AppContext,
  actor: Actor,
  input: CreateCustomerInput,
  canSee: boolean,
) {
  const fields: CustomerFields = {
    kind: input.kind,
    name: input.name,
    companyName: input.companyName || null,
    phone: canonicalPhone(input.phone, 'body.phone') ?? null,
    email: input.email || null,
    tier: input.tier,
    region: input.region || null,
    address: input.address || null,
    notes: input.notes ?? '',
  };
  assertCompanyNamed(fields);
  return ctx.db.transaction(async (tx) => {
    await lockIdentities(tx, fields);
    let customerNumber = input.customerNumber;
    if (customerNumber && (await customerNumberExists(tx, customerNumber))) {
      throw new AppError('conflict', 'customers.numberTaken', {
        field: 'body.customerNumber',
        params: { customerNumber },
      });
    }
    await assertIdentityFree(tx, fields);
    customerNumber ??= await nextCustomerNumber(tx);
    const id = await insertCustomer(tx, { ...fields, customerNumber });
    const created = await requireCustomer(tx, id);
    await recordAudit(tx, actor, {
      action: 'customer.created',
      entityType: 'customer',
      entityId: id,
      after: auditedCustomer(created),
    });
    return customerDetail(tx, created, canSee, todayOf(ctx));
  });
}

/**
 * A reader who sees masked data and saves a form unchanged sends the masked values back; those must
 * not replace the real ones. Such a field counts as unchanged.
 */
function withoutMaskedEcho(input: UpdateCustomerInput, current: CustomerRecord): UpdateCustomerInput {
  const echoes = (value: string | null | undefined, masked: string | null) =>
    value !== undefined && value !== null && masked !== null && value === masked;
  const result = { ...input };
  if (echoes(input.name, maskName(current.name))) delete result.name;
  if (echoes(input.phone, maskPhone(current.phone))) delete result.phone;
  if (echoes(input.email, maskEmail(current.email))) delete result.email;
  if (echoes(input.address, maskAddress(current.address))) delete result.address;
  return result;
}

export async function updateCustomerById(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: UpdateCustomerInput,
  canSee: boolean,
) {
  return ctx.db.transaction(async (tx) => {
    const before = await lockCustomer(tx, id);
    if (!before) throw notFound('customers.notFound');
    const input = canSee ? body : withoutMaskedEcho(body, before);
    if (input.email?.includes('*')) {
      throw new AppError('validation_failed', 'customers.maskedValue', { field: 'body.email' });
    }
    const phone = canonicalPhone(input.phone, 'body.phone');
    const next: CustomerFields = {
      kind: input.kind ?? before.kind,
      name: input.name ?? before.name,
      companyName: input.companyName === undefined ? before.companyName : input.companyName || null,
      phone: phone === undefined ? before.phone : phone,
      email: input.email === undefined ? before.email : input.email || null,
      tier: input.tier ?? before.tier,
      region: input.region === undefined ? before.region : input.region || null,
      address: input.address === undefined ? before.address : input.address || null,
      notes: input.notes ?? before.notes,
    };
    assertCompanyNamed(next);
    const phoneChanged = next.phone !== before.phone;
    const emailChanged = (next.email && emailKey(next.email)) !== (before.email && emailKey(before.email));
    await lockIdentities(tx, {
      phone: phoneChanged ? next.phone : null,
      email: emailChanged ? next.email : null,
    });
    await assertIdentityFree(
      tx,
      { phone: phoneChanged ? next.phone : null, email: emailChanged ? next.email : null },
      id,
    );
    const changed = (Object.keys(next) as (keyof CustomerFields)[]).some((key) => next[key] !== before[key]);
    if (!changed) return customerDetail(tx, before, canSee, todayOf(ctx));
    await updateCustomer(tx, id, next);
    const after = await requireCustomer(tx, id);
    await recordAudit(tx, actor, {
      action: 'customer.updated',
      entityType: 'customer',
      entityId: id,
      before: auditedCustomer(before),
      after: auditedCustomer(after),
    });
    return customerDetail(tx, after, canSee, todayOf(ctx));
  });
}

// Contacts ------------------------------------------------------------------------------------------

export async function addContact(
  ctx: AppContext,
  actor: Actor,
  customerId: string,
  input: CreateContactInput,
  canSee: boolean,
) {
  const phone = canonicalPhone(input.phone, 'body.phone') ?? null;
  return ctx.db.transaction(async (tx) => {
    await requireCustomer(tx, customerId);
    const id = await insertContact(tx, customerId, {
      name: input.name,
      title: input.title || null,
      phone,
      email: input.email || null,
    });
    const contact = (await findContact(tx, customerId, id))!;
    await recordAudit(tx, actor, {
      action: 'customer.contact_added',
      entityType: 'customer',
      entityId: customerId,
      after: auditedContact(contact),
    });
    return presentContact(contact, canSee);
  });
}

export async function removeContact(ctx: AppContext, actor: Actor, customerId: string, contactId: string) {
  await ctx.db.transaction(async (tx) => {
    await requireCustomer(tx, customerId);
    const contact = await findContact(tx, customerId, contactId);
    if (!contact) throw notFound('customers.contactNotFound');
    await deleteContact(tx, contactId);
    await recordAudit(tx, actor, {
      action: 'customer.contact_removed',
      entityType: 'customer',
      entityId: customerId,
      before: auditedContact(contact),
    });
  });
}

// Purchases -----------------------------------------------------------------------------------------

async function resolveProduct(db: Queryable, input: CreatePurchaseInput): Promise<ProductRecord> {
  if (input.productId) {
    const product = await findProductById(db, input.productId);
    if (!product)
      throw new AppError('validation_failed', 'customers.noSuchProduct', { field: 'body.productId' });
    if (input.productModel && product.model.toLowerCase() !== input.productModel.toLowerCase()) {
      throw new AppError('validation_failed', 'customers.productMismatch', { field: 'body.productModel' });
    }
    return product;
  }
  if (input.productModel) {
    const product = await findProductByModel(db, input.productModel);
    if (!product) {
      throw new AppError('validation_failed', 'customers.noSuchProduct', { field: 'body.productModel' });
    }
    return product;
  }
  throw new AppError('validation_failed', 'customers.productRequired', { field: 'body.productId' });
}

export async function addPurchase(
  ctx: AppContext,
  actor: Actor,
  customerId: string,
  input: CreatePurchaseInput,
) {
  const today = todayOf(ctx);
  if (input.purchasedOn && input.purchasedOn > today) {
    throw new AppError('validation_failed', 'customers.purchaseDateInFuture', { field: 'body.purchasedOn' });
  }
  return ctx.db.transaction(async (tx) => {
    await requireCustomer(tx, customerId);
    const product = await resolveProduct(tx, input);
    const serialNumber = input.serialNumber || null;
    if (serialNumber) {
      // One unit, one registry entry: the same serial of the same model is a typing error or a duplicate.
      await tx.query('SELECT pg_advisory_xact_lock(727101, hashtext($1))', [serialNumber.toLowerCase()]);
      const existing = await findPurchaseBySerial(tx, serialNumber, product.id);
      if (existing) {
        throw new AppError('conflict', 'customers.serialTaken', {
          field: 'body.serialNumber',
          params: { serialNumber },
        });
      }
    }
    const id = await insertPurchase(tx, customerId, {
      productId: product.id,
      orderNumber: input.orderNumber || null,
      channel: input.channel || null,
      purchasedOn: input.purchasedOn ?? null,
      serialNumber,
      batchNumber: input.batchNumber || null,
    });
    const purchase = (await findPurchaseById(tx, customerId, id))!;
    await recordAudit(tx, actor, {
      action: 'customer.purchase_added',
      entityType: 'customer',
      entityId: customerId,
      after: auditedPurchase(purchase),
    });
    return presentPurchase(purchase, today);
  });
}

export async function removePurchase(ctx: AppContext, actor: Actor, customerId: string, purchaseId: string) {
  await ctx.db.transaction(async (tx) => {
    await requireCustomer(tx, customerId);
    const purchase = await findPurchaseById(tx, customerId, purchaseId);
    if (!purchase) throw notFound('customers.purchaseNotFound');
    await deletePurchase(tx, purchaseId);
    await recordAudit(tx, actor, {
      action: 'customer.purchase_removed',
      entityType: 'customer',
      entityId: customerId,
      before: auditedPurchase(purchase),
    });
  });
}

// For other modules ---------------------------------------------------------------------------------

/** Who a ticket says its customer is (R1.2); every field optional. */
export interface CustomerIdentity {
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  tier?: CustomerTier | null | undefined;
  region?: string | null | undefined;
  company?: string | null | undefined;
}

const blankToNull = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/**
 * The customer a ticket comes from (intake, R1.2): the one with this phone number, else with this
 * e-mail address (case-insensitive), else a new one. An existing customer's data is never replaced:
 * only empty fields are filled in (phone, e-mail, region, company) and the tier is left as it is, so
 * what a customer types into a form cannot make them VIP. A phone number that is not plausible is not
 * stored. Returns null when there is nothing to identify anyone by (no name, phone or e-mail).
 * Contact details a customer typed themselves (portal, e-mail, webhooks) are not verified, so they never
 * fill an existing customer's empty phone or e-mail: that would let anyone who knows a customer's phone
 * number attach their own address to that customer and reach their tickets in the portal.
 * Runs inside the caller's transaction and records its change in the audit trail.
 */
export async function findOrCreateCustomer(
  tx: Queryable,
  identity: CustomerIdentity,
  actor: Actor,
  options: { contactDetailsVerified: boolean } = { contactDetailsVerified: true },
): Promise<CustomerRecord | null> {
  const rawPhone = blankToNull(identity.phone);
  const normalizedPhone = rawPhone ? normalizePhone(rawPhone) : null;
  const phone = normalizedPhone && isPlausiblePhone(normalizedPhone) ? normalizedPhone : null;
  const email = blankToNull(identity.email);
  const name = blankToNull(identity.name);
  const company = blankToNull(identity.company);
  const region = blankToNull(identity.region);
  if (!phone && !email && !name) return null;

  await lockIdentities(tx, { phone, email });
  const existing =
    (phone ? (await findCustomersByPhone(tx, phone))[0] : undefined) ??
    (email ? (await findCustomersByEmail(tx, email))[0] : undefined);

  if (existing) {
    const filled: CustomerFields = { ...existing };
    const verified = options.contactDetailsVerified;
    if (
      verified &&
      !existing.phone &&
      phone &&
      (await findCustomersByPhone(tx, phone, existing.id)).length === 0
    ) {
      filled.phone = phone;
    }
    if (
      verified &&
      !existing.email &&
      email &&
      (await findCustomersByEmail(tx, email, existing.id)).length === 0
    ) {
      filled.email = email;
    }
    if (!existing.region && region) filled.region = region;
    if (!existing.companyName && company) filled.companyName = company;
    const changed = (Object.keys(filled) as (keyof CustomerFields)[]).some(
      (key) => filled[key] !== existing[key],
    );
    if (!changed) return existing;
    await updateCustomer(tx, existing.id, filled);
    const after = (await findCustomerById(tx, existing.id))!;
    await recordAudit(tx, actor, {
      action: 'customer.updated',
      entityType: 'customer',
      entityId: existing.id,
      before: auditedCustomer(existing),
      after: auditedCustomer(after),
    });
    return after;
  }

  const id = await insertCustomer(tx, {
    customerNumber: await nextCustomerNumber(tx),
    kind: !name && company ? 'company' : 'person',
    name: name ?? company ?? email ?? phone!,
    companyName: company,
    phone,
    email,
    tier: identity.tier ?? 'regular',
    region,
    address: null,
    notes: '',
  });
  const created = (await findCustomerById(tx, id))!;
  await recordAudit(tx, actor, {
    action: 'customer.created',
    entityType: 'customer',
    entityId: id,
    after: auditedCustomer(created),
  });
  return created;
}

/** A registered purchase with its product and warranty end, found by serial number, else by order number. */
export async function findPurchase(
  db: Queryable,
  by: { orderNumber?: string | null | undefined; serialNumber?: string | null | undefined },
): Promise<(PurchaseRecord & { warrantyEndsOn: string | null }) | undefined> {
  const serialNumber = blankToNull(by.serialNumber);
  const orderNumber = blankToNull(by.orderNumber);
  const purchase =
    (serialNumber ? await findPurchaseBySerial(db, serialNumber) : undefined) ??
    (orderNumber ? await findPurchaseByOrder(db, orderNumber) : undefined);
  if (!purchase) return undefined;
  return {
    ...purchase,
    warrantyEndsOn: warrantyEndsOn(purchase.purchasedOn, purchase.product?.warrantyMonths ?? null),
  };
}
