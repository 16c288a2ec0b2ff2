import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { migrate } from '../../platform/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../test/harness.js';
import { systemActor } from '../audit/actor.js';
import { listAudit } from '../audit/audit.repository.js';
import type { TicketFacts } from '../tickets/ticket.types.js';
import { listCategories, listPriorities, listRules } from './classification.repository.js';
import {
  classifyTicket,
  createCategory,
  createRule,
  deleteCategoryById,
  deleteRuleById,
  ensureDefaultClassification,
  ensureDefaultGroups,
  getPolicy,
  reorderRules,
  testRules,
  updateCategoryById,
  updatePolicy,
  updatePriorityByCode,
  updateRuleById,
} from './classification.service.js';
import { DEFAULT_GROUPS, SAMPLE_RULES } from './defaults.js';
import { DEFAULT_CLASSIFICATION_POLICY } from './rules.js';

// Service-level checks on a real database (the HTTP suite is classification.int.test.ts).
let testDb: TestDatabase;
let ctx: AppContext;
const actor = systemActor('test');

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.db);
  ctx = { db: testDb.db, clock: new ManualClock(new Date('2026-03-02T02:00:00Z')) } as unknown as AppContext;
});
afterAll(async () => {
  await testDb.db.close();
  await testDb.drop();
});

const facts = (overrides: Partial<TicketFacts> = {}): TicketFacts => ({
  title: '咨询',
  description: '',
  type: 'consultation',
  channel: 'portal',
  customerTier: 'regular',
  productModel: null,
  productLine: null,
  productCategory: null,
  region: null,
  ...overrides,
});

const categoryId = async (code: string) =>
  (await listCategories(testDb.db)).find((category) => category.code === code)!.id;

describe('defaults', () => {
  it('installs the R3.1 departments and groups once, by key', async () => {
    expect(await ensureDefaultGroups(testDb.db)).toHaveLength(DEFAULT_GROUPS.length);
    expect(await ensureDefaultGroups(testDb.db)).toEqual([]);
    const rows = await testDb.db.query<{ key: string; kind: string; parent: string | null }>(
      `SELECT g.key, g.kind, p.key AS parent FROM groups g LEFT JOIN groups p ON p.id = g.parent_id`,
    );
    expect(rows).toContainEqual({ key: 'field_service', kind: 'group', parent: 'after_sales_tech' });
    expect(rows).toContainEqual({ key: 'quality', kind: 'department', parent: null });
  });

  it('installs the R2.1 category tree mapped to the R3.1 groups, and P1–P3, only when empty', async () => {
    await ensureDefaultClassification(testDb.db);
    const categories = await listCategories(testDb.db);
    expect(categories).toHaveLength(25);
    const byCode = new Map(categories.map((category) => [category.code, category]));
    expect(byCode.get('product_quality')).toMatchObject({
      name: '产品质量',
      nameEn: 'Product quality',
      parentId: null,
      group: { key: 'after_sales_engineering' },
    });
    expect(byCode.get('product_quality.function_failure')).toMatchObject({
      name: '功能故障',
      parentId: byCode.get('product_quality')!.id,
      group: null,
    });
    const mapping = Object.fromEntries(
      categories.filter((c) => !c.parentId).map((c) => [c.code, c.group?.key ?? null]),
    );
    expect(mapping).toEqual({
      product_quality: 'after_sales_engineering',
      logistics: 'warehouse_logistics',
      service: 'cs_supervisors',
      policy: 'after_sales_specialists',
      usage: 'training_product_ops',
      suggestion: 'product_planning',
      other: null,
    });
    expect((await listPriorities(testDb.db)).map((p) => [p.code, p.name, p.nameEn, p.rank])).toEqual([
      ['P1', '特急', 'Critical', 1],
      ['P2', '紧急', 'Urgent', 2],
      ['P3', '普通', 'Normal', 3],
    ]);
    expect((await listPriorities(testDb.db))[0]!.description).toContain('系统瘫痪');
    expect(await listRules(testDb.db)).toEqual([]);

    await updateCategoryById(ctx, actor, byCode.get('other')!.id, { name: '其它' });
    await ensureDefaultClassification(testDb.db);
    expect(await listCategories(testDb.db)).toHaveLength(25);
    expect((await listCategories(testDb.db)).find((c) => c.code === 'other')!.name).toBe('其它');
  });

  it('installs the sample rules on request, and they classify', async () => {
    await ensureDefaultClassification(testDb.db, { sampleRules: true });
    expect(await listRules(testDb.db)).toHaveLength(SAMPLE_RULES.length);
    const outcome = await classifyTicket(
      testDb.db,
      facts({ title: '收到的货外箱破损，里面的电饭煲摔坏了', type: 'return_exchange' }),
      {},
    );
    expect(outcome).toMatchObject({ categoryCode: 'logistics.transit_damage', priority: 'P3' });
    const safety = await classifyTicket(testDb.db, facts({ description: '插上电就冒烟' }), {});
    expect(safety).toMatchObject({ priority: 'P1', tags: ['安全隐患'] });
    for (const rule of await listRules(testDb.db)) await deleteRuleById(ctx, actor, rule.id);
  });
});

