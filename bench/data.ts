/**
 * Realistic Chinese after-sales data for the benchmark: customers, purchases and ticket requests.
 * A seeded pseudo-random generator keeps every run's data set the same for the same size.
 */

export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }
  /** A number in [0, 1) (mulberry32). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '文',
  '华',
  '建国',
  '红梅',
  '志强',
  '玉兰',
  '海燕',
  '晓东',
  '雪',
  '婷婷',
  '浩然',
  '子涵',
  '欣怡',
  '宇轩',
  '思远',
  '佳琪',
  '一鸣',
  '嘉怡',
  '俊杰',
  '梓萱',
  '诗涵',
  '天宇',
];
const REGIONS = [
  '北京市 海淀区',
  '北京市 朝阳区',
  '上海市 浦东新区',
  '上海市 徐汇区',
  '广东省 广州市',
  '广东省 深圳市',
  '浙江省 杭州市',
  '浙江省 宁波市',
  '江苏省 南京市',
  '江苏省 苏州市',
  '四川省 成都市',
  '湖北省 武汉市',
  '陕西省 西安市',
  '山东省 青岛市',
  '山东省 济南市',
  '河南省 郑州市',
  '湖南省 长沙市',
  '福建省 厦门市',
  '天津市 南开区',
  '重庆市 渝北区',
  '辽宁省 沈阳市',
  '安徽省 合肥市',
  '云南省 昆明市',
  '黑龙江省 哈尔滨市',
];
const COMPANIES = [
  '科技有限公司',
  '餐饮管理有限公司',
  '酒店管理有限公司',
  '电子商务有限公司',
  '物业服务有限公司',
  '教育咨询有限公司',
  '医疗器械有限公司',
  '贸易有限公司',
];
const CITY_WORDS = [
  '恒信',
  '润禾',
  '启明星',
  '云栖',
  '华泰',
  '嘉禾',
  '鼎盛',
  '瑞丰',
  '远航',
  '新锐',
  '同创',
  '宏达',
];
const MAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'foxmail.com', 'outlook.com', 'sina.com', '139.com'];
const PHONE_PREFIXES = [
  '138',
  '139',
  '137',
  '136',
  '135',
  '150',
  '151',
  '158',
  '159',
  '186',
  '185',
  '177',
  '133',
  '189',
];

export interface CustomerSeed {
  kind: 'person' | 'company';
  name: string;
  companyName?: string;
  phone: string;
  email?: string;
  tier: 'vip' | 'regular';
  region: string;
}

/** The index makes phone numbers and e-mail addresses unique across the data set. */
export function customerSeed(random: Random, index: number): CustomerSeed {
  const name = random.pick([...SURNAMES]) + random.pick(GIVEN);
  const isCompany = random.chance(0.15);
  const phone = `${random.pick(PHONE_PREFIXES)}${String(index).padStart(8, '0')}`;
  return {
    kind: isCompany ? 'company' : 'person',
    name,
    ...(isCompany ? { companyName: `${random.pick(CITY_WORDS)}${random.pick(COMPANIES)}` } : {}),
    phone,
    ...(random.chance(0.7) ? { email: `user${index}@${random.pick(MAIL_DOMAINS)}` } : {}),
    tier: random.chance(isCompany ? 0.4 : 0.08) ? 'vip' : 'regular',
    region: random.pick(REGIONS),
  };
}

export interface StaffSeed {
  username: string;
  displayName: string;
  email: string;
}

/** A service desk employee; the index makes the user name and e-mail address unique. */
export function staffSeed(random: Random, index: number): StaffSeed {
  const username = `staff${String(index).padStart(3, '0')}`;
  return {
    username,
    displayName: random.pick([...SURNAMES]) + random.pick(GIVEN),
    email: `${username}@aftercare.example`,
  };
}

export interface ProductSeed {
  model: string;
  name: string;
  category: string;
  line: string;
  warranty: number;
  faults: readonly { title: string; description: string; type: TicketType }[];
}

type TicketType =
  | 'consultation'
  | 'usage_question'
  | 'order_question'
  | 'complaint'
  | 'suggestion'
  | 'repair'
  | 'return_exchange'
  | 'refund';

