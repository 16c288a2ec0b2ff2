import type { Queryable } from '../../platform/db/database.js';
import { camelRow, SqlParams } from '../../platform/db/rows.js';

export type CustomerKind = 'person' | 'company';
export type CustomerTier = 'vip' | 'regular';

export interface CustomerRecord {
  id: string;
  customerNumber: string;
  kind: CustomerKind;
  name: string;
  companyName: string | null;
  phone: string | null;
  email: string | null;
  tier: CustomerTier;
  region: string | null;
  address: string | null;
  notes: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A customer in a list, with the exact position it sorts at (for the next page's cursor). */
export type ListedCustomer = CustomerRecord & { sortKey: string };

export interface ContactRecord {
  id: string;
  customerId: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  createdAt: Date;
}

export interface PurchasedProduct {
  id: string;
  model: string;
  name: string;
  category: string;
  productLine: string;
  warrantyMonths: number;
}

export interface PurchaseRecord {
  id: string;
  customerId: string;
  orderNumber: string | null;
  channel: string | null;
  purchasedOn: string | null;
  serialNumber: string | null;
  batchNumber: string | null;
  createdAt: Date;
  product: PurchasedProduct | null;
}

const CUSTOMER_COLUMNS = `c.id, c.customer_number, c.kind, c.name, c.company_name, c.phone, c.email, c.tier,
  c.region, c.address, c.notes, c.created_at, c.updated_at`;

// Microsecond precision, so a cursor sorts exactly where its row does (a JS Date keeps milliseconds only).
const SORT_KEY = `to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export async function findCustomerById(db: Queryable, id: string): Promise<CustomerRecord | undefined> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id = $1`,
    [id],
  );
  return rows[0] && camelRow<CustomerRecord>(rows[0]);
}

/** Locks the customer row for the rest of the transaction, so concurrent edits apply one after another. */
export async function lockCustomer(db: Queryable, id: string): Promise<CustomerRecord | undefined> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] && camelRow<CustomerRecord>(rows[0]);
}

/** Customers with this canonical phone number, oldest first; `exceptId` leaves one out (the one edited). */
export async function findCustomersByPhone(
  db: Queryable,
  phone: string,
  exceptId?: string,
): Promise<CustomerRecord[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers c
      WHERE c.phone = $1 AND ($2::uuid IS NULL OR c.id <> $2::uuid)
      ORDER BY c.created_at, c.id`,
    [phone, exceptId ?? null],
  );
  return rows.map((row) => camelRow<CustomerRecord>(row));
}

export async function findCustomersByEmail(
  db: Queryable,
  email: string,
  exceptId?: string,
): Promise<CustomerRecord[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers c
      WHERE lower(c.email) = lower($1) AND ($2::uuid IS NULL OR c.id <> $2::uuid)
      ORDER BY c.created_at, c.id`,
    [email.trim(), exceptId ?? null],
  );
  return rows.map((row) => camelRow<CustomerRecord>(row));
}

export async function customerNumberExists(db: Queryable, customerNumber: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM customers WHERE lower(customer_number) = lower($1)', [
    customerNumber,
  ]);
  return rows.length > 0;
}

/**
 * The next free number `C` + 6 digits from `customer_number_seq`. Numbers may also be given by hand or
 * imported, so when the sequence lands on a taken one it jumps past the highest `C` number in use.
 */
export async function nextCustomerNumber(db: Queryable): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const rows = await db.query<{ number: string }>(
      `SELECT 'C' || lpad(nextval('customer_number_seq')::text, 6, '0') AS number`,
    );
    const number = rows[0]!.number;
    if (!(await customerNumberExists(db, number))) return number;
    await db.query(
      `SELECT setval('customer_number_seq', greatest(
         (SELECT last_value FROM customer_number_seq),
         (SELECT coalesce(max(substring(customer_number FROM 2)::bigint), 0)
            FROM customers WHERE customer_number ~ '^C[0-9]{1,15}$')))`,
    );
  }
  throw new Error('No free customer number');
}

export interface CustomerFilter {
  q?: string | undefined;
  tier?: CustomerTier | undefined;
  region?: string | undefined;
  /** Continue after this position (newest first): the sort key and id of the previous page's last row. */
  after?: { sortKey: string; id: string } | undefined;
  limit: number;
}

