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
import { systemActor } from '../audit/actor.js';
import { findOrCreateCustomer, findPurchase } from './customers.service.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await startTestApp();
});
beforeEach(async () => {
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

let phoneCounter = 0;
/** A mobile number no other test uses. */
const uniquePhone = () => `139${String(++phoneCounter).padStart(4, '0')}${String(Date.now()).slice(-4)}`;
const uniqueText = (prefix: string) => `${prefix}${randomBytes(3).toString('hex')}`;

async function buildCustomer(session: Session, fields: Record<string, unknown> = {}) {
  const response = await session.request('POST', '/api/v1/customers', {
    name: '张伟',
    phone: uniquePhone(),
    ...fields,
  });
  if (response.statusCode !== 201) throw new Error(`customer creation failed: ${response.body}`);
  return response.json();
}

async function buildProduct(fields: Record<string, unknown> = {}) {
  const response = await admin.request('POST', '/api/v1/products', {
    model: uniqueText('KFR-'),
    name: '变频空调',
    category: '空调',
    warrantyMonths: 12,
    ...fields,
  });
  if (response.statusCode !== 201) throw new Error(`product creation failed: ${response.body}`);
  return response.json();
}

async function sessionAs(role: string) {
  const user = await buildUser(admin, { role });
  return signIn(t.app, user.username, user.password);
}

async function auditOf(entityId: string) {
  return t.db.query<{ action: string; before: unknown; after: unknown; actor_label: string }>(
    'SELECT action, before, after, actor_label FROM audit_log WHERE entity_id = $1 ORDER BY id',
    [entityId],
  );
}

describe('customers', () => {
  it('creates a customer numbered from the sequence, with a canonical phone, and audits it', async () => {
    const response = await admin.request('POST', '/api/v1/customers', {
      name: '王芳',
      phone: '+86 138-0013-8000',
      email: 'WangFang@163.com',
      tier: 'vip',
      region: '浙江省 杭州市',
      address: '浙江省杭州市西湖区文三路478号',
      notes: '老客户',
    });
    expect(response.statusCode).toBe(201);
    const customer = response.json();
    expect(customer).toMatchObject({
      kind: 'person',
      name: '王芳',
      phone: '13800138000',
      email: 'WangFang@163.com',
      tier: 'vip',
      region: '浙江省 杭州市',
      notes: '老客户',
      masked: false,
      contacts: [],
      purchases: [],
      ticketCount: 0,
    });
    expect(customer.customerNumber).toMatch(/^C\d{6}$/);
    const audit = await auditOf(customer.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'customer.created',
        actor_label: 'admin',
        after: expect.objectContaining({ name: '王芳', phone: '13800138000' }),
      }),
    ]);
  });

  it('never hands out a number that is taken, also one given by hand', async () => {
    const manual = await buildCustomer(admin, { customerNumber: 'C000900' });
    expect(manual.customerNumber).toBe('C000900');
    await t.db.query(`SELECT setval('customer_number_seq', 899)`);
    const next = await buildCustomer(admin);
    expect(next.customerNumber).toBe('C000901');
    const taken = await admin.request('POST', '/api/v1/customers', {
      name: '李四',
      customerNumber: 'c000900',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'conflict', field: 'body.customerNumber' });
  });

  it('names the field of every bad value', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ phone: '13800000001' }, 'body.name'],
      [{ name: '' }, 'body.name'],
      [{ name: '张三', phone: 'call me' }, 'body.phone'],
      [{ name: '张三', email: 'not-an-email' }, 'body.email'],
      [{ name: '张三', tier: 'gold' }, 'body.tier'],
      [{ name: '张三', kind: 'robot' }, 'body.kind'],
      [{ name: '张三', kind: 'company' }, 'body.companyName'],
      [{ name: '张三', customerNumber: 'C 1' }, 'body.customerNumber'],
      [{ name: '张三', favouriteColour: 'red' }, 'body.favouriteColour'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.request('POST', '/api/v1/customers', body);
      expect({ status: response.statusCode, field: response.json().field }).toEqual({ status: 400, field });
    }
  });

  it('refuses a phone number or e-mail address that belongs to another customer, naming the field', async () => {
    const existing = await buildCustomer(admin, { phone: '13911112222', email: 'li.lei@example.com' });
    const samePhone = await admin.request('POST', '/api/v1/customers', {
      name: '李雷',
      phone: '139 1111 2222',
    });
    expect(samePhone.statusCode).toBe(409);
    expect(samePhone.json()).toMatchObject({
      code: 'conflict',
      field: 'body.phone',
      existingCustomerId: existing.id,
    });
    expect(samePhone.json().detail).toContain(existing.customerNumber);
    const sameEmail = await admin.request('POST', '/api/v1/customers', {
      name: '李雷',
      email: 'LI.LEI@example.com',
    });
    expect(sameEmail.json()).toMatchObject({ code: 'conflict', field: 'body.email' });

    const other = await buildCustomer(admin);
    const patched = await admin.request('PATCH', `/api/v1/customers/${other.id}`, { phone: '13911112222' });
    expect(patched.json()).toMatchObject({ code: 'conflict', field: 'body.phone' });
    // Saving one's own values again is no conflict.
    const own = await admin.request('PATCH', `/api/v1/customers/${existing.id}`, {
      phone: '13911112222',
      email: 'Li.Lei@example.com',
    });
    expect(own.statusCode).toBe(200);
  });

  it('searches by name, company, phone, e-mail and number, and filters by tier and region', async () => {
    const tag = uniqueText('搜索');
    const vip = await buildCustomer(admin, {
      name: `${tag}甲`,
      tier: 'vip',
      region: '广东省 深圳市',
      email: `${uniqueText('vip')}@qq.com`,
    });
    const company = await buildCustomer(admin, {
      name: '赵经理',
      kind: 'company',
      companyName: `${tag}科技有限公司`,
      region: '广东省 广州市',
    });
    const ids = async (query: string) =>
      (await admin.request('GET', `/api/v1/customers?${query}`))
        .json()
        .items.map((c: { id: string }) => c.id);

    expect(await ids(`q=${encodeURIComponent(tag)}`)).toEqual([company.id, vip.id]);
    expect(await ids(`q=${encodeURIComponent(tag)}&tier=vip`)).toEqual([vip.id]);
    expect(await ids(`q=${encodeURIComponent(tag)}&region=${encodeURIComponent('广东省 广州')}`)).toEqual([
      company.id,
    ]);
    expect(await ids(`q=${encodeURIComponent(tag)}&region=${encodeURIComponent('广东省')}`)).toHaveLength(2);
    expect(await ids(`q=${vip.phone.slice(2)}`)).toEqual([vip.id]);
    const spaced = `${vip.phone.slice(0, 3)} ${vip.phone.slice(3, 7)} ${vip.phone.slice(7)}`;
    expect(await ids(`q=${encodeURIComponent(spaced)}`)).toEqual([vip.id]);
    expect(await ids(`q=${encodeURIComponent(vip.email.toUpperCase())}`)).toEqual([vip.id]);
    expect(await ids(`q=${company.customerNumber}`)).toEqual([company.id]);
    expect(await ids('q=%25')).toEqual([]);
  });

  it('pages through customers with a cursor, newest first', async () => {
    const tag = uniqueText('分页');
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1) created.push((await buildCustomer(admin, { name: `${tag}${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `q=${encodeURIComponent(tag)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await admin.request('GET', `/api/v1/customers?${query}`)).json();
      seen.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());

    const bad = await admin.request('GET', '/api/v1/customers?cursor=garbage');
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'querystring.cursor' });
    const tooMany = await admin.request('GET', '/api/v1/customers?limit=1000');
    expect(tooMany.json()).toMatchObject({ code: 'validation_failed', field: 'querystring.limit' });
  });

  it('edits a customer, clears fields with null and records before and after', async () => {
    const customer = await buildCustomer(admin, { region: '北京市', address: '北京市朝阳区建国路88号' });
    const response = await admin.request('PATCH', `/api/v1/customers/${customer.id}`, {
      name: '张伟强',
      tier: 'vip',
      address: null,
      email: 'zwq@example.com',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: '张伟强',
      tier: 'vip',
      address: null,
      region: '北京市',
      email: 'zwq@example.com',
      phone: customer.phone,
    });
    const audit = await auditOf(customer.id);
    expect(audit.at(-1)).toMatchObject({
      action: 'customer.updated',
      before: { name: '张伟', tier: 'regular', address: '北京市朝阳区建国路88号' },
      after: { name: '张伟强', tier: 'vip', address: null },
    });
    const unknown = await admin.request('PATCH', '/api/v1/customers/00000000-0000-4000-8000-000000000000', {
      name: 'x',
    });
    expect(unknown.json()).toMatchObject({ code: 'not_found' });
    expect((await admin.request('GET', '/api/v1/customers/not-a-uuid')).json().field).toBe('params.id');
  });

  it('adds and removes contacts', async () => {
    const customer = await buildCustomer(admin, {
      kind: 'company',
      companyName: '华星科技',
      name: '华星科技',
    });
    const added = await admin.request('POST', `/api/v1/customers/${customer.id}/contacts`, {
      name: '刘洋',
      title: '采购经理',
      phone: '010-12345678',
      email: 'liuyang@huaxing.cn',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ name: '刘洋', title: '采购经理', phone: '01012345678' });
    const bad = await admin.request('POST', `/api/v1/customers/${customer.id}/contacts`, { title: 'x' });
    expect(bad.json().field).toBe('body.name');
    const detail = (await admin.request('GET', `/api/v1/customers/${customer.id}`)).json();
    expect(detail.contacts).toHaveLength(1);
    const removed = await admin.request(
      'DELETE',
      `/api/v1/customers/${customer.id}/contacts/${added.json().id}`,
    );
    expect(removed.statusCode).toBe(204);
    const again = await admin.request(
      'DELETE',
      `/api/v1/customers/${customer.id}/contacts/${added.json().id}`,
    );
    expect(again.statusCode).toBe(404);
    expect((await admin.request('GET', `/api/v1/customers/${customer.id}`)).json().contacts).toEqual([]);
    expect((await auditOf(customer.id)).map((entry) => entry.action)).toEqual([
      'customer.created',
      'customer.contact_added',
      'customer.contact_removed',
    ]);
  });

  it('counts the customer’s tickets', async () => {
    const customer = await buildCustomer(admin);
    await t.db.query(
      `INSERT INTO priorities (code, name, rank) VALUES ('P9', '测试', 99) ON CONFLICT (code) DO NOTHING`,
    );
    await t.db.query(
      `INSERT INTO tickets (number, title, type, channel, priority, customer_id, received_at)
       VALUES ($1, '空调不制冷', 'repair', 'phone', 'P9', $2, now())`,
      [uniqueText('T-'), customer.id],
    );
    expect((await admin.request('GET', `/api/v1/customers/${customer.id}`)).json().ticketCount).toBe(1);
  });
});

