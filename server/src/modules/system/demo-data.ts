import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { systemActor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { hashPassword } from '../auth/passwords.js';
import { ensureDefaultClassification } from '../classification/classification.service.js';
import { findGroupByKey, insertGroup, setGroupMembers } from '../groups/groups.repository.js';
import { findRoleByKey } from '../roles/roles.repository.js';
import { insertUser } from '../users/users.repository.js';
import { DEMO_PORTAL_EMAIL } from './demo-surveys.js';
import { seedDemoTickets } from './demo-tickets.js';

const DEMO_SETTING = 'demo_data_loaded_at';

/** Departments and groups following SPEC R3.1's routing targets. */
const ORGANISATION = [
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
] as const;

type GroupKey = (typeof ORGANISATION)[number]['key'];

const STAFF: { username: string; name: string; role: string; groups: GroupKey[]; leads?: GroupKey[] }[] = [
  {
    username: 'zhaomin',
    name: '赵敏',
    role: 'supervisor',
    groups: ['cs_supervisors', 'frontline'],
    leads: ['customer_service', 'cs_supervisors', 'frontline'],
  },
  { username: 'liqian', name: '李倩', role: 'agent', groups: ['frontline'] },
  {
    username: 'wangfang',
    name: '王芳',
    role: 'agent',
    groups: ['frontline', 'after_sales_specialists'],
    leads: ['after_sales_specialists'],
  },
  {
    username: 'chenjie',
    name: '陈杰',
    role: 'engineer',
    groups: ['after_sales_engineering'],
    leads: ['after_sales_tech', 'after_sales_engineering'],
  },
  {
    username: 'linyu',
    name: '林宇',
    role: 'engineer',
    groups: ['training_product_ops'],
    leads: ['training_product_ops'],
  },
  {
    username: 'sunhao',
    name: '孙浩',
    role: 'technician',
    groups: ['field_service'],
    leads: ['field_service'],
  },
  {
    username: 'zhouqiang',
    name: '周强',
    role: 'logistics',
    groups: ['warehouse_logistics'],
    leads: ['logistics', 'warehouse_logistics'],
  },
  {
    username: 'wuli',
    name: '吴丽',
    role: 'finance',
    groups: ['finance_refunds'],
    leads: ['finance', 'finance_refunds'],
  },
  {
    username: 'zhenglei',
    name: '郑磊',
    role: 'quality',
    groups: ['quality_control', 'product_planning'],
    leads: ['quality', 'quality_control', 'product', 'product_planning'],
  },
  { username: 'fengzong', name: '冯建国', role: 'viewer', groups: [] },
];

const CUSTOMERS = [
  {
    kind: 'company',
    name: '刘洋',
    company: '北京恒信科技有限公司',
    phone: '13801234567',
    email: 'liuyang@hengxin-tech.cn',
    tier: 'vip',
    region: '北京市 海淀区',
  },
  {
    kind: 'company',
    name: '黄静',
    company: '上海润禾餐饮管理有限公司',
    phone: '13916678820',
    email: 'huangjing@runhe-food.com',
    tier: 'vip',
    region: '上海市 徐汇区',
  },
  {
    kind: 'company',
    name: '马超',
    company: '深圳市启明星电子商务有限公司',
    phone: '13534459012',
    email: 'machao@qimingxing.shop',
    tier: 'regular',
    region: '广东省 深圳市',
  },
  {
    kind: 'company',
    name: '徐蕾',
    company: '杭州云栖酒店管理有限公司',
    phone: '13757102233',
    email: 'xulei@yunqi-hotel.cn',
    tier: 'vip',
    region: '浙江省 杭州市',
  },
  {
    kind: 'person',
    name: '张伟',
    company: null,
    phone: '13812345678',
    email: 'zhangwei88@163.com',
    tier: 'regular',
    region: '江苏省 南京市',
  },
  {
    kind: 'person',
    name: '王秀英',
    company: null,
    phone: '13698765432',
    email: 'wangxiuying@qq.com',
    tier: 'regular',
    region: '四川省 成都市',
  },
  {
    kind: 'person',
    name: '李娜',
    company: null,
    phone: '15011223344',
    email: 'lina.home@126.com',
    tier: 'vip',
    region: '北京市 朝阳区',
  },
  {
    kind: 'person',
    name: '刘强',
    company: null,
    phone: '18620001111',
    email: 'liuqiang@foxmail.com',
    tier: 'regular',
    region: '广东省 广州市',
  },
  {
    kind: 'person',
    name: '陈静',
    company: null,
    phone: '13307551234',
    email: 'chenjing2020@163.com',
    tier: 'regular',
    region: '湖北省 武汉市',
  },
  {
    kind: 'person',
    name: '杨帆',
    company: null,
    phone: '17788889999',
    email: 'yangfan@outlook.com',
    tier: 'regular',
    region: '陕西省 西安市',
  },
  {
    kind: 'person',
    name: '赵丽',
    company: null,
    phone: '15900001234',
    email: 'zhaoli@qq.com',
    tier: 'regular',
    region: '山东省 青岛市',
  },
  {
    kind: 'person',
    name: '周杰',
    company: null,
    phone: '13588776655',
    email: 'zhoujie@139.com',
    tier: 'vip',
    region: '浙江省 宁波市',
  },
] as const;

const PRODUCTS = [
  {
    model: 'KFR-35GW/BP3',
    name: '变频挂壁式空调 1.5匹',
    category: '空调',
    line: '家用空调',
    warranty: 72,
    batches: ['B2406A', 'B2409C', 'B2503A'],
  },
  {
    model: 'KFR-72LW/BP2',
    name: '变频立柜式空调 3匹',
    category: '空调',
    line: '家用空调',
    warranty: 72,
    batches: ['L2405B', 'L2502A'],
  },
  {
    model: 'XQG100-DD12',
    name: '滚筒洗衣机 10公斤',
    category: '洗衣机',
    line: '洗护',
    warranty: 36,
    batches: ['W2407A', 'W2501B'],
  },
  {
    model: 'BCD-520WP',
    name: '对开门冰箱 520升',
    category: '冰箱',
    line: '冰箱',
    warranty: 36,
    batches: ['R2404A', 'R2410A'],
  },
  {
    model: 'RV-S9 Pro',
    name: '扫地机器人 S9 Pro',
    category: '清洁电器',
    line: '智能小家电',
    warranty: 12,
    batches: ['S2408A', 'S2411B', 'S2502C'],
  },
  {
    model: 'RO-800G',
    name: '反渗透净水器 800G',
    category: '净水器',
    line: '厨卫',
    warranty: 24,
    batches: ['P2406A', 'P2412A'],
  },
] as const;

export interface DemoSummary {
  alreadyLoaded: boolean;
  description: string;
  staffPassword?: string;
}

async function isLoaded(db: Queryable): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM settings WHERE key = $1', [DEMO_SETTING]);
  return rows.length > 0;
}