const AIRCON_FAULTS = [
  {
    title: '空调不制冷',
    description: '开机一小时室温仍在30度以上，空调制冷效果很差，出风口是热风。',
    type: 'repair',
  },
  {
    title: '空调内机漏水',
    description: '空调内机滴水，墙面和地板都湿了，怀疑排水管堵塞导致漏水。',
    type: 'repair',
  },
  { title: '空调外机噪音大', description: '外机运行时噪音很大，邻居有意见，晚上无法入睡。', type: 'repair' },
  {
    title: '空调显示E1故障代码',
    description: '遥控开机后显示E1，几分钟后自动停机，无法使用。',
    type: 'repair',
  },
  { title: '空调制热效果差', description: '冬天开制热半天房间还是冷的，制冷正常。', type: 'repair' },
  { title: '空调安装预约', description: '新买的空调想预约安装，希望周末上门。', type: 'consultation' },
] as const;
const WASHER_FAULTS = [
  {
    title: '洗衣机底部漏水',
    description: '滚筒洗衣机洗涤时底部漏水，地面有积水，进水管接口正常。',
    type: 'repair',
  },
  {
    title: '洗衣机脱水时震动大',
    description: '脱水时整机剧烈晃动并发出很大的噪音，已调平底脚。',
    type: 'repair',
  },
  { title: '洗衣机不排水', description: '洗完后桶里一直有水，排水泵没有声音，显示E21。', type: 'repair' },
  {
    title: '洗衣机有异味',
    description: '洗过的衣服有一股霉味，想了解如何清洁滚筒。',
    type: 'usage_question',
  },
] as const;
const FRIDGE_FAULTS = [
  {
    title: '冰箱冷藏室结霜严重',
    description: '冷藏室后壁结霜很厚，蔬菜被冻坏，制冷忽强忽弱。',
    type: 'repair',
  },
  { title: '冰箱不制冷', description: '冷冻室温度上不去，食物都化了，压缩机一直在响。', type: 'repair' },
  { title: '冰箱门封条漏气', description: '门关不严，门封条有缝隙，耗电明显增加。', type: 'repair' },
  {
    title: '冰箱到货破损',
    description: '冰箱到货时外箱破损，侧面有明显凹陷和划痕，要求退货。',
    type: 'return_exchange',
  },
] as const;
const ROBOT_FAULTS = [
  {
    title: '扫地机器人APP连不上',
    description: '扫地机器人无法连接手机APP，配网一直失败。',
    type: 'usage_question',
  },
  { title: '扫地机器人发错颜色', description: '下单白色，收到黑色，要求换货。', type: 'return_exchange' },
  { title: '扫地机器人不回充', description: '清扫完成后找不到充电座，经常停在半路没电。', type: 'repair' },
  {
    title: '扫地机器人申请退货',
    description: '七天无理由退货，机器未使用，包装完好，申请退货退款。',
    type: 'refund',
  },
] as const;
const PURIFIER_FAULTS = [
  {
    title: '净水器滤芯多久更换',
    description: '想了解净水器滤芯多久更换一次，如何复位提醒。',
    type: 'usage_question',
  },
  { title: '净水器漏水', description: '净水器下方接头漏水，橱柜里都是水，已经关闭进水阀。', type: 'repair' },
  { title: '净水器出水有异味', description: '新装的净水器出水有塑料味，放水十分钟仍然有。', type: 'repair' },
] as const;
const GENERAL = [
  {
    title: '快递三天没收到',
    description: '订单显示已发货三天，物流停滞在中转站，客户着急使用。',
    type: 'order_question',
  },
  {
    title: '发票抬头开错了',
    description: '需要重新开具增值税专用发票，抬头和税号有误。',
    type: 'consultation',
  },
  {
    title: '投诉安装师傅态度恶劣',
    description: '安装师傅迟到两小时还态度恶劣，客户表示要向12315投诉。',
    type: 'complaint',
  },
  {
    title: '客服回复慢',
    description: '提交工单两天没人回复，电话也打不通，客户非常不满意。',
    type: 'complaint',
  },
  {
    title: '建议增加夜间静音模式',
    description: '希望产品增加夜间静音模式，并能在APP中定时。',
    type: 'suggestion',
  },
  { title: '申请退货退款', description: '商品与描述不符，申请退货退款，已寄回。', type: 'refund' },
  {
    title: '保修期咨询',
    description: '想确认产品的保修期限以及保修需要提供哪些凭证。',
    type: 'consultation',
  },
] as const;

export const BENCH_PRODUCTS: readonly ProductSeed[] = [
  {
    model: 'KFR-35GW/BP3',
    name: '变频挂壁式空调 1.5匹',
    category: '空调',
    line: '家用空调',
    warranty: 72,
    faults: AIRCON_FAULTS,
  },
  {
    model: 'KFR-72LW/BP2',
    name: '变频立柜式空调 3匹',
    category: '空调',
    line: '家用空调',
    warranty: 72,
    faults: AIRCON_FAULTS,
  },
  {
    model: 'KFR-26GW/N1',
    name: '新一级能效挂机 1匹',
    category: '空调',
    line: '家用空调',
    warranty: 72,
    faults: AIRCON_FAULTS,
  },
  {
    model: 'XQG100-DD12',
    name: '滚筒洗衣机 10公斤',
    category: '洗衣机',
    line: '洗护',
    warranty: 36,
    faults: WASHER_FAULTS,
  },
  {
    model: 'XQB80-M21',
    name: '波轮洗衣机 8公斤',
    category: '洗衣机',
    line: '洗护',
    warranty: 36,
    faults: WASHER_FAULTS,
  },
  {
    model: 'BCD-520WP',
    name: '对开门冰箱 520升',
    category: '冰箱',
    line: '冰箱',
    warranty: 36,
    faults: FRIDGE_FAULTS,
  },
  {
    model: 'BCD-336T',
    name: '三门冰箱 336升',
    category: '冰箱',
    line: '冰箱',
    warranty: 36,
    faults: FRIDGE_FAULTS,
  },
  {
    model: 'RV-S9 Pro',
    name: '扫地机器人 S9 Pro',
    category: '清洁电器',
    line: '智能小家电',
    warranty: 12,
    faults: ROBOT_FAULTS,
  },
  {
    model: 'RO-800G',
    name: '反渗透净水器 800G',
    category: '净水器',
    line: '厨卫',
    warranty: 24,
    faults: PURIFIER_FAULTS,
  },
  {
    model: 'RO-600G',
    name: '反渗透净水器 600G',
    category: '净水器',
    line: '厨卫',
    warranty: 24,
    faults: PURIFIER_FAULTS,
  },
];