describe('purchases and warranty', () => {
  it('registers a purchase by model and computes the warranty with the clock', async () => {
    const customer = await buildCustomer(admin);
    const product = await buildProduct({ warrantyMonths: 12 });
    const response = await admin.request('POST', `/api/v1/customers/${customer.id}/purchases`, {
      productModel: product.model.toLowerCase(),
      orderNumber: 'JD20250302001',
      channel: '京东',
      purchasedOn: '2025-03-02',
      serialNumber: 'SN-0001',
      batchNumber: 'B2406A',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      customerId: customer.id,
      product: { id: product.id, model: product.model, name: '变频空调', warrantyMonths: 12 },
      orderNumber: 'JD20250302001',
      channel: '京东',
      purchasedOn: '2025-03-02',
      serialNumber: 'SN-0001',
      warrantyEndsOn: '2026-03-02',
      inWarranty: true,
    });

    const start = t.clock.now();
    try {
      // The test clock reads 2026-03-02 10:00 in Shanghai: the warranty's last day; a day later it is over.
      t.clock.advance(24 * 3600_000);
      const later = await signInAdmin(t.app);
      const detail = (await later.request('GET', `/api/v1/customers/${customer.id}`)).json();
      expect(detail.purchases).toEqual([
        expect.objectContaining({ id: response.json().id, warrantyEndsOn: '2026-03-02', inWarranty: false }),
      ]);
    } finally {
      t.clock.set(start);
    }
  });

  it('registers a purchase by product id; an undated one has no warranty decision', async () => {
    const customer = await buildCustomer(admin);
    const product = await buildProduct({ warrantyMonths: 36 });
    const response = await admin.request('POST', `/api/v1/customers/${customer.id}/purchases`, {
      productId: product.id,
    });
    expect(response.json()).toMatchObject({ purchasedOn: null, warrantyEndsOn: null, inWarranty: null });
  });

  it('names the field of a bad purchase and refuses a serial number registered twice', async () => {
    const customer = await buildCustomer(admin);
    const product = await buildProduct();
    const url = `/api/v1/customers/${customer.id}/purchases`;
    const cases: [Record<string, unknown>, string, number][] = [
      [{}, 'body.productId', 400],
      [{ productModel: 'NO-SUCH-MODEL' }, 'body.productModel', 400],
      [{ productId: '00000000-0000-4000-8000-000000000000' }, 'body.productId', 400],
      [{ productId: product.id, productModel: 'OTHER' }, 'body.productModel', 400],
      [{ productId: product.id, purchasedOn: '2026-03-03' }, 'body.purchasedOn', 400],
      [{ productId: product.id, purchasedOn: '02/03/2025' }, 'body.purchasedOn', 400],
      [{ productId: 'nope' }, 'body.productId', 400],
    ];
    for (const [body, field, status] of cases) {
      const response = await admin.request('POST', url, body);
      expect({ status: response.statusCode, field: response.json().field }).toEqual({ status, field });
    }
    expect(
      (await admin.request('POST', url, { productId: product.id, serialNumber: 'DUP-1' })).statusCode,
    ).toBe(201);
    const duplicate = await admin.request('POST', url, { productId: product.id, serialNumber: 'dup-1' });
    expect(duplicate.json()).toMatchObject({ code: 'conflict', field: 'body.serialNumber' });
    const unknownCustomer = await admin.request(
      'POST',
      '/api/v1/customers/00000000-0000-4000-8000-000000000000/purchases',
      { productId: product.id },
    );
    expect(unknownCustomer.statusCode).toBe(404);
  });

  it('removes a purchase', async () => {
    const customer = await buildCustomer(admin);
    const product = await buildProduct();
    const purchase = (
      await admin.request('POST', `/api/v1/customers/${customer.id}/purchases`, { productId: product.id })
    ).json();
    const other = await buildCustomer(admin);
    // A purchase is removed through its own customer only.
    expect(
      (await admin.request('DELETE', `/api/v1/customers/${other.id}/purchases/${purchase.id}`)).statusCode,
    ).toBe(404);
    expect(
      (await admin.request('DELETE', `/api/v1/customers/${customer.id}/purchases/${purchase.id}`)).statusCode,
    ).toBe(204);
    expect((await admin.request('GET', `/api/v1/customers/${customer.id}`)).json().purchases).toEqual([]);
  });
});