export async function listCustomers(db: Queryable, filter: CustomerFilter): Promise<ListedCustomer[]> {
  const p = new SqlParams();
  const conditions: string[] = [];
  if (filter.q) {
    const pattern = p.add(`%${escapeLike(filter.q)}%`);
    const searched = [
      `c.name ILIKE ${pattern}`,
      `c.company_name ILIKE ${pattern}`,
      `c.email ILIKE ${pattern}`,
      `c.customer_number ILIKE ${pattern}`,
      `c.phone LIKE ${pattern}`,
    ];
    // Phones are stored without separators; "138 1234" or "010-1234" still finds them.
    const digits = filter.q.replace(/[\s\-().]/g, '');
    if (digits !== filter.q && /^\+?\d{3,}$/.test(digits)) {
      searched.push(`c.phone LIKE ${p.add(`%${digits}%`)}`);
    }
    conditions.push(`(${searched.join(' OR ')})`);
  }
  if (filter.tier) conditions.push(`c.tier = ${p.add(filter.tier)}`);
  // A region matches itself and the places under it: 浙江省 finds 浙江省 宁波市.
  if (filter.region) conditions.push(`c.region ILIKE ${p.add(`${escapeLike(filter.region)}%`)}`);
  if (filter.after) {
    conditions.push(
      `(c.created_at, c.id) < (${p.add(filter.after.sortKey)}::timestamptz, ${p.add(filter.after.id)}::uuid)`,
    );
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${CUSTOMER_COLUMNS}, ${SORT_KEY} FROM customers c ${where}
      ORDER BY c.created_at DESC, c.id DESC LIMIT ${p.add(filter.limit)}`,
    p.values,
  );
  return rows.map((row) => camelRow<ListedCustomer>(row));
}

export interface CustomerFields {
  kind: CustomerKind;
  name: string;
  companyName: string | null;
  phone: string | null;
  email: string | null;
  tier: CustomerTier;
  region: string | null;
  address: string | null;
  notes: string;
}

export async function insertCustomer(
  db: Queryable,
  customer: CustomerFields & { customerNumber: string },
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO customers (customer_number, kind, name, company_name, phone, email, tier, region, address, notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      customer.customerNumber,
      customer.kind,
      customer.name,
      customer.companyName,
      customer.phone,
      customer.email,
      customer.tier,
      customer.region,
      customer.address,
      customer.notes,
    ],
  );
  return rows[0]!.id;
}

export async function updateCustomer(db: Queryable, id: string, customer: CustomerFields): Promise<void> {
  await db.query(
    `UPDATE customers SET kind = $2, name = $3, company_name = $4, phone = $5, email = $6, tier = $7,
            region = $8, address = $9, notes = $10, updated_at = now()
      WHERE id = $1`,
    [
      id,
      customer.kind,
      customer.name,
      customer.companyName,
      customer.phone,
      customer.email,
      customer.tier,
      customer.region,
      customer.address,
      customer.notes,
    ],
  );
}

export async function countCustomerTickets(db: Queryable, customerId: string): Promise<number> {
  const rows = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM tickets WHERE customer_id = $1',
    [customerId],
  );
  return rows[0]?.count ?? 0;
}

// Contacts -------------------------------------------------------------------------------------------

export async function listContacts(db: Queryable, customerId: string): Promise<ContactRecord[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, customer_id, name, title, phone, email, created_at FROM customer_contacts
      WHERE customer_id = $1 ORDER BY created_at, id`,
    [customerId],
  );
  return rows.map((row) => camelRow<ContactRecord>(row));
}

export async function findContact(
  db: Queryable,
  customerId: string,
  contactId: string,
): Promise<ContactRecord | undefined> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, customer_id, name, title, phone, email, created_at FROM customer_contacts
      WHERE customer_id = $1 AND id = $2`,
    [customerId, contactId],
  );
  return rows[0] && camelRow<ContactRecord>(rows[0]);
}

export interface ContactFields {
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
}

export async function insertContact(
  db: Queryable,
  customerId: string,
  contact: ContactFields,
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO customer_contacts (customer_id, name, title, phone, email) VALUES ($1, $2, $3, $4, $5)
     RETURNING id`,
    [customerId, contact.name, contact.title, contact.phone, contact.email],
  );
  return rows[0]!.id;
}