/** Loads the demo data once: organisation, staff, customers, products, sample rules, then tickets in every status. */
export async function seedDemoData(ctx: AppContext): Promise<DemoSummary> {
  const summary = await seedDemoReferenceData(ctx);
  if (summary.alreadyLoaded) return summary;
  const tickets = await seedDemoTickets(ctx);
  await withholdDemoCustomerMessages(ctx.db);
  const portal = ctx.config.smtpUrl
    ? 'the sign-in code is e-mailed to that address'
    : 'the sign-in code goes out by e-mail only, so set SMTP_URL first (without it the message is marked skipped and the code is shown nowhere)';
  return {
    ...summary,
    description: `${summary.description}, ${tickets} tickets with satisfaction surveys and follow-ups. Customer portal: /portal, sign in as ${DEMO_PORTAL_EMAIL}; ${portal}`,
  };
}

/**
 * The demo customers' addresses look real, so the acknowledgements, surveys and reminders the demo history
 * queued for them are marked skipped instead of being sent when a server with SMTP or SMS starts.
 * Messages queued later (a portal sign-in code, a reply from someone trying the demo) go out as usual.
 */
async function withholdDemoCustomerMessages(db: Queryable): Promise<void> {
  const recipients: string[] = CUSTOMERS.flatMap((customer) => [customer.email, customer.phone]);
  await db.query(
    `UPDATE notifications SET status = 'skipped', last_error = 'demo data: not delivered'
      WHERE status = 'pending' AND channel IN ('email', 'sms') AND recipient = ANY($1::text[])`,
    [recipients],
  );
}

