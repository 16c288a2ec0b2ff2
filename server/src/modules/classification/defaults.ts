/** The defaults of SPEC R2.1, R2.2 and R3.1, installed on a new instance and editable afterwards. */
import type { Queryable } from '../../platform/db/database.js';
import { systemActor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { findGroupByKey, insertGroup } from '../groups/groups.repository.js';
import {
  countCategories,
  findGroupIdByKey,
  insertCategory,
  insertPriority,
  insertRule,
  listPriorities,
  listRules,
  type PriorityRecord,
} from './classification.repository.js';
import type { RuleActions, RuleConditions } from './rules.js';

type DefaultGroup = { key: string; name: string; kind: 'department' | 'group'; parent: string | null };

/** R3.1: the departments and their groups that categories route to. */
export const DEFAULT_GROUPS: readonly DefaultGroup[] = [
  { key: 'customer_service', name: '客户服务部', kind: 'department', parent: null },
  { key: 'after_sales_tech', name: '售后技术部', kind: 'department', parent: null },
  { key: 'logistics', name: '物流仓储部', kind: 'department', parent: null },
  { key: 'finance', name: '财务部', kind: 'department', parent: null },
  { key: 'product', name: '产品部', kind: 'department', parent: null },
  { key: 'quality', name: '质量部', kind: 'department', parent: null },
  { key: 'frontline', name: '客服一线组', kind: 'group', parent: 'customer_service' },
  { key: 'cs_supervisors', name: '客服主管组', kind: 'group', parent: 'customer_service' },
  { key: 'after_sales_specialists', name: '售后专员组', kind: 'group', parent: 'customer_service' },
  { key: 'after_sales_engineering', name: '售后工程组', kind: 'group', parent: 'after_sales_tech' },
  { key: 'field_service', name: '上门维修组', kind: 'group', parent: 'after_sales_tech' },
  { key: 'warehouse_logistics', name: '仓储物流组', kind: 'group', parent: 'logistics' },
  { key: 'finance_refunds', name: '财务退款组', kind: 'group', parent: 'finance' },
  { key: 'training_product_ops', name: '培训与产品运营组', kind: 'group', parent: 'product' },
  { key: 'product_planning', name: '产品规划组', kind: 'group', parent: 'product' },
  { key: 'quality_control', name: '质量控制组', kind: 'group', parent: 'quality' },
];

type DefaultCategory = {
  code: string;
  name: string;
  nameEn: string;
  /** R3.1: the group its tickets go to (children inherit it). */
  groupKey?: string;
  children: { code: string; name: string; nameEn: string }[];
};

/** R2.1: the category tree; child codes are `<parent>.<child>`. */
export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  {
    code: 'product_quality',
    name: '产品质量',
    nameEn: 'Product quality',
    groupKey: 'after_sales_engineering',
    children: [
      { code: 'function_failure', name: '功能故障', nameEn: 'Function failure' },
      { code: 'performance', name: '性能不达标', nameEn: 'Performance below specification' },
      { code: 'appearance', name: '外观缺陷', nameEn: 'Appearance defect' },
      { code: 'missing_parts', name: '缺件少件', nameEn: 'Missing parts' },
    ],
  },
  {
    code: 'logistics',
    name: '物流问题',
    nameEn: 'Logistics',
    groupKey: 'warehouse_logistics',
    children: [
      { code: 'delay', name: '配送延迟', nameEn: 'Delivery delay' },
      { code: 'wrong_item', name: '错发漏发', nameEn: 'Wrong or missing item' },
      { code: 'transit_damage', name: '运输破损', nameEn: 'Damaged in transit' },
    ],
  },
  {
    code: 'service',
    name: '服务体验',
    nameEn: 'Service experience',
    groupKey: 'cs_supervisors',
    children: [
      { code: 'slow_response', name: '响应慢', nameEn: 'Slow response' },
      { code: 'attitude', name: '服务态度', nameEn: 'Service attitude' },
    ],
  },
  {
    code: 'policy',
    name: '售后政策',
    nameEn: 'After-sales policy',
    groupKey: 'after_sales_specialists',
    children: [
      { code: 'return_exchange', name: '退换货', nameEn: 'Return / exchange' },
      { code: 'refund', name: '退款', nameEn: 'Refund' },
      { code: 'warranty', name: '保修', nameEn: 'Warranty' },
    ],
  },
  {
    code: 'usage',
    name: '使用指导',
    nameEn: 'Usage guidance',
    groupKey: 'training_product_ops',
    children: [
      { code: 'operation', name: '操作问题', nameEn: 'Operation question' },
      { code: 'feature', name: '功能咨询', nameEn: 'Feature consultation' },
    ],
  },
  {
    code: 'suggestion',
    name: '建议',
    nameEn: 'Suggestion',
    groupKey: 'product_planning',
    children: [
      { code: 'feature_request', name: '功能需求', nameEn: 'Feature request' },
      { code: 'improvement', name: '改进建议', nameEn: 'Improvement' },
    ],
  },
  {
    code: 'other',
    name: '其他',
    nameEn: 'Other',
    children: [
      { code: 'cooperation', name: '合作咨询', nameEn: 'Cooperation inquiry' },
      { code: 'packaging', name: '包装问题', nameEn: 'Packaging' },
    ],
  },
];

