import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildGroup,
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { ensureDefaultClassification, ensureDefaultGroups } from './classification.service.js';
import { DEFAULT_CLASSIFICATION_POLICY } from './rules.js';

let t: TestApp;
let admin: Session;
let agent: Session;

type Category = {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  parentId: string | null;
  group: { key: string } | null;
};

beforeAll(async () => {
  t = await startTestApp();
  // First run installs these; calling them again is a no-op, and keeps this suite independent of it.
  await ensureDefaultGroups(t.db);
  await ensureDefaultClassification(t.db);
  const admin0 = await signInAdmin(t.app);
  const user = await buildUser(admin0, { role: 'agent' });
  agent = await signIn(t.app, user.username, user.password);
});
beforeEach(async () => {
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

const categories = async (): Promise<Category[]> =>
  (await admin.request('GET', '/api/v1/categories')).json().items;
const categoryByCode = async (code: string) =>
  (await categories()).find((category) => category.code === code)!;

async function insertTicket(categoryId: string) {
  await t.db.query(
    `INSERT INTO tickets (number, title, type, channel, priority, category_id, received_at)
     VALUES ($1, '测试', 'consultation', 'portal', 'P3', $2, now())`,
    [`C-${Math.random().toString(36).slice(2, 10)}`, categoryId],
  );
}

describe('defaults (R2.1, R2.2, R3.1)', () => {
  it('has the category tree mapped to groups, three priorities and the complaint policy', async () => {
    const items = await categories();
    expect(items).toHaveLength(25);
    const top = items.filter((category) => category.parentId === null);
    expect(top.map((category) => [category.code, category.group?.key ?? null])).toEqual([
      ['product_quality', 'after_sales_engineering'],
      ['logistics', 'warehouse_logistics'],
      ['service', 'cs_supervisors'],
      ['policy', 'after_sales_specialists'],
      ['usage', 'training_product_ops'],
      ['suggestion', 'product_planning'],
      ['other', null],
    ]);
    expect(items.find((category) => category.code === 'logistics.transit_damage')).toMatchObject({
      name: '运输破损',
      nameEn: 'Damaged in transit',
    });
    const priorities = (await agent.request('GET', '/api/v1/priorities')).json().items;
    expect(priorities.map((p: { code: string; name: string }) => `${p.code} ${p.name}`)).toEqual([
      'P1 特急',
      'P2 紧急',
      'P3 普通',
    ]);
    expect((await agent.request('GET', '/api/v1/classification/policy')).json()).toEqual(
      DEFAULT_CLASSIFICATION_POLICY,
    );
    const groups = (await admin.request('GET', '/api/v1/groups'))
      .json()
      .items.map((g: { key: string }) => g.key);
    expect(groups).toEqual(expect.arrayContaining(['customer_service', 'frontline', 'quality_control']));
  });
});

describe('access', () => {
  it('lets any signed-in user read and only settings managers write', async () => {
    for (const url of [
      '/api/v1/categories',
      '/api/v1/priorities',
      '/api/v1/classification-rules',
      '/api/v1/classification/policy',
    ]) {
      expect((await agent.request('GET', url)).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
    const some = await categoryByCode('other');
    const writes: [Parameters<Session['request']>[0], string, object][] = [
      ['POST', '/api/v1/categories', { code: 'agent_made', name: 'x' }],
      ['PATCH', `/api/v1/categories/${some.id}`, { name: 'x' }],
      ['DELETE', `/api/v1/categories/${some.id}`, {}],
      ['PATCH', '/api/v1/priorities/P1', { name: 'x' }],
      ['POST', '/api/v1/classification-rules', { name: 'x' }],
      ['PUT', '/api/v1/classification-rules/order', { ids: [] }],
      ['POST', '/api/v1/classification-rules/test', { title: 'x' }],
      ['PUT', '/api/v1/classification/policy', DEFAULT_CLASSIFICATION_POLICY],
    ];
    for (const [method, url, body] of writes) {
      const response = await agent.request(method, url, method === 'DELETE' ? undefined : body);
      expect({ method, url, status: response.statusCode, code: response.json().code }).toEqual({
        method,
        url,
        status: 403,
        code: 'forbidden',
      });
    }
  });
});

describe('categories', () => {
  it('adds a child, renames it, maps it to a group, deactivates it and deletes it', async () => {
    const parent = await categoryByCode('logistics');
    const group = await buildGroup(admin, { name: '快递理赔组' });
    const created = await admin.request('POST', '/api/v1/categories', {
      code: 'logistics.lost',
      name: '快递丢失',
      nameEn: 'Lost parcel',
      parentId: parent.id,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      code: 'logistics.lost',
      parentId: parent.id,
      position: 3,
      isActive: true,
    });
    const id = created.json().id;
    const edited = await admin.request('PATCH', `/api/v1/categories/${id}`, {
      name: '包裹丢失',
      nameEn: 'Parcel lost',
      groupId: group.id,
    });
    expect(edited.json()).toMatchObject({ name: '包裹丢失', nameEn: 'Parcel lost', group: { id: group.id } });
    const off = await admin.request('PATCH', `/api/v1/categories/${id}`, { isActive: false, groupId: null });
    expect(off.json()).toMatchObject({ isActive: false, group: null });
    expect((await admin.request('DELETE', `/api/v1/categories/${id}`)).statusCode).toBe(204);
    expect((await categories()).some((category) => category.id === id)).toBe(false);
    const audit = (await admin.request('GET', `/api/v1/audit?entityType=category&entityId=${id}`)).json()
      .items;
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual([
      'category.deleted',
      'category.updated',
      'category.updated',
      'category.created',
    ]);
  });

  it('names the field of every bad value', async () => {
    const parent = await categoryByCode('service');
    const cases: [object, string, number][] = [
      [{ code: 'Bad Code', name: 'x' }, 'body.code', 400],
      [{ code: 'ok_code', name: '' }, 'body.name', 400],
      [{ code: 'ok_code', name: 'x', parentId: 'nope' }, 'body.parentId', 400],
      [
        { code: 'ok_code', name: 'x', parentId: '00000000-0000-4000-8000-000000000000' },
        'body.parentId',
        400,
      ],
      [{ code: 'ok_code', name: 'x', groupId: '00000000-0000-4000-8000-000000000000' }, 'body.groupId', 400],
      [{ code: 'ok_code', name: 'x', position: -1 }, 'body.position', 400],
      [{ code: 'ok_code', name: 'x', colour: 'red' }, 'body.colour', 400],
      [{ code: 'service', name: 'x' }, 'body.code', 409],
    ];
    for (const [body, field, status] of cases) {
      const response = await admin.request('POST', '/api/v1/categories', body);
      expect({ status: response.statusCode, field: response.json().field }).toEqual({ status, field });
    }
    const cycle = await admin.request('PATCH', `/api/v1/categories/${parent.id}`, {
      parentId: (await categoryByCode('service.attitude')).id,
    });
    expect(cycle.json()).toMatchObject({ code: 'validation_failed', field: 'body.parentId' });
    expect((await categories()).some((category) => category.code === 'ok_code')).toBe(false);
    const missing = await admin.request('PATCH', '/api/v1/categories/00000000-0000-4000-8000-000000000000', {
      name: 'x',
    });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses to delete a category with subcategories or tickets (409) but lets it be deactivated', async () => {
    const withChildren = await categoryByCode('usage');
    expect((await admin.request('DELETE', `/api/v1/categories/${withChildren.id}`)).statusCode).toBe(409);
    const leaf = await categoryByCode('usage.feature');
    await insertTicket(leaf.id);
    const refused = await admin.request('DELETE', `/api/v1/categories/${leaf.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('conflict');
    const off = await admin.request('PATCH', `/api/v1/categories/${leaf.id}`, { isActive: false });
    expect(off.json().isActive).toBe(false);
    await admin.request('PATCH', `/api/v1/categories/${leaf.id}`, { isActive: true });
  });
});

describe('priorities', () => {
  it('edits names and descriptions and keeps one active', async () => {
    const edited = await admin.request('PATCH', '/api/v1/priorities/P2', {
      name: '紧急/二级',
      nameEn: 'High',
      description: '客户不满或产品无法使用',
    });
    expect(edited.json()).toMatchObject({
      code: 'P2',
      name: '紧急/二级',
      nameEn: 'High',
      rank: 2,
      isActive: true,
    });
    expect((await admin.request('PATCH', '/api/v1/priorities/P9', { name: 'x' })).statusCode).toBe(404);
    expect((await admin.request('PATCH', '/api/v1/priorities/X1', { name: 'x' })).json().field).toBe(
      'params.code',
    );
    expect((await admin.request('PATCH', '/api/v1/priorities/P2', { rank: 5 })).json().field).toBe(
      'body.rank',
    );
    await admin.request('PATCH', '/api/v1/priorities/P1', { isActive: false });
    await admin.request('PATCH', '/api/v1/priorities/P2', { isActive: false });
    expect((await admin.request('PATCH', '/api/v1/priorities/P3', { isActive: false })).statusCode).toBe(409);
    await admin.request('PATCH', '/api/v1/priorities/P1', { isActive: true });
    await admin.request('PATCH', '/api/v1/priorities/P2', { isActive: true, name: '紧急', nameEn: 'Urgent' });
  });
});

describe('classification rules', () => {
  it('creates, lists in order, edits, reorders and deletes rules', async () => {
    const first = await admin.request('POST', '/api/v1/classification-rules', {
      name: '物流延迟',
      conditions: { keywordsAny: ['没收到', '物流'], channels: ['portal'] },
      actions: { categoryCode: 'logistics.delay', addTags: ['物流'] },
    });
    expect(first.statusCode).toBe(201);
    const second = await admin.request('POST', '/api/v1/classification-rules', {
      name: 'VIP 投诉',
      conditions: { customerTiers: ['vip'], types: ['complaint'] },
      actions: { priority: 'P1', groupKey: 'cs_supervisors' },
      stopAfterMatch: true,
    });
    const list = async () => (await admin.request('GET', '/api/v1/classification-rules')).json().items;
    expect((await list()).map((rule: { name: string }) => rule.name)).toEqual(['物流延迟', 'VIP 投诉']);
    const edited = await admin.request('PATCH', `/api/v1/classification-rules/${first.json().id}`, {
      isActive: false,
    });
    expect(edited.json()).toMatchObject({
      isActive: false,
      name: '物流延迟',
      actions: { categoryCode: 'logistics.delay' },
    });
    const reordered = await admin.request('PUT', '/api/v1/classification-rules/order', {
      ids: [second.json().id, first.json().id],
    });
    expect(reordered.json().items.map((rule: { name: string }) => rule.name)).toEqual([
      'VIP 投诉',
      '物流延迟',
    ]);
    expect(
      (await admin.request('PUT', '/api/v1/classification-rules/order', { ids: [first.json().id] })).json(),
    ).toMatchObject({ code: 'validation_failed', field: 'body.ids' });
    for (const rule of [first, second]) {
      expect(
        (await admin.request('DELETE', `/api/v1/classification-rules/${rule.json().id}`)).statusCode,
      ).toBe(204);
    }
    expect(await list()).toEqual([]);
  });

  it('names the field of every bad condition or action', async () => {
    const cases: [object, string][] = [
      [{ name: '' }, 'body.name'],
      [{ name: 'x', conditions: { channels: ['fax'] } }, 'body.conditions.channels.0'],
      [{ name: 'x', conditions: { mood: ['x'] } }, 'body.conditions.mood'],
      [{ name: 'x', conditions: { keywordsAny: [''] } }, 'body.conditions.keywordsAny.0'],
      [{ name: 'x', actions: { emotion: 'furious' } }, 'body.actions.emotion'],
      [{ name: 'x', actions: { priority: 'urgent' } }, 'body.actions.priority'],
      [{ name: 'x', actions: { priority: 'P7' } }, 'body.actions.priority'],
      [{ name: 'x', actions: { categoryCode: 'no_such_category' } }, 'body.actions.categoryCode'],
      [{ name: 'x', actions: { groupKey: 'no_such_group' } }, 'body.actions.groupKey'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.request('POST', '/api/v1/classification-rules', body);
      expect({ status: response.statusCode, field: response.json().field }).toEqual({ status: 400, field });
    }
  });

  it('tests a sample against the rules, a draft and the policy without saving anything', async () => {
    const rule = await admin.request('POST', '/api/v1/classification-rules', {
      name: '空调故障',
      conditions: { keywordsAny: ['不制冷'], productLines: ['家用空调'] },
      actions: { categoryCode: 'product_quality.function_failure', addTags: ['空调'] },
    });
    const sample = {
      title: '空调不制冷',
      description: '修了两次还是不行，再不解决我就去12315投诉',
      type: 'repair',
      channel: 'phone',
      customerTier: 'vip',
      productLine: '家用空调',
      region: '广东省深圳市',
    };
    const outcome = await admin.request('POST', '/api/v1/classification-rules/test', sample);
    expect(outcome.statusCode).toBe(200);
    expect(outcome.json()).toEqual({
      categoryCode: 'product_quality.function_failure',
      categoryId: (await categoryByCode('product_quality.function_failure')).id,
      priority: 'P2',
      emotion: 'angry',
      tags: ['空调', '投诉风险'],
      groupKey: null,
      groupId: null,
      matchedRuleIds: [rule.json().id],
      matchedRules: [{ id: rule.json().id, name: '空调故障' }],
      complaintWords: ['投诉', '12315'],
    });
    const drafted = await admin.request('POST', '/api/v1/classification-rules/test', {
      ...sample,
      given: { priority: 'P1' },
      draft: { name: '草稿', conditions: { regions: ['广东省'] }, actions: { groupKey: 'field_service' } },
    });
    expect(drafted.json()).toMatchObject({
      priority: 'P1',
      groupKey: 'field_service',
      matchedRules: [{ name: '空调故障' }, { id: 'draft', name: '草稿' }],
    });
    const bad = await admin.request('POST', '/api/v1/classification-rules/test', {
      ...sample,
      channel: 'fax',
    });
    expect(bad.json().field).toBe('body.channel');
    const badGiven = await admin.request('POST', '/api/v1/classification-rules/test', {
      ...sample,
      given: { categoryCode: 'no_such' },
    });
    expect(badGiven.json()).toMatchObject({ code: 'validation_failed', field: 'body.given.categoryCode' });
    expect((await admin.request('GET', '/api/v1/classification-rules')).json().items).toHaveLength(1);
    await admin.request('DELETE', `/api/v1/classification-rules/${rule.json().id}`);
  });
});

describe('policy', () => {
  it('replaces the policy, validates it, and the rule test follows it', async () => {
    const policy = {
      complaintWords: ['投诉', '热搜'],
      complaintPriorityFloor: 'P1',
      angryWordCount: 3,
      complaintTag: '舆情风险',
      vipPriorityFloor: null,
    };
    const saved = await admin.request('PUT', '/api/v1/classification/policy', policy);
    expect(saved.json()).toEqual(policy);
    const outcome = await admin.request('POST', '/api/v1/classification-rules/test', {
      title: '我要上热搜',
      customerTier: 'vip',
    });
    expect(outcome.json()).toMatchObject({ priority: 'P1', emotion: 'dissatisfied', tags: ['舆情风险'] });
    const cases: [object, string][] = [
      [{ ...policy, vipPriorityFloor: 'P9' }, 'body.vipPriorityFloor'],
      [{ ...policy, complaintPriorityFloor: 'high' }, 'body.complaintPriorityFloor'],
      [{ ...policy, angryWordCount: 0 }, 'body.angryWordCount'],
      [{ ...policy, complaintWords: 'x' }, 'body.complaintWords'],
      [{ complaintWords: [] }, 'body.complaintPriorityFloor'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.request('PUT', '/api/v1/classification/policy', body);
      expect({ status: response.statusCode, field: response.json().field }).toEqual({ status: 400, field });
    }
    const audit = (await admin.request('GET', '/api/v1/audit?action=classification_policy.updated')).json()
      .items;
    expect(audit[0]).toMatchObject({ after: policy });
    await admin.request('PUT', '/api/v1/classification/policy', DEFAULT_CLASSIFICATION_POLICY);
  });
});
