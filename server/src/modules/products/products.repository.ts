import type { Queryable } from '../../platform/db/database.js';
import { camelRow, SqlParams } from '../../platform/db/rows.js';

export interface ProductRecord {
  id: string;
  model: string;
  name: string;
  category: string;
  productLine: string;
  warrantyMonths: number;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
  purchaseCount: number;
}

export interface BatchRecord {
  id: string;
  productId: string;
  batchNumber: string;
  manufacturedOn: string | null;
  quantity: number | null;
  createdAt: Date;
  purchaseCount: number;
}

const SELECT_PRODUCT = `
  SELECT p.id, p.model, p.name, p.category, p.product_line, p.warranty_months, p.is_active,
         p.created_at, p.updated_at,
         (SELECT count(*)::int FROM purchases pu WHERE pu.product_id = p.id) AS purchase_count
    FROM products p`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export async function findProductById(db: Queryable, id: string): Promise<ProductRecord | undefined> {
  const rows = await db.query<Record<string, unknown>>(`${SELECT_PRODUCT} WHERE p.id = $1`, [id]);
  return rows[0] && camelRow<ProductRecord>(rows[0]);
}

/** The product of a model number: the exact spelling first, else one that differs only in case. */
export async function findProductByModel(db: Queryable, model: string): Promise<ProductRecord | undefined> {
  const rows = await db.query<Record<string, unknown>>(
    `${SELECT_PRODUCT} WHERE lower(p.model) = lower($1) ORDER BY (p.model = $1) DESC, p.model LIMIT 1`,
    [model.trim()],
  );
  return rows[0] && camelRow<ProductRecord>(rows[0]);
}

export interface ProductFilter {
  q?: string | undefined;
  category?: string | undefined;
  active?: boolean | undefined;
  /** Products whose model sorts after this one (keyset pagination by model). */
  afterModel?: string | undefined;
  limit: number;
}

export async function listProducts(db: Queryable, filter: ProductFilter): Promise<ProductRecord[]> {
  const p = new SqlParams();
  const conditions: string[] = [];
  if (filter.q) {
    const pattern = p.add(`%${escapeLike(filter.q)}%`);
    conditions.push(
      `(p.model ILIKE ${pattern} OR p.name ILIKE ${pattern} OR p.product_line ILIKE ${pattern})`,
    );
  }
  if (filter.category) conditions.push(`p.category = ${p.add(filter.category)}`);
  if (filter.active !== undefined) conditions.push(`p.is_active = ${p.add(filter.active)}`);
  if (filter.afterModel !== undefined) conditions.push(`p.model > ${p.add(filter.afterModel)}`);
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = await db.query<Record<string, unknown>>(
    `${SELECT_PRODUCT} ${where} ORDER BY p.model LIMIT ${p.add(filter.limit)}`,
    p.values,
  );
  return rows.map((row) => camelRow<ProductRecord>(row));
}

export async function listCategories(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ category: string }>(
    'SELECT DISTINCT category FROM products ORDER BY category',
  );
  return rows.map((row) => row.category);
}

export interface ProductFields {
  model: string;
  name: string;
  category: string;
  productLine: string;
  warrantyMonths: number;
  isActive: boolean;
}

export async function insertProduct(db: Queryable, product: ProductFields): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO products (model, name, category, product_line, warranty_months, is_active)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      product.model,
      product.name,
      product.category,
      product.productLine,
      product.warrantyMonths,
      product.isActive,
    ],
  );
  return rows[0]!.id;
}

export async function updateProduct(db: Queryable, id: string, product: ProductFields): Promise<void> {
  await db.query(
    `UPDATE products SET model = $2, name = $3, category = $4, product_line = $5, warranty_months = $6,
            is_active = $7, updated_at = now()
      WHERE id = $1`,
    [
      id,
      product.model,
      product.name,
      product.category,
      product.productLine,
      product.warrantyMonths,
      product.isActive,
    ],
  );
}

export async function countProductTickets(db: Queryable, productId: string): Promise<number> {
  const rows = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM tickets WHERE product_id = $1',
    [productId],
  );
  return rows[0]?.count ?? 0;
}

export async function listBatches(db: Queryable, productId: string): Promise<BatchRecord[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT b.id, b.product_id, b.batch_number, b.manufactured_on, b.quantity, b.created_at,
            (SELECT count(*)::int FROM purchases pu
              WHERE pu.product_id = b.product_id AND pu.batch_number = b.batch_number) AS purchase_count
       FROM product_batches b
      WHERE b.product_id = $1
      ORDER BY b.manufactured_on DESC NULLS LAST, b.batch_number`,
    [productId],
  );
  return rows.map((row) => camelRow<BatchRecord>(row));
}

export async function findBatch(
  db: Queryable,
  productId: string,
  batchNumber: string,
): Promise<{ id: string } | undefined> {
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM product_batches WHERE product_id = $1 AND lower(batch_number) = lower($2)',
    [productId, batchNumber],
  );
  return rows[0];
}

export interface BatchFields {
  batchNumber: string;
  manufacturedOn: string | null;
  quantity: number | null;
}

export async function insertBatch(db: Queryable, productId: string, batch: BatchFields): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO product_batches (product_id, batch_number, manufactured_on, quantity)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [productId, batch.batchNumber, batch.manufacturedOn, batch.quantity],
  );
  return rows[0]!.id;
}