/** R2.2: three levels, P1 the most urgent. */
export const DEFAULT_PRIORITIES: readonly PriorityRecord[] = [
  {
    code: 'P1',
    name: '特急',
    nameEn: 'Critical',
    description: '一级：客户核心业务或安全受影响，如系统瘫痪、无法支付、产品存在安全隐患',
    rank: 1,
    isActive: true,
  },
  {
    code: 'P2',
    name: '紧急',
    nameEn: 'Urgent',
    description: '二级：客户情绪不满或扬言投诉，产品无法使用',
    rank: 2,
    isActive: true,
  },
  {
    code: 'P3',
    name: '普通',
    nameEn: 'Normal',
    description: '三级：常规咨询、使用问题、建议等',
    rank: 3,
    isActive: true,
  },
];

type DefaultRule = { name: string; conditions: RuleConditions; actions: RuleActions };

/**
 * Sample rules for R2.4 (by type, by keyword, and the P1 examples of R2.2). Installed only on request
 * (demo data), because they change how every new ticket is classified.
 */
export const SAMPLE_RULES: readonly DefaultRule[] = [
  {
    name: '退换货申请',
    conditions: { types: ['return_exchange'] },
    actions: { categoryCode: 'policy.return_exchange' },
  },
  { name: '退款申请', conditions: { types: ['refund'] }, actions: { categoryCode: 'policy.refund' } },
  {
    name: '维修申请',
    conditions: { types: ['repair'] },
    actions: { categoryCode: 'product_quality.function_failure' },
  },
  {
    name: '使用问题',
    conditions: { types: ['usage_question'] },
    actions: { categoryCode: 'usage.operation' },
  },
  {
    name: '客户建议',
    conditions: { types: ['suggestion'] },
    actions: { categoryCode: 'suggestion.improvement' },
  },
  {
    name: '配送延迟',
    conditions: { keywordsAny: ['没收到', '未收到', '还没到', '物流停滞', '配送慢', '快递慢'] },
    actions: { categoryCode: 'logistics.delay' },
  },
  {
    name: '错发漏发',
    conditions: { keywordsAny: ['发错', '错发', '漏发', '少发'] },
    actions: { categoryCode: 'logistics.wrong_item' },
  },
  {
    name: '运输破损',
    conditions: { keywordsAny: ['运输破损', '压坏', '摔坏', '外箱破损', '到货破损'] },
    actions: { categoryCode: 'logistics.transit_damage' },
  },
  {
    name: '缺件少件',
    conditions: { keywordsAny: ['缺件', '少件', '配件不全', '缺少配件'] },
    actions: { categoryCode: 'product_quality.missing_parts' },
  },
  {
    name: '外观缺陷',
    conditions: { keywordsAny: ['划痕', '掉漆', '色差', '外观'] },
    actions: { categoryCode: 'product_quality.appearance' },
  },
  {
    name: '服务态度',
    conditions: { keywordsAny: ['态度差', '态度恶劣', '不耐烦', '挂电话'] },
    actions: { categoryCode: 'service.attitude', emotion: 'dissatisfied' },
  },
  {
    name: '响应慢',
    conditions: { keywordsAny: ['没人回复', '没人理', '响应慢', '回复慢'] },
    actions: { categoryCode: 'service.slow_response', emotion: 'anxious' },
  },
  {
    name: '产品无法使用',
    conditions: { keywordsAny: ['无法使用', '完全不能用', '用不了'] },
    actions: { priority: 'P2' },
  },
  {
    name: '安全隐患',
    conditions: { keywordsAny: ['起火', '冒烟', '漏电', '爆炸', '烧焦', '触电', '安全隐患'] },
    actions: { priority: 'P1', addTags: ['安全隐患'] },
  },
  {
    name: '核心业务受影响',
    conditions: { keywordsAny: ['系统瘫痪', '无法支付', '支付失败', '全部停用'] },
    actions: { priority: 'P1', addTags: ['核心业务受影响'] },
  },
];