const CHANNELS = [
  'phone',
  'phone',
  'phone',
  'email',
  'portal',
  'portal',
  'api',
  'webhook',
  'walk_in',
] as const;
const PURCHASE_CHANNELS = ['京东', '天猫', '官方商城', '线下门店', '拼多多', '苏宁'];

export interface PurchaseSeed {
  productModel: string;
  orderNumber: string;
  channel: string;
  purchasedOn: string;
  serialNumber: string;
}

export function purchaseSeed(random: Random, index: number, before: Date): PurchaseSeed {
  const product = random.pick(BENCH_PRODUCTS);
  const purchased = new Date(before.getTime() - random.int(5, 900) * 86_400_000);
  const channel = random.pick(PURCHASE_CHANNELS);
  const prefix = channel === '京东' ? 'JD' : channel === '天猫' ? 'TM' : 'OD';
  return {
    productModel: product.model,
    orderNumber: `${prefix}${purchased.toISOString().slice(0, 10).replaceAll('-', '')}${String(index).padStart(7, '0')}`,
    channel,
    purchasedOn: purchased.toISOString().slice(0, 10),
    serialNumber: `${product.model.replace(/[^A-Z0-9]/g, '').slice(0, 6)}-${String(index).padStart(8, '0')}`,
  };
}

const EXTRA_DETAILS = [
  '客户希望尽快处理。',
  '客户表示已经是第二次反映这个问题。',
  '请安排工程师上门检测。',
  '客户周末在家，工作日晚上七点后方便联系。',
  '客户很着急，家里有老人和小孩。',
  '已指导客户重启设备，问题依旧。',
  '',
];

export interface TicketSeed {
  title: string;
  description: string;
  type: TicketType;
  channel: (typeof CHANNELS)[number];
  productModel: string | null;
}

/** A ticket's words; the product's fault list when the customer bought something. */
export function ticketSeed(random: Random, productModel: string | null): TicketSeed {
  const product = productModel
    ? BENCH_PRODUCTS.find((candidate) => candidate.model === productModel)
    : undefined;
  const fault = product && random.chance(0.8) ? random.pick(product.faults) : random.pick(GENERAL);
  return {
    title: fault.title,
    description: `${fault.description}${random.pick(EXTRA_DETAILS)}`,
    type: fault.type,
    channel: random.pick(CHANNELS),
    productModel: product?.model ?? null,
  };
}

export const REPLIES = [
  '您好，已收到您的反馈，我们会尽快安排处理。',
  '已安排工程师明天上午上门检测，请保持电话畅通。',
  '请拍一张故障位置的照片发给我们，方便判断原因。',
  '已为您登记退货申请，快递员将在两天内上门取件。',
  '经检测为配件老化，已免费更换，请您试用。',
];
export const CUSTOMER_REPLIES = [
  '好的，谢谢。',
  '师傅几点能到？',
  '照片已经发过去了。',
  '问题还是没有解决。',
];
export const RESOLUTIONS = [
  '已上门维修，现场测试正常。',
  '已更换配件，故障排除。',
  '已办理退货退款，款项将在3个工作日内退回。',
  '已远程指导客户完成设置，可以正常使用。',
  '已补发正确商品，客户确认收到。',
];

/** What a few customers write under "anything else we can help you with?" in the survey: a new ticket. */
export const NEW_NEEDS = [
  '想再买一台同款空调，请联系我。',
  '滤芯在哪里可以买到？',
  '家里另一台洗衣机也需要安装，请安排师傅。',
  '请把电子发票发到我的邮箱。',
  '冰箱的延保怎么购买？',
];

/** Words for the search measurement: faults, products and actions customers write about. */
export const SEARCH_WORDS = [
  '制冷',
  '漏水',
  '退货',
  '噪音',
  '结霜',
  '洗衣机 漏水',
  '发票',
  '滤芯',
  '安装',
  '快递',
];
