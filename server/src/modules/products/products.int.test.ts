import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await startTestApp();
});
beforeEach(async () => {
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

const unique = (prefix: string) => `${prefix}${randomBytes(3).toString('hex').toUpperCase()}`;

async function buildProduct(fields: Record<string, unknown> = {}) {
  const response = await admin.request('POST', '/api/v1/products', {
    model: unique('XQG-'),
    name: '滚筒洗衣机 10公斤',
    category: '洗衣机',
    productLine: '洗护',
    warrantyMonths: 36,
    ...fields,
  });
  if (response.statusCode !== 201) throw new Error(`product creation failed: ${response.body}`);
  return response.json();
}

async function buildCustomer(fields: Record<string, unknown> = {}) {
  const response = await admin.request('POST', '/api/v1/customers', {
    name: '赵丽',
    phone: `159${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    ...fields,
  });
  if (response.statusCode !== 201) throw new Error(`customer creation failed: ${response.body}`);
  return response.json();
}

async function sessionAs(role: string) {
  const user = await buildUser(admin, { role });
  return signIn(t.app, user.username, user.password);
}

describe('products', () => {
  it('creates, reads and edits a product, auditing each change', async () => {
    const created = await admin.request('POST', '/api/v1/products', {
      model: 'BCD-520WP',
      name: '对开门冰箱 520升',
      category: '冰箱',
      warrantyMonths: 36,
    });
    expect(created.statusCode).toBe(201);
    const product = created.json();
    expect(product).toMatchObject({
      model: 'BCD-520WP',
      name: '对开门冰箱 520升',
      category: '冰箱',
      productLine: '',
      warrantyMonths: 36,
      isActive: true,
      purchaseCount: 0,
      ticketCount: 0,
      batches: [],
    });
    const edited = await admin.request('PATCH', `/api/v1/products/${product.id}`, {
      warrantyMonths: 48,
      productLine: '冰箱',
      isActive: false,
    });
    expect(edited.json()).toMatchObject({
      model: 'BCD-520WP',
      warrantyMonths: 48,
      productLine: '冰箱',
      isActive: false,
    });
    expect((await admin.request('GET', `/api/v1/products/${product.id}`)).json()).toMatchObject({
      warrantyMonths: 48,
    });
    const audit = await t.db.query<{ action: string; before: unknown; after: unknown }>(
      'SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id',
      [product.id],
    );
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'product.created',
        after: expect.objectContaining({ warrantyMonths: 36 }),
      }),
      expect.objectContaining({
        action: 'product.updated',
        before: expect.objectContaining({ warrantyMonths: 36, isActive: true }),
        after: expect.objectContaining({ warrantyMonths: 48, isActive: false }),
      }),
    ]);
    const missing = await admin.request('GET', '/api/v1/products/00000000-0000-4000-8000-000000000000');
    expect(missing.json()).toMatchObject({ code: 'not_found' });
  });

  it('names the field of every bad value and refuses a model twice', async () => {
    const existing = await buildProduct();
    const cases: [Record<string, unknown>, string, number][] = [
      [{ name: 'x', category: 'y' }, 'body.model', 400],
      [{ model: 'M1', category: 'y' }, 'body.name', 400],
      [{ model: 'M1', name: 'x' }, 'body.category', 400],
      [{ model: 'M1', name: 'x', category: 'y', warrantyMonths: -1 }, 'body.warrantyMonths', 400],
      [{ model: 'M1', name: 'x', category: 'y', warrantyMonths: 1.5 }, 'body.warrantyMonths', 400],
      [{ model: 'M1', name: 'x', category: 'y', colour: 'red' }, 'body.colour', 400],
      [{ model: existing.model.toLowerCase(), name: 'x', category: 'y' }, 'body.model', 409],
    ];
    for (const [body, field, status] of cases) {
      const response = await admin.request('POST', '/api/v1/products', body);
      expect({ status: response.statusCode, field: response.json().field }).toEqual({ status, field });
    }
    const other = await buildProduct();
    const renamed = await admin.request('PATCH', `/api/v1/products/${other.id}`, { model: existing.model });
    expect(renamed.json()).toMatchObject({ code: 'conflict', field: 'body.model' });
  });

  it('lists by search, category and active, page by page', async () => {
    const category = unique('清洁电器');
    const robot = await buildProduct({ model: unique('RV-S9-'), name: '扫地机器人 S9 Pro', category });
    const vacuum = await buildProduct({
      model: unique('VC-'),
      name: '无线吸尘器',
      category,
      isActive: false,
    });
    const third = await buildProduct({ model: unique('WD-'), name: '洗地机', category });
    const models = async (query: string) =>
      (await admin.request('GET', `/api/v1/products?${query}`))
        .json()
        .items.map((p: { model: string }) => p.model);

    expect(await models(`category=${encodeURIComponent(category)}`)).toEqual(
      [robot.model, vacuum.model, third.model].sort(),
    );
    expect(await models(`category=${encodeURIComponent(category)}&active=false`)).toEqual([vacuum.model]);
    expect(await models(`q=${encodeURIComponent('扫地')}&category=${encodeURIComponent(category)}`)).toEqual([
      robot.model,
    ]);
    expect(await models(`q=${robot.model.toLowerCase()}`)).toEqual([robot.model]);

    const first = (
      await admin.request('GET', `/api/v1/products?category=${encodeURIComponent(category)}&limit=2`)
    ).json();
    expect(first.items).toHaveLength(2);
    const second = (
      await admin.request(
        'GET',
        `/api/v1/products?category=${encodeURIComponent(category)}&limit=2&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(second).toMatchObject({ nextCursor: null });
    expect([...first.items, ...second.items].map((p: { id: string }) => p.id).sort()).toEqual(
      [robot.id, vacuum.id, third.id].sort(),
    );
    expect((await admin.request('GET', '/api/v1/products?cursor=!!')).json().field).toBe(
      'querystring.cursor',
    );
    expect((await admin.request('GET', '/api/v1/products?active=maybe')).json().field).toBe(
      'querystring.active',
    );

    const categories = (await admin.request('GET', '/api/v1/products/categories')).json();
    expect(categories.items).toContain(category);
  });

  it('adds batches, refuses one twice, and counts the purchases of each', async () => {
    const product = await buildProduct();
    const added = await admin.request('POST', `/api/v1/products/${product.id}/batches`, {
      batchNumber: 'W2407A',
      manufacturedOn: '2024-07-01',
      quantity: 2000,
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      batchNumber: 'W2407A',
      manufacturedOn: '2024-07-01',
      quantity: 2000,
    });
    const twice = await admin.request('POST', `/api/v1/products/${product.id}/batches`, {
      batchNumber: 'w2407a',
    });
    expect(twice.json()).toMatchObject({ code: 'conflict', field: 'body.batchNumber' });
    const bad = await admin.request('POST', `/api/v1/products/${product.id}/batches`, {
      batchNumber: 'W2501B',
      manufacturedOn: 'January',
    });
    expect(bad.json().field).toBe('body.manufacturedOn');
    await admin.request('POST', `/api/v1/products/${product.id}/batches`, { batchNumber: 'W2501B' });

    const customer = await buildCustomer();
    await admin.request('POST', `/api/v1/customers/${customer.id}/purchases`, {
      productId: product.id,
      batchNumber: 'W2407A',
      serialNumber: unique('SN'),
    });
    const detail = (await admin.request('GET', `/api/v1/products/${product.id}`)).json();
    expect(detail.purchaseCount).toBe(1);
    expect(detail.batches).toEqual([
      expect.objectContaining({ batchNumber: 'W2407A', purchaseCount: 1 }),
      expect.objectContaining({ batchNumber: 'W2501B', purchaseCount: 0, manufacturedOn: null }),
    ]);
  });

  it('lets every reader of customers read the catalogue, and only products.manage change it', async () => {
    const product = await buildProduct();
    for (const role of ['agent', 'engineer', 'viewer']) {
      const session = await sessionAs(role);
      expect((await session.request('GET', '/api/v1/products')).statusCode).toBe(200);
      expect((await session.request('GET', `/api/v1/products/${product.id}`)).statusCode).toBe(200);
      const writes = [
        await session.request('POST', '/api/v1/products', { model: 'X', name: 'x', category: 'y' }),
        await session.request('PATCH', `/api/v1/products/${product.id}`, { name: 'x' }),
        await session.request('POST', `/api/v1/products/${product.id}/batches`, { batchNumber: 'B1' }),
      ];
      expect(writes.map((response) => response.statusCode)).toEqual([403, 403, 403]);
    }
  });
});

describe('serial-number registry', () => {
  it('finds the purchase, owner, product and warranty of a serial number, masked per permission', async () => {
    const product = await buildProduct({ warrantyMonths: 12 });
    const customer = await buildCustomer({ name: '张三', phone: '13812345678', email: 'zhangsan@163.com' });
    const serial = unique('SN-');
    await admin.request('POST', `/api/v1/customers/${customer.id}/purchases`, {
      productId: product.id,
      serialNumber: serial,
      orderNumber: 'JD-1',
      purchasedOn: '2025-03-02',
    });

    const found = await admin.request('GET', `/api/v1/serials/${serial.toLowerCase()}`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({
      serialNumber: serial,
      purchase: {
        orderNumber: 'JD-1',
        purchasedOn: '2025-03-02',
        warrantyEndsOn: '2026-03-02',
        inWarranty: true,
      },
      customer: { id: customer.id, name: '张三', phone: '13812345678', masked: false },
      product: { id: product.id, model: product.model, warrantyMonths: 12 },
      warrantyStatus: 'in_warranty',
    });

    const engineer = await sessionAs('engineer');
    const masked = (await engineer.request('GET', `/api/v1/serials/${serial}`)).json();
    expect(masked.customer).toMatchObject({
      name: '张*',
      phone: '138****5678',
      email: 'z*******@163.com',
      masked: true,
    });

    const start = t.clock.now();
    try {
      t.clock.advance(24 * 3600_000);
      const later = await signInAdmin(t.app);
      expect((await later.request('GET', `/api/v1/serials/${serial}`)).json()).toMatchObject({
        purchase: { inWarranty: false },
        warrantyStatus: 'out_of_warranty',
      });
    } finally {
      t.clock.set(start);
    }

    const unknown = await admin.request('GET', '/api/v1/serials/NO-SUCH-SERIAL');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toContain('NO-SUCH-SERIAL');
  });

  it('says unknown when the purchase date is not known', async () => {
    const product = await buildProduct();
    const customer = await buildCustomer();
    const serial = unique('SN-');
    await admin.request('POST', `/api/v1/customers/${customer.id}/purchases`, {
      productModel: product.model,
      serialNumber: serial,
    });
    expect((await admin.request('GET', `/api/v1/serials/${serial}`)).json()).toMatchObject({
      warrantyStatus: 'unknown',
      purchase: { warrantyEndsOn: null, inWarranty: null },
    });
  });
});