describe('personal data (R11.3)', () => {
  it('masks name, phone, e-mail, address and contacts for a role without customers.pii', async () => {
    const customer = await buildCustomer(admin, {
      name: '欧阳娜娜',
      phone: '13812345678',
      email: 'ouyang@163.com',
      address: '北京市朝阳区建国路88号',
      companyName: '娜娜工作室',
      region: '北京市',
    });
    await admin.request('POST', `/api/v1/customers/${customer.id}/contacts`, {
      name: 'John Smith',
      phone: '010-12345678',
      email: 'john@example.com',
    });
    const product = await buildProduct();
    await admin.request('POST', `/api/v1/customers/${customer.id}/purchases`, {
      productId: product.id,
      serialNumber: 'MASK-1',
      purchasedOn: '2025-06-01',
    });

    const engineer = await sessionAs('engineer');
    const masked = {
      name: '欧***',
      phone: '138****5678',
      email: 'o*****@163.com',
      address: '北京市朝阳区****',
      companyName: '娜娜工作室',
      region: '北京市',
      masked: true,
    };
    const list = (await engineer.request('GET', '/api/v1/customers?q=13812345678')).json();
    expect(list.items).toEqual([expect.objectContaining(masked)]);
    const detail = (await engineer.request('GET', `/api/v1/customers/${customer.id}`)).json();
    expect(detail).toMatchObject(masked);
    expect(detail.contacts).toEqual([
      expect.objectContaining({ name: 'J*** S****', phone: '010****5678', email: 'j***@example.com' }),
    ]);
    expect(detail.purchases).toEqual([expect.objectContaining({ serialNumber: 'MASK-1', inWarranty: true })]);
    expect(JSON.stringify(detail)).not.toMatch(/欧阳娜娜|13812345678|ouyang|John Smith|建国路/);

    const agent = await sessionAs('agent');
    const clear = (await agent.request('GET', `/api/v1/customers/${customer.id}`)).json();
    expect(clear).toMatchObject({ name: '欧阳娜娜', phone: '13812345678', masked: false });
    expect(clear.contacts[0]).toMatchObject({ name: 'John Smith', phone: '01012345678' });
  });

  it('refuses writes without customers.write', async () => {
    const customer = await buildCustomer(admin);
    const engineer = await sessionAs('engineer');
    const writes: [string, string, object][] = [
      ['POST', '/api/v1/customers', { name: '张三' }],
      ['PATCH', `/api/v1/customers/${customer.id}`, { name: '张三' }],
      ['POST', `/api/v1/customers/${customer.id}/contacts`, { name: '张三' }],
      ['POST', `/api/v1/customers/${customer.id}/purchases`, { productModel: 'X' }],
      ['DELETE', `/api/v1/customers/${customer.id}/purchases/00000000-0000-4000-8000-000000000000`, {}],
      ['DELETE', `/api/v1/customers/${customer.id}/contacts/00000000-0000-4000-8000-000000000000`, {}],
    ];
    for (const [method, url, body] of writes) {
      const response = await engineer.request(
        method as 'POST',
        url,
        method === 'DELETE' ? undefined : (body as object),
      );
      expect({ url, status: response.statusCode, code: response.json().code }).toEqual({
        url,
        status: 403,
        code: 'forbidden',
      });
    }
    const viewerless = await buildUser(admin, { role: 'viewer' });
    const viewer = await signIn(t.app, viewerless.username, viewerless.password);
    expect((await viewer.request('GET', '/api/v1/customers')).statusCode).toBe(200);
  });

  it('lets a writer without customers.pii save a form without turning real data into stars', async () => {
    const roles = (await admin.request('GET', '/api/v1/roles')).json().items;
    const created = await admin.request('POST', '/api/v1/roles', {
      key: 'hotline',
      name: '热线',
      permissions: ['customers.read', 'customers.write'],
    });
    expect(created.statusCode, JSON.stringify(roles.length)).toBe(201);
    const hotline = await sessionAs('hotline');
    const customer = await buildCustomer(admin, {
      name: '李小龙',
      phone: '13700001111',
      email: 'bruce@example.com',
      address: '上海市浦东新区世纪大道1号',
    });

    const seen = (await hotline.request('GET', `/api/v1/customers/${customer.id}`)).json();
    const saved = await hotline.request('PATCH', `/api/v1/customers/${customer.id}`, {
      name: seen.name,
      phone: seen.phone,
      email: seen.email,
      address: seen.address,
      tier: 'vip',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ name: '李**', phone: '137****1111', tier: 'vip', masked: true });
    const real = (await admin.request('GET', `/api/v1/customers/${customer.id}`)).json();
    expect(real).toMatchObject({
      name: '李小龙',
      phone: '13700001111',
      email: 'bruce@example.com',
      address: '上海市浦东新区世纪大道1号',
      tier: 'vip',
    });
    const audit = await auditOf(customer.id);
    expect(audit.at(-1)).toMatchObject({
      action: 'customer.updated',
      before: { name: '李小龙', phone: '13700001111', tier: 'regular' },
      after: { name: '李小龙', phone: '13700001111', tier: 'vip' },
    });

    const starred = await hotline.request('PATCH', `/api/v1/customers/${customer.id}`, {
      phone: '137****9999',
    });
    expect(starred.json()).toMatchObject({ code: 'validation_failed', field: 'body.phone' });
    const starredEmail = await hotline.request('PATCH', `/api/v1/customers/${customer.id}`, {
      email: 'x***@example.com',
    });
    expect(starredEmail.json()).toMatchObject({ code: 'validation_failed', field: 'body.email' });

    const contact = await hotline.request('POST', `/api/v1/customers/${customer.id}/contacts`, {
      name: '李太太',
      phone: '13700002222',
    });
    expect(contact.json()).toMatchObject({ name: '李**', phone: '137****2222' });
    const contactAudit = (await auditOf(customer.id)).at(-1);
    expect(contactAudit).toMatchObject({ after: { name: '李太太', phone: '13700002222' } });

    const created2 = await hotline.request('POST', '/api/v1/customers', {
      name: '孙悟空',
      phone: '13700003333',
    });
    expect(created2.json()).toMatchObject({ name: '孙**', phone: '137****3333', masked: true });
    expect((await auditOf(created2.json().id))[0]).toMatchObject({ after: { name: '孙悟空' } });
  });
});