async function seedDemoReferenceData(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<DemoSummary> {
  const staffPassword = `demo-${randomBytes(6).toString('base64url')}`;
  const passwordHash = await hashPassword(staffPassword);
  return ctx.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727003)');
    if (await isLoaded(tx)) return { alreadyLoaded: true, description: '' };
    const groupIds = new Map<string, string>();
    for (const group of ORGANISATION) {
      // The default organisation may already exist from the first run; reuse it.
      const existing = await findGroupByKey(tx, group.key);
      const id =
        existing?.id ??
        (await insertGroup(tx, {
          key: group.key,
          name: group.name,
          kind: group.kind,
          description: '',
          parentId: group.parent ? groupIds.get(group.parent)! : null,
          leadUserId: null,
        }));
      groupIds.set(group.key, id);
    }
    const members = new Map<string, string[]>();
    for (const person of STAFF) {
      const role = await findRoleByKey(tx, person.role);
      const id = await insertUser(tx, {
        username: person.username,
        displayName: person.name,
        email: `${person.username}@aftercare.example`,
        phone: null,
        passwordHash,
        roleId: role!.id,
        locale: 'zh-CN',
      });
      for (const group of person.groups) members.set(group, [...(members.get(group) ?? []), id]);
      for (const group of person.leads ?? []) {
        await tx.query('UPDATE groups SET lead_user_id = $2 WHERE id = $1', [groupIds.get(group), id]);
      }
    }
    for (const [group, userIds] of members) await setGroupMembers(tx, groupIds.get(group)!, userIds);

    for (const [index, customer] of CUSTOMERS.entries()) {
      await tx.query(
        `INSERT INTO customers (customer_number, kind, name, company_name, phone, email, tier, region)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          `C${String(index + 1).padStart(6, '0')}`,
          customer.kind,
          customer.name,
          customer.company,
          customer.phone,
          customer.email,
          customer.tier,
          customer.region,
        ],
      );
    }
    for (const product of PRODUCTS) {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO products (model, name, category, product_line, warranty_months) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [product.model, product.name, product.category, product.line, product.warranty],
      );
      for (const batch of product.batches) {
        const manufacturedOn = `20${batch.slice(1, 3)}-${batch.slice(3, 5)}-01`;
        await tx.query(
          'INSERT INTO product_batches (product_id, batch_number, manufactured_on, quantity) VALUES ($1, $2, $3, $4)',
          [rows[0]!.id, batch, manufacturedOn, 2000],
        );
      }
    }
    await ensureDefaultClassification(tx, { sampleRules: true });
    const description = `${ORGANISATION.length} departments and groups, ${STAFF.length} staff users, ${CUSTOMERS.length} customers, ${PRODUCTS.length} products`;
    await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2)', [
      DEMO_SETTING,
      JSON.stringify(ctx.clock.now().toISOString()),
    ]);
    await recordAudit(tx, systemActor('demo-data'), {
      action: 'demo_data.loaded',
      entityType: 'system',
      entityId: null,
      after: { description },
    });
    return { alreadyLoaded: false, description, staffPassword };
  });
}