export async function deleteContact(db: Queryable, contactId: string): Promise<void> {
  await db.query('DELETE FROM customer_contacts WHERE id = $1', [contactId]);
}

// Purchases ------------------------------------------------------------------------------------------

type PurchaseRow = {
  id: string;
  customer_id: string;
  order_number: string | null;
  channel: string | null;
  purchased_on: string | null;
  serial_number: string | null;
  batch_number: string | null;
  created_at: Date;
  product: PurchasedProduct | null;
};

const SELECT_PURCHASE = `
  SELECT pu.id, pu.customer_id, pu.order_number, pu.channel, pu.purchased_on, pu.serial_number,
         pu.batch_number, pu.created_at,
         CASE WHEN pr.id IS NULL THEN NULL ELSE json_build_object(
           'id', pr.id, 'model', pr.model, 'name', pr.name, 'category', pr.category,
           'productLine', pr.product_line, 'warrantyMonths', pr.warranty_months) END AS product
    FROM purchases pu LEFT JOIN products pr ON pr.id = pu.product_id`;

// The latest purchase first; one without a date after those with one.
const PURCHASE_ORDER = 'ORDER BY pu.purchased_on DESC NULLS LAST, pu.created_at DESC, pu.id DESC';

const toPurchase = (row: PurchaseRow): PurchaseRecord => ({
  id: row.id,
  customerId: row.customer_id,
  orderNumber: row.order_number,
  channel: row.channel,
  purchasedOn: row.purchased_on,
  serialNumber: row.serial_number,
  batchNumber: row.batch_number,
  createdAt: row.created_at,
  product: row.product,
});

export async function listPurchases(db: Queryable, customerId: string): Promise<PurchaseRecord[]> {
  const rows = await db.query<PurchaseRow>(`${SELECT_PURCHASE} WHERE pu.customer_id = $1 ${PURCHASE_ORDER}`, [
    customerId,
  ]);
  return rows.map(toPurchase);
}

export async function findPurchaseById(
  db: Queryable,
  customerId: string,
  purchaseId: string,
): Promise<PurchaseRecord | undefined> {
  const rows = await db.query<PurchaseRow>(`${SELECT_PURCHASE} WHERE pu.customer_id = $1 AND pu.id = $2`, [
    customerId,
    purchaseId,
  ]);
  return rows[0] && toPurchase(rows[0]);
}

/** The latest purchase with this serial number (case-insensitive), optionally of one product. */
export async function findPurchaseBySerial(
  db: Queryable,
  serialNumber: string,
  productId?: string,
): Promise<PurchaseRecord | undefined> {
  const rows = await db.query<PurchaseRow>(
    `${SELECT_PURCHASE} WHERE lower(pu.serial_number) = lower($1) AND ($2::uuid IS NULL OR pu.product_id = $2::uuid)
      ${PURCHASE_ORDER} LIMIT 1`,
    [serialNumber.trim(), productId ?? null],
  );
  return rows[0] && toPurchase(rows[0]);
}

/** The latest purchase under this order number (case-insensitive). */
export async function findPurchaseByOrder(
  db: Queryable,
  orderNumber: string,
): Promise<PurchaseRecord | undefined> {
  const rows = await db.query<PurchaseRow>(
    `${SELECT_PURCHASE} WHERE lower(pu.order_number) = lower($1) ${PURCHASE_ORDER} LIMIT 1`,
    [orderNumber.trim()],
  );
  return rows[0] && toPurchase(rows[0]);
}

export interface PurchaseFields {
  productId: string;
  orderNumber: string | null;
  channel: string | null;
  purchasedOn: string | null;
  serialNumber: string | null;
  batchNumber: string | null;
}

export async function insertPurchase(
  db: Queryable,
  customerId: string,
  purchase: PurchaseFields,
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO purchases (customer_id, product_id, order_number, channel, purchased_on, serial_number, batch_number)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      customerId,
      purchase.productId,
      purchase.orderNumber,
      purchase.channel,
      purchase.purchasedOn,
      purchase.serialNumber,
      purchase.batchNumber,
    ],
  );
  return rows[0]!.id;
}

export async function deletePurchase(db: Queryable, purchaseId: string): Promise<void> {
  await db.query('DELETE FROM purchases WHERE id = $1', [purchaseId]);
}