describe('classifyTicket', () => {
  it('gives P3 and nothing else when no rule matches', async () => {
    expect(await classifyTicket(testDb.db, facts(), {})).toEqual({
      categoryCode: null,
      categoryId: null,
      priority: 'P3',
      emotion: 'normal',
      tags: [],
      groupKey: null,
      groupId: null,
      matchedRuleIds: [],
      complaintWords: [],
    });
  });

  it('resolves the category and group a rule names to ids', async () => {
    const rule = await createRule(ctx, actor, {
      name: '物流延迟',
      conditions: { keywordsAny: ['没收到'], channels: ['portal', 'email'] },
      actions: { categoryCode: 'logistics.delay', groupKey: 'warehouse_logistics', addTags: ['物流'] },
    });
    const outcome = await classifyTicket(testDb.db, facts({ title: '下单一周还没收到货' }), {});
    const [group] = await testDb.db.query<{ id: string }>(
      "SELECT id FROM groups WHERE key = 'warehouse_logistics'",
    );
    expect(outcome).toMatchObject({
      categoryCode: 'logistics.delay',
      categoryId: await categoryId('logistics.delay'),
      groupKey: 'warehouse_logistics',
      groupId: group!.id,
      tags: ['物流'],
      matchedRuleIds: [rule.id],
    });
    // An explicitly given category wins.
    expect(
      await classifyTicket(testDb.db, facts({ title: '还没收到退款' }), { categoryCode: 'policy.refund' }),
    ).toMatchObject({ categoryCode: 'policy.refund', categoryId: await categoryId('policy.refund') });
    // A deactivated category is no longer given to tickets.
    await updateCategoryById(ctx, actor, await categoryId('logistics.delay'), { isActive: false });
    expect(await classifyTicket(testDb.db, facts({ title: '没收到' }), {})).toMatchObject({
      categoryCode: null,
      categoryId: null,
      groupKey: 'warehouse_logistics',
    });
    expect(
      await classifyTicket(testDb.db, facts({ title: '没收到' }), { categoryCode: 'logistics.delay' }),
    ).toMatchObject({ categoryId: null });
    await updateCategoryById(ctx, actor, await categoryId('logistics.delay'), { isActive: true });
    await deleteRuleById(ctx, actor, rule.id);
  });

  it('applies the complaint and VIP policy, and its configured values', async () => {
    expect(
      await classifyTicket(testDb.db, facts({ description: '再不处理我就去12315投诉' }), { priority: 'P3' }),
    ).toMatchObject({
      priority: 'P2',
      emotion: 'angry',
      tags: ['投诉风险'],
      complaintWords: ['投诉', '12315'],
    });
    expect(await classifyTicket(testDb.db, facts({ customerTier: 'vip' }), {})).toMatchObject({
      priority: 'P2',
    });

    await updatePolicy(ctx, actor, {
      ...DEFAULT_CLASSIFICATION_POLICY,
      vipPriorityFloor: 'P1',
      complaintWords: ['热搜'],
    });
    expect(await classifyTicket(testDb.db, facts({ customerTier: 'vip' }), {})).toMatchObject({
      priority: 'P1',
    });
    expect(await classifyTicket(testDb.db, facts({ description: '投诉' }), {})).toMatchObject({
      priority: 'P3',
      emotion: 'normal',
    });
    await updatePolicy(ctx, actor, DEFAULT_CLASSIFICATION_POLICY);
    expect(await getPolicy(ctx)).toEqual(DEFAULT_CLASSIFICATION_POLICY);
  });

  it('uses the least urgent active priority when P3 is deactivated', async () => {
    await updatePriorityByCode(ctx, actor, 'P3', { isActive: false });
    expect((await classifyTicket(testDb.db, facts(), {})).priority).toBe('P2');
    await updatePriorityByCode(ctx, actor, 'P3', { isActive: true });
  });
});