/** Creates the default departments and groups of R3.1 that do not exist yet (by key). */
export async function ensureDefaultGroups(db: Queryable): Promise<string[]> {
  const created: string[] = [];
  for (const group of DEFAULT_GROUPS) {
    if (await findGroupByKey(db, group.key)) continue;
    const parentId = group.parent ? ((await findGroupIdByKey(db, group.parent)) ?? null) : null;
    const id = await insertGroup(db, {
      key: group.key,
      name: group.name,
      kind: group.kind,
      description: '',
      parentId,
      leadUserId: null,
    });
    await recordAudit(db, systemActor('first-run'), {
      action: 'group.created',
      entityType: 'group',
      entityId: id,
      after: { key: group.key, name: group.name, kind: group.kind, parent: group.parent },
    });
    created.push(group.key);
  }
  return created;
}

/**
 * Installs the default category tree (mapped to the R3.1 groups that exist) when there is no category,
 * and the default priorities when there is no priority. `sampleRules` also installs `SAMPLE_RULES`
 * when there is no rule yet.
 */
export async function ensureDefaultClassification(
  db: Queryable,
  options: { sampleRules?: boolean } = {},
): Promise<void> {
  const actor = systemActor('first-run');
  if ((await countCategories(db)) === 0) {
    for (const [index, top] of DEFAULT_CATEGORIES.entries()) {
      const groupId = top.groupKey ? ((await findGroupIdByKey(db, top.groupKey)) ?? null) : null;
      const parentId = await insertCategory(db, {
        code: top.code,
        name: top.name,
        nameEn: top.nameEn,
        parentId: null,
        position: index,
        groupId,
        isActive: true,
      });
      for (const [childIndex, child] of top.children.entries()) {
        await insertCategory(db, {
          code: `${top.code}.${child.code}`,
          name: child.name,
          nameEn: child.nameEn,
          parentId,
          position: childIndex,
          groupId: null,
          isActive: true,
        });
      }
    }
    await recordAudit(db, actor, {
      action: 'category.defaults_installed',
      entityType: 'category',
      entityId: null,
      after: { codes: DEFAULT_CATEGORIES.map((category) => category.code) },
    });
  }
  if ((await listPriorities(db)).length === 0) {
    for (const priority of DEFAULT_PRIORITIES) await insertPriority(db, priority);
    await recordAudit(db, actor, {
      action: 'priority.defaults_installed',
      entityType: 'priority',
      entityId: null,
      after: { codes: DEFAULT_PRIORITIES.map((priority) => priority.code) },
    });
  }
  if (options.sampleRules && (await listRules(db)).length === 0) {
    for (const [position, rule] of SAMPLE_RULES.entries()) {
      await insertRule(db, { ...rule, position, isActive: true, stopAfterMatch: false });
    }
    await recordAudit(db, actor, {
      action: 'classification_rule.samples_installed',
      entityType: 'classification_rule',
      entityId: null,
      after: { names: SAMPLE_RULES.map((rule) => rule.name) },
    });
  }
}