describe('for ticket intake', () => {
  it('finds a customer by phone, then by e-mail, fills only blanks and creates one when none matches', async () => {
    const actor = systemActor('intake-test');
    const existing = await buildCustomer(admin, {
      name: '周杰',
      phone: '13588776655',
      tier: 'regular',
      region: null,
    });

    const byPhone = await t.db.transaction((tx) =>
      findOrCreateCustomer(
        tx,
        {
          name: '',
          phone: '+86 135 8877 6655',
          email: 'zhoujie@139.com',
          tier: 'vip',
          region: '浙江省 宁波市',
        },
        actor,
      ),
    );
    expect(byPhone).toMatchObject({
      id: existing.id,
      name: '周杰',
      email: 'zhoujie@139.com',
      region: '浙江省 宁波市',
      tier: 'regular',
    });

    const byEmail = await t.db.transaction((tx) =>
      findOrCreateCustomer(tx, { name: '周先生', email: 'ZhouJie@139.com', region: '' }, actor),
    );
    expect(byEmail).toMatchObject({ id: existing.id, name: '周杰', region: '浙江省 宁波市' });

    const created = await t.db.transaction((tx) =>
      findOrCreateCustomer(
        tx,
        {
          name: '吴敏',
          phone: '186-0000-1111',
          email: null,
          tier: 'vip',
          region: '江苏省 南京市',
          company: '敏达',
        },
        actor,
      ),
    );
    expect(created).toMatchObject({
      name: '吴敏',
      phone: '18600001111',
      tier: 'vip',
      region: '江苏省 南京市',
      companyName: '敏达',
    });
    expect(created!.customerNumber).toMatch(/^C\d{6}$/);
    expect((await auditOf(created!.id))[0]).toMatchObject({
      action: 'customer.created',
      actor_label: 'intake-test',
    });

    const again = await t.db.transaction((tx) =>
      findOrCreateCustomer(tx, { name: '吴敏', phone: '18600001111' }, actor),
    );
    expect(again!.id).toBe(created!.id);
    expect(
      await t.db.transaction((tx) => findOrCreateCustomer(tx, { name: ' ', phone: null }, actor)),
    ).toBeNull();
  });

  it('finds a purchase with its product by serial number, else by order number', async () => {
    const customer = await buildCustomer(admin);
    const product = await buildProduct({ warrantyMonths: 24 });
    await admin.request('POST', `/api/v1/customers/${customer.id}/purchases`, {
      productId: product.id,
      orderNumber: 'TM-7788',
      serialNumber: 'RO800G-42',
      purchasedOn: '2025-01-31',
    });
    const bySerial = await findPurchase(t.db, { serialNumber: 'ro800g-42' });
    expect(bySerial).toMatchObject({
      customerId: customer.id,
      orderNumber: 'TM-7788',
      product: { id: product.id, model: product.model, warrantyMonths: 24 },
      warrantyEndsOn: '2027-01-31',
    });
    expect(await findPurchase(t.db, { orderNumber: 'TM-7788', serialNumber: 'unknown' })).toMatchObject({
      serialNumber: 'RO800G-42',
    });
    expect(await findPurchase(t.db, { orderNumber: 'nothing' })).toBeUndefined();
    expect(await findPurchase(t.db, {})).toBeUndefined();
  });
});