describe('administration', () => {
  it('refuses duplicate codes, unknown parents and groups, and cycles, naming the field', async () => {
    await expect(createCategory(ctx, actor, { code: 'logistics', name: '重复' })).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'body.code' },
    });
    await expect(
      createCategory(ctx, actor, {
        code: 'x_orphan',
        name: 'x',
        parentId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'body.parentId' } });
    await expect(
      createCategory(ctx, actor, {
        code: 'x_nogroup',
        name: 'x',
        groupId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'body.groupId' } });
    const top = await categoryId('service');
    await expect(
      updateCategoryById(ctx, actor, top, { parentId: await categoryId('service.attitude') }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'body.parentId' } });
  });

  it('adds a child at the end of its siblings and moves it', async () => {
    const parent = await categoryId('service');
    const child = await createCategory(ctx, actor, {
      code: 'service.callback',
      name: '回访',
      parentId: parent,
    });
    expect(child).toMatchObject({ position: 2, parentId: parent, isActive: true, nameEn: '' });
    const moved = await updateCategoryById(ctx, actor, child.id, { parentId: await categoryId('other') });
    expect(moved).toMatchObject({ position: 2, parentId: await categoryId('other') });
    const audit = await listAudit(testDb.db, { entityType: 'category', entityId: child.id, limit: 10 });
    expect(audit.map((entry) => entry.action)).toEqual(['category.updated', 'category.created']);
  });

  it('deletes only unused categories', async () => {
    await expect(deleteCategoryById(ctx, actor, await categoryId('usage'))).rejects.toMatchObject({
      code: 'conflict',
      messageKey: 'classification.categoryHasChildren',
    });
    const used = await createCategory(ctx, actor, { code: 'x_used', name: '已用' });
    await testDb.db.query(
      `INSERT INTO tickets (number, title, type, channel, priority, category_id, received_at)
       VALUES ('X-1', 't', 'consultation', 'portal', 'P3', $1, now())`,
      [used.id],
    );
    await expect(deleteCategoryById(ctx, actor, used.id)).rejects.toMatchObject({
      code: 'conflict',
      messageKey: 'classification.categoryInUse',
      details: { params: { count: 1 } },
    });
    const ruled = await createCategory(ctx, actor, { code: 'x_ruled', name: '规则用' });
    const rule = await createRule(ctx, actor, {
      name: '用它',
      conditions: {},
      actions: { categoryCode: 'x_ruled' },
    });
    await expect(deleteCategoryById(ctx, actor, ruled.id)).rejects.toMatchObject({
      code: 'conflict',
      messageKey: 'classification.categoryUsedByRules',
    });
    await deleteRuleById(ctx, actor, rule.id);
    await deleteCategoryById(ctx, actor, ruled.id);
    expect((await listCategories(testDb.db)).some((c) => c.code === 'x_ruled')).toBe(false);
    // Another module's table pointing at a category also blocks its deletion, as a conflict.
    const referenced = await createCategory(ctx, actor, { code: 'x_referenced', name: '被引用' });
    await testDb.db.exec('CREATE TABLE x_category_refs (category_id uuid REFERENCES categories (id))');
    await testDb.db.query('INSERT INTO x_category_refs VALUES ($1)', [referenced.id]);
    await expect(deleteCategoryById(ctx, actor, referenced.id)).rejects.toMatchObject({
      code: 'conflict',
      messageKey: 'classification.categoryReferenced',
    });
  });

  it('keeps at least one priority active', async () => {
    await updatePriorityByCode(ctx, actor, 'P1', { isActive: false });
    await updatePriorityByCode(ctx, actor, 'P2', { isActive: false });
    await expect(updatePriorityByCode(ctx, actor, 'P3', { isActive: false })).rejects.toMatchObject({
      code: 'conflict',
    });
    await updatePriorityByCode(ctx, actor, 'P1', { isActive: true, description: '改过的说明' });
    await updatePriorityByCode(ctx, actor, 'P2', { isActive: true });
    expect((await listPriorities(testDb.db))[0]).toMatchObject({ code: 'P1', description: '改过的说明' });
  });

  it('validates what rules refer to, cleans their lists, and reorders them', async () => {
    const cases: [Parameters<typeof createRule>[2]['actions'], string][] = [
      [{ categoryCode: 'no_such' }, 'body.actions.categoryCode'],
      [{ priority: 'P7' }, 'body.actions.priority'],
      [{ groupKey: 'no_such_group' }, 'body.actions.groupKey'],
    ];
    for (const [actions, field] of cases) {
      await expect(createRule(ctx, actor, { name: 'bad', conditions: {}, actions })).rejects.toMatchObject({
        code: 'validation_failed',
        details: { field },
      });
    }
    const a = await createRule(ctx, actor, {
      name: 'A',
      conditions: { keywordsAny: ['x', 'x', ' y '], channels: [] },
      actions: { addTags: ['t', 't'] },
    });
    expect(a).toMatchObject({ conditions: { keywordsAny: ['x', 'y'] }, actions: { addTags: ['t'] } });
    expect(a.conditions).not.toHaveProperty('channels');
    const b = await createRule(ctx, actor, { name: 'B', conditions: {}, actions: {} });
    const c = await createRule(ctx, actor, { name: 'C', conditions: {}, actions: {} });
    expect([a.position, b.position, c.position]).toEqual([a.position, a.position + 1, a.position + 2]);
    const reordered = await reorderRules(ctx, actor, [c.id, a.id, b.id]);
    expect(reordered.map((rule) => [rule.name, rule.position])).toEqual([
      ['C', 0],
      ['A', 1],
      ['B', 2],
    ]);
    await expect(reorderRules(ctx, actor, [c.id, a.id])).rejects.toMatchObject({
      details: { field: 'body.ids' },
    });
    await expect(reorderRules(ctx, actor, [c.id, a.id, a.id])).rejects.toMatchObject({
      details: { field: 'body.ids' },
    });
    const disabled = await updateRuleById(ctx, actor, b.id, { isActive: false, stopAfterMatch: true });
    expect(disabled).toMatchObject({ isActive: false, stopAfterMatch: true, name: 'B' });
    for (const rule of [a, b, c]) await deleteRuleById(ctx, actor, rule.id);
  });

  it('previews a draft rule in place of the saved one', async () => {
    const saved = await createRule(ctx, actor, {
      name: '退款',
      conditions: { keywordsAny: ['退款'] },
      actions: { categoryCode: 'policy.refund' },
    });
    const later = await createRule(ctx, actor, {
      name: '全部',
      conditions: {},
      actions: { addTags: ['all'] },
    });
    const sample = {
      title: '申请退款',
      description: '',
      type: 'refund' as const,
      channel: 'portal' as const,
      customerTier: null,
      productModel: null,
      productLine: null,
      productCategory: null,
      region: null,
    };
    expect(await testRules(ctx, sample)).toMatchObject({
      categoryCode: 'policy.refund',
      matchedRules: [
        { id: saved.id, name: '退款' },
        { id: later.id, name: '全部' },
      ],
    });
    const withDraft = await testRules(ctx, {
      ...sample,
      draft: {
        id: saved.id,
        conditions: { keywordsAny: ['退款'] },
        actions: { priority: 'P1' },
        stopAfterMatch: true,
      },
    });
    expect(withDraft).toMatchObject({ categoryCode: null, priority: 'P1', matchedRules: [{ id: saved.id }] });
    const newDraft = await testRules(ctx, {
      ...sample,
      draft: { name: '新规则', conditions: {}, actions: { emotion: 'anxious' }, stopAfterMatch: false },
    });
    expect(newDraft.matchedRules.map((rule) => rule.name)).toEqual(['退款', '全部', '新规则']);
    expect(newDraft.emotion).toBe('anxious');
    await expect(testRules(ctx, { ...sample, given: { priority: 'P8' } })).rejects.toMatchObject({
      details: { field: 'body.given.priority' },
    });
    await expect(testRules(ctx, { ...sample, given: { categoryCode: 'nope' } })).rejects.toMatchObject({
      details: { field: 'body.given.categoryCode' },
    });
    await deleteRuleById(ctx, actor, saved.id);
    await deleteRuleById(ctx, actor, later.id);
  });

  it('refuses a policy floor that is not an active priority', async () => {
    await expect(
      updatePolicy(ctx, actor, { ...DEFAULT_CLASSIFICATION_POLICY, vipPriorityFloor: 'P9' }),
    ).rejects.toMatchObject({ details: { field: 'body.vipPriorityFloor' } });
    const saved = await updatePolicy(ctx, actor, {
      ...DEFAULT_CLASSIFICATION_POLICY,
      complaintWords: ['投诉', '投诉', '差评'],
    });
    expect(saved.complaintWords).toEqual(['投诉', '差评']);
    const audit = await listAudit(testDb.db, { action: 'classification_policy.updated', limit: 1 });
    expect(audit[0]).toMatchObject({
      entityId: 'classification.policy',
      after: { complaintWords: ['投诉', '差评'] },
    });
    await updatePolicy(ctx, actor, DEFAULT_CLASSIFICATION_POLICY);
  });
});
