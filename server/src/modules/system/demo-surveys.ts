import { ManualClock } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { zoneOffset } from '../calendars/business-time.js';
import { findGroupByKey } from '../groups/groups.repository.js';
import { confirmFromPortal, type PortalClient, submitTicket } from '../portal/portal.service.js';
import { loadSurveySettings } from '../surveys/settings.js';
import {
  answerPublicSurvey,
  findSurveyLinkForTicket,
  listFollowUps,
  sweepSurveys,
  updateFollowUp,
} from '../surveys/surveys.service.js';
import type { Caller } from '../tickets/access.js';
import { createTicket } from '../tickets/intake.service.js';
import { decidePlan, proposePlan } from '../tickets/plans.service.js';
import { findTicketView } from '../tickets/tickets.repository.js';
import type { CreateTicketInput } from '../tickets/tickets.schema.js';
import {
  acceptTicket,
  addMessage,
  assignTicket,
  closeTicket,
  getTicketDetail,
  resolveTicket,
} from '../tickets/tickets.service.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The demo customer whose address opens the portal with its tickets, closed and open. */
export const DEMO_PORTAL_EMAIL = 'zhoujie@139.com';

const CONTACTS = {
  刘洋: { phone: '13801234567', email: 'liuyang@hengxin-tech.cn', tier: 'vip', region: '北京市 海淀区' },
  黄静: { phone: '13916678820', email: 'huangjing@runhe-food.com', tier: 'vip', region: '上海市 徐汇区' },
  马超: { phone: '13534459012', email: 'machao@qimingxing.shop', tier: 'regular', region: '广东省 深圳市' },
  徐蕾: { phone: '13757102233', email: 'xulei@yunqi-hotel.cn', tier: 'vip', region: '浙江省 杭州市' },
  张伟: { phone: '13812345678', email: 'zhangwei88@163.com', tier: 'regular', region: '江苏省 南京市' },
  王秀英: { phone: '13698765432', email: 'wangxiuying@qq.com', tier: 'regular', region: '四川省 成都市' },
  李娜: { phone: '15011223344', email: 'lina.home@126.com', tier: 'vip', region: '北京市 朝阳区' },
  刘强: { phone: '18620001111', email: 'liuqiang@foxmail.com', tier: 'regular', region: '广东省 广州市' },
  陈静: { phone: '13307551234', email: 'chenjing2020@163.com', tier: 'regular', region: '湖北省 武汉市' },
  杨帆: { phone: '17788889999', email: 'yangfan@outlook.com', tier: 'regular', region: '陕西省 西安市' },
  赵丽: { phone: '15900001234', email: 'zhaoli@qq.com', tier: 'regular', region: '山东省 青岛市' },
  周杰: { phone: '13588776655', email: DEMO_PORTAL_EMAIL, tier: 'vip', region: '浙江省 宁波市' },
} as const;
type ContactName = keyof typeof CONTACTS;

type GroupKey =
  | 'frontline'
  | 'after_sales_specialists'
  | 'after_sales_engineering'
  | 'field_service'
  | 'warehouse_logistics'
  | 'finance_refunds'
  | 'training_product_ops'
  | 'quality_control';

/** Speed, result, professionalism, overall — the four score questions of the default survey, 1–5. */
type Scores = [number, number, number, number];

interface FollowUpDone {
  afterHours: number;
  by: string;
  causeTags: string[];
  remedyType: 'apology' | 'coupon' | 'cash' | 'free_repair' | 'replacement' | 'gift';
  remedyAmount?: number;
  note: string;
}

interface ClosedCase {
  /** Intake: that many days ago at `hour` local time, or exactly `hoursAgo` before now. */
  daysAgo?: number;
  hour?: number;
  hoursAgo?: number;
  customer: ContactName;
  title: string;
  description: string;
  type: CreateTicketInput['type'];
  category: string;
  channel?: CreateTicketInput['channel'];
  product?: { model: string; serial?: string };
  group: GroupKey;
  owner: string;
  reply?: string;
  resolveAfterHours: number;
  resolution: string;
  closeAfterHours: number;
  overdueReason?: string;
  /** Hours after the invitation the customer answered; absent: never answered. */
  answer?: {
    afterHours: number;
    scores: Scores;
    suggestions?: string;
    otherNeeds?: string;
    followUp?: FollowUpDone;
  };
}

/**
 * Six months of closed tickets and their surveys, in the order they happened: mostly satisfied
 * customers, a few lukewarm and unhappy ones whose follow-ups the leads worked (two still open), some
 * invitations never answered (one expired), and a new need raised in a survey.
 */
const CLOSED: ClosedCase[] = [
  {
    daysAgo: 178,
    hour: 10,
    customer: '刘洋',
    title: '会议室空调遥控失灵',
    description: '会议室挂机遥控器按键无反应，换电池后仍无法开机。',
    type: 'repair',
    category: 'product_quality.function_failure',
    product: { model: 'KFR-35GW/BP3', serial: 'AC35-2406A-00093' },
    group: 'after_sales_engineering',
    owner: 'chenjie',
    reply: '刘先生您好，请先尝试机身应急开关，我们同步寄送新遥控器。',
    resolveAfterHours: 26,
    resolution: '已顺丰寄出新遥控器并远程指导配对，客户确认可正常使用。',
    closeAfterHours: 50,
    answer: { afterHours: 2, scores: [5, 5, 5, 5], suggestions: '处理很快，寄件也很及时。' },
  },
  {
    daysAgo: 171,
    hour: 14,
    customer: '王秀英',
    title: '洗衣机门打不开',
    description: '洗完衣服后门锁一直锁着打不开，衣服取不出来。',
    type: 'usage_question',
    category: 'usage.operation',
    product: { model: 'XQG100-DD12', serial: 'WM100-2407A-00411' },
    group: 'training_product_ops',
    owner: 'linyu',
    resolveAfterHours: 1.5,
    resolution: '门锁为排水未完成的保护，指导客户执行单脱水后门锁自动解除。',
    closeAfterHours: 4,
    answer: { afterHours: 5, scores: [5, 5, 4, 5] },
  },
  {
    daysAgo: 165,
    hour: 11,
    customer: '马超',
    title: '冰箱到货门体凹陷',
    description: '新到的对开门冰箱右门有明显凹陷，外箱也有破损，要求换货。',
    type: 'return_exchange',
    category: 'logistics.transit_damage',
    product: { model: 'BCD-520WP', serial: 'RF520-2404A-01876' },
    group: 'warehouse_logistics',
    owner: 'zhouqiang',
    reply: '马先生您好，已为您登记换货，请保留外包装，物流将上门取件。',
    resolveAfterHours: 75,
    resolution: '已上门取回破损冰箱，新机送达并安装完成。',
    closeAfterHours: 98,
    overdueReason: 'third_party',
    answer: {
      afterHours: 20,
      scores: [2, 4, 3, 3],
      suggestions: '换货前后等了四天，希望加快物流。',
      followUp: {
        afterHours: 18,
        by: 'zhouqiang',
        causeTags: ['响应慢', '流程繁琐'],
        remedyType: 'coupon',
        remedyAmount: 50,
        note: '回访马先生，说明承运商周末不取件导致延误，赠送 50 元优惠券；已要求承运商加开周末班次。',
      },
    },
  },
  {
    daysAgo: 158,
    hour: 9.5,
    customer: '杨帆',
    title: '净水器出水有异味',
    description: '净水器出水有塑料味，已经冲洗半小时仍然存在。',
    type: 'repair',
    category: 'product_quality.performance',
    product: { model: 'RO-800G', serial: 'RO800-2406A-00552' },
    group: 'field_service',
    owner: 'sunhao',
    reply: '杨先生您好，已安排师傅明天上午上门检查滤芯。',
    resolveAfterHours: 25,
    resolution: '更换前置活性炭滤芯并冲洗管路，异味消除。',
    closeAfterHours: 30,
    answer: { afterHours: 3, scores: [4, 5, 5, 5], suggestions: '师傅很专业，顺便讲了滤芯保养。' },
  },
  {
    daysAgo: 150,
    hour: 15,
    customer: '周杰',
    title: '扫地机器人不回充',
    description: '扫地机器人清扫结束后找不到充电座，经常停在客厅。',
    type: 'usage_question',
    category: 'usage.operation',
    product: { model: 'RV-S9 Pro', serial: 'RV9-2408A-02217' },
    group: 'training_product_ops',
    owner: 'linyu',
    resolveAfterHours: 2,
    resolution: '充电座两侧需各留 0.5 米空间，调整位置并重建地图后回充正常。',
    closeAfterHours: 24,
    answer: { afterHours: 6, scores: [5, 5, 5, 5] },
  },
  {
    daysAgo: 144,
    hour: 10.5,
    customer: '徐蕾',
    title: '酒店客房空调批量报修',
    description: '酒店 6 间客房的挂机制热效果差，需要安排批量检修。',
    type: 'repair',
    category: 'product_quality.performance',
    product: { model: 'KFR-35GW/BP3' },
    group: 'after_sales_engineering',
    owner: 'chenjie',
    reply: '徐经理您好，已安排两名工程师后天到店集中检修。',
    resolveAfterHours: 54,
    resolution: '6 台室外机清洗冷凝器、补充冷媒，制热恢复正常。',
    closeAfterHours: 72,
    overdueReason: 'parts_shortage',
    answer: {
      afterHours: 4,
      scores: [4, 5, 5, 4],
      suggestions: '希望批量报修能有专属对接人。',
    },
  },
  {
    daysAgo: 137,
    hour: 13.5,
    customer: '赵丽',
    title: '申请退款：重复扣款',
    description: '同一订单被扣款两次，要求退还多扣的 2,699 元。',
    type: 'refund',
    category: 'policy.refund',
    group: 'finance_refunds',
    owner: 'wuli',
    reply: '赵女士您好，已核实重复扣款，退款将原路退回。',
    resolveAfterHours: 6,
    resolution: '已原路退回 2,699 元，预计 1–3 个工作日到账。',
    closeAfterHours: 48,
    answer: { afterHours: 8, scores: [5, 5, 5, 5], suggestions: '财务处理很快，点赞。' },
  },
  {
    daysAgo: 131,
    hour: 16,
    customer: '张伟',
    title: '洗衣机脱水震动大',
    description: '洗衣机脱水时整机晃动，声音很大。',
    type: 'repair',
    category: 'product_quality.function_failure',
    product: { model: 'XQG100-DD12', serial: 'WM100-2407A-00978' },
    group: 'field_service',
    owner: 'sunhao',
    resolveAfterHours: 22,
    resolution: '拆除遗留的运输螺栓并调平底脚，脱水平稳。',
    closeAfterHours: 26,
    answer: { afterHours: 1, scores: [5, 4, 4, 4] },
  },
  {
    daysAgo: 124,
    hour: 10,
    customer: '李娜',
    title: '立柜空调安装预约',
    description: '新购 3 匹立柜空调，预约周末上门安装。',
    type: 'consultation',
    category: 'usage.feature',
    product: { model: 'KFR-72LW/BP2', serial: 'AC72-2405B-01102' },
    group: 'frontline',
    owner: 'liqian',
    resolveAfterHours: 3,
    resolution: '已预约周六上午安装，师傅提前一小时电话联系。',
    closeAfterHours: 70,
    answer: { afterHours: 3, scores: [5, 5, 5, 5] },
  },
  {
    daysAgo: 118,
    hour: 9,
    customer: '陈静',
    title: '扫地机器人边刷脱落',
    description: '使用一个月边刷就掉了，卡扣断裂。',
    type: 'return_exchange',
    category: 'product_quality.appearance',
    product: { model: 'RV-S9 Pro', serial: 'RV9-2408A-03380' },
    group: 'after_sales_specialists',
    owner: 'wangfang',
    resolveAfterHours: 4,
    resolution: '免费补寄两套边刷组件，已发货。',
    closeAfterHours: 70,
    answer: {
      afterHours: 30,
      scores: [4, 3, 4, 3],
      suggestions: '配件质量要提高，一个月就坏了。',
      followUp: {
        afterHours: 20,
        by: 'wangfang',
        causeTags: ['产品质量'],
        remedyType: 'replacement',
        note: '致电陈女士说明已反馈质量部排查卡扣批次，补寄的新版边刷已加固；客户接受。',
      },
    },
  },
  {
    daysAgo: 110,
    hour: 14.5,
    customer: '黄静',
    title: '餐厅后厨冰箱不制冷',
    description: '后厨对开门冰箱冷藏室温度 15 度，食材存放困难，急需处理。',
    type: 'repair',
    category: 'product_quality.function_failure',
    product: { model: 'BCD-520WP', serial: 'RF520-2404A-00217' },
    group: 'after_sales_engineering',
    owner: 'chenjie',
    reply: '黄经理您好，工程师今天下午到店。',
    resolveAfterHours: 5,
    resolution: '温控板故障，现场更换后冷藏室降至 4 度。',
    closeAfterHours: 22,
    answer: { afterHours: 2, scores: [5, 5, 5, 5], suggestions: '当天就修好了，非常感谢！' },
  },
  {
    daysAgo: 103,
    hour: 11,
    customer: '刘强',
    title: '净水器滤芯订单未发货',
    description: '一周前下单的滤芯套装还没发货。',
    type: 'order_question',
    category: 'logistics.delay',
    product: { model: 'RO-800G' },
    group: 'warehouse_logistics',
    owner: 'zhouqiang',
    resolveAfterHours: 5,
    resolution: '仓库漏单，已加急发出并提供运单号。',
    closeAfterHours: 52,
    answer: {
      afterHours: 6,
      scores: [3, 4, 4, 4],
      followUp: {
        afterHours: 24,
        by: 'zhouqiang',
        causeTags: ['响应慢'],
        remedyType: 'gift',
        note: '回访致歉，随单赠送 PP 棉滤芯一支；仓库已增加订单日清核对。',
      },
    },
  },
  {
    daysAgo: 97,
    hour: 10,
    customer: '周杰',
    title: '空调开机后外机不转',
    description: '挂机开机后室内机出风但不制冷，外机风扇不转。',
    type: 'repair',
    category: 'product_quality.function_failure',
    product: { model: 'KFR-35GW/BP3', serial: 'AC35-2409C-00468' },
    group: 'field_service',
    owner: 'sunhao',
    reply: '周先生您好，师傅明天上午 10 点前上门。',
    resolveAfterHours: 24,
    resolution: '外机启动电容损坏，已在保修内免费更换。',
    closeAfterHours: 28,
    answer: { afterHours: 4, scores: [5, 5, 5, 5], suggestions: '师傅准时，讲解清楚。' },
  },
  {
    daysAgo: 90,
    hour: 15.5,
    customer: '王秀英',
    title: '冰箱噪音像水流声',
    description: '冰箱夜里有流水声，担心是漏了。',
    type: 'usage_question',
    category: 'usage.feature',
    product: { model: 'BCD-520WP' },
    group: 'frontline',
    owner: 'liqian',
    resolveAfterHours: 1,
    resolution: '为制冷剂循环的正常声音，无需维修。',
    closeAfterHours: 3,
    answer: { afterHours: 10, scores: [5, 4, 5, 4] },
  },
  {
    daysAgo: 84,
    hour: 9.5,
    customer: '刘洋',
    title: '办公室空调漏水',
    description: '室内机滴水，打湿了下方的文件柜。',
    type: 'repair',
    category: 'product_quality.function_failure',
    product: { model: 'KFR-35GW/BP3', serial: 'AC35-2406A-00117' },
    group: 'field_service',
    owner: 'sunhao',
    resolveAfterHours: 78,
    resolution: '排水管坡度不足导致倒灌，重新走管并加装保温。',
    closeAfterHours: 80,
    overdueReason: 'customer_unreachable',
    answer: {
      afterHours: 2,
      scores: [1, 3, 2, 1],
      suggestions: '约了两次师傅都没来，文件都湿了，非常失望。',
      followUp: {
        afterHours: 6,
        by: 'zhaomin',
        causeTags: ['响应慢', '服务态度'],
        remedyType: 'free_repair',
        note: '主管上门致歉，免费清洗全部 4 台办公室空调；对失约的网点师傅通报批评。',
      },
    },
  },
  {
    daysAgo: 77,
    hour: 14,
    customer: '杨帆',
    title: '想加购一台净水器给父母',
    description: '咨询老人家使用的净水器型号和安装条件。',
    type: 'consultation',
    category: 'usage.feature',
    group: 'frontline',
    owner: 'wangfang',
    resolveAfterHours: 1,
    resolution: '推荐 RO-800G 并说明需要厨下 30 厘米空间和独立插座。',
    closeAfterHours: 2,
    answer: { afterHours: 20, scores: [5, 5, 5, 5] },
  },
  {
    daysAgo: 70,
    hour: 10,
    customer: '赵丽',
    title: '扫地机器人建图错乱',
    description: '新搬家后机器人地图一直是旧房子的，无法分区。',
    type: 'usage_question',
    category: 'usage.operation',
    product: { model: 'RV-S9 Pro', serial: 'RV9-2411B-00315' },
    group: 'training_product_ops',
    owner: 'linyu',
    resolveAfterHours: 2,
    resolution: '指导在 APP 中删除旧地图并重新快速建图。',
    closeAfterHours: 26,
    answer: { afterHours: 3, scores: [4, 4, 4, 4], suggestions: 'APP 里这个功能藏得太深了。' },
  },
  {
    daysAgo: 64,
    hour: 11.5,
    customer: '马超',
    title: '网店批量退货的退款进度',
    description: '上月退回的 12 台扫地机器人，退款还没到账。',
    type: 'refund',
    category: 'policy.refund',
    group: 'finance_refunds',
    owner: 'wuli',
    reply: '马总您好，退货已入库质检，退款今天提交。',
    resolveAfterHours: 28,
    resolution: '12 台退款共 29,988 元已打款至对公账户。',
    closeAfterHours: 50,
    answer: { afterHours: 5, scores: [4, 5, 4, 4] },
  },
  {
    daysAgo: 58,
    hour: 16,
    customer: '李娜',
    title: '洗衣机烘干有焦味',
    description: '烘干时闻到焦味，担心安全隐患，已停止使用。',
    type: 'repair',
    category: 'product_quality.function_failure',
    product: { model: 'XQG100-DD12', serial: 'WM100-2501B-00077' },
    group: 'after_sales_engineering',
    owner: 'chenjie',
    reply: '李女士您好，请暂停使用并拔掉电源，工程师今晚联系您。',
    resolveAfterHours: 20,
    resolution: '烘干加热管线束老化，已整体更换并做绝缘测试。',
    closeAfterHours: 24,
    answer: { afterHours: 1, scores: [5, 5, 5, 5], suggestions: '响应非常及时，让人放心。' },
  },
  {
    daysAgo: 51,
    hour: 9,
    customer: '徐蕾',
    title: '咨询酒店空调年度保养合同',
    description: '想为全酒店 120 台空调签年度保养服务。',
    type: 'consultation',
    category: 'other.cooperation',
    group: 'after_sales_specialists',
    owner: 'wangfang',
    resolveAfterHours: 26,
    resolution: '已发送年度保养方案与报价，客户确认签约。',
    closeAfterHours: 70,
    answer: { afterHours: 12, scores: [4, 5, 5, 5] },
  },
  {
    daysAgo: 45,
    hour: 13,
    customer: '张伟',
    title: '冰箱显示屏 E6 报错',
    description: '冰箱显示屏一直显示 E6，冷冻室不太冷。',
    type: 'repair',
    category: 'product_quality.function_failure',
    product: { model: 'BCD-520WP', serial: 'RF520-2410A-00342' },
    group: 'after_sales_engineering',
    owner: 'chenjie',
    resolveAfterHours: 23,
    resolution: '冷冻室传感器接触不良，重新插接并固定。',
    closeAfterHours: 27,
    answer: {
      afterHours: 7,
      scores: [3, 3, 4, 3],
      suggestions: '修好一次后又出现过，希望彻底解决。',
      followUp: {
        afterHours: 30,
        by: 'chenjie',
        causeTags: ['处理结果不满意'],
        remedyType: 'free_repair',
        note: '二次上门更换冷冻室传感器总成，免收人工费；一周后回访确认未再报错。',
      },
    },
  },
  {
    daysAgo: 33,
    hour: 10,
    customer: '陈静',
    title: '净水器废水比例异常',
    description: '净水器排废水特别多，水费明显增加。',
    type: 'usage_question',
    category: 'usage.operation',
    product: { model: 'RO-800G', serial: 'RO800-2412A-00190' },
    group: 'training_product_ops',
    owner: 'linyu',
    resolveAfterHours: 3,
    resolution: '废水阀设置为冲洗模式未复位，已指导恢复默认。',
    closeAfterHours: 27,
  },
  {
    daysAgo: 27,
    hour: 15,
    customer: '黄静',
    title: '第二家门店空调移机',
    description: '新店开业，需要把两台立柜空调从老店移机过去。',
    type: 'consultation',
    category: 'usage.feature',
    product: { model: 'KFR-72LW/BP2', serial: 'AC72-2405B-00876' },
    group: 'field_service',
    owner: 'sunhao',
    resolveAfterHours: 48,
    resolution: '两台立柜空调移机完成，试机正常。',
    closeAfterHours: 52,
    overdueReason: 'third_party',
    answer: { afterHours: 9, scores: [4, 4, 5, 4], suggestions: '移机费用可以再优惠些。' },
  },
  {
    daysAgo: 22,
    hour: 11,
    customer: '刘强',
    title: '洗衣机进水慢',
    description: '洗衣机进水要二十多分钟，提示 E1。',
    type: 'repair',
    category: 'product_quality.function_failure',
    product: { model: 'XQG100-DD12', serial: 'WM100-2501B-01540' },
    group: 'field_service',
    owner: 'sunhao',
    resolveAfterHours: 23,
    resolution: '进水阀滤网堵塞，清洗后进水正常。',
    closeAfterHours: 27,
    answer: { afterHours: 2, scores: [5, 5, 5, 5] },
  },
  {
    daysAgo: 16,
    hour: 10,
    customer: '马超',
    title: '扫地机器人尘盒裂开',
    description: '到货一周尘盒卡扣裂开，装不上。',
    type: 'return_exchange',
    category: 'product_quality.appearance',
    product: { model: 'RV-S9 Pro', serial: 'RV9-2502C-00418' },
    group: 'quality_control',
    owner: 'zhenglei',
    resolveAfterHours: 26,
    resolution: '补寄新尘盒，旧件寄回质量部分析批次问题。',
    closeAfterHours: 50,
    answer: {
      afterHours: 28,
      scores: [5, 5, 5, 5],
      otherNeeds: '我们网店还想批量采购 20 台新款扫地机器人，请销售联系我报价。',
    },
  },
  {
    daysAgo: 11,
    hour: 9.5,
    customer: '李娜',
    title: '空调睡眠模式咨询',
    description: '想了解睡眠模式的温度曲线怎么设置。',
    type: 'usage_question',
    category: 'usage.feature',
    product: { model: 'KFR-72LW/BP2' },
    group: 'frontline',
    owner: 'liqian',
    resolveAfterHours: 1,
    resolution: '已发送睡眠曲线设置图文说明。',
    closeAfterHours: 26,
  },
  {
    daysAgo: 8,
    hour: 14,
    customer: '王秀英',
    title: '冰箱门封条发霉',
    description: '冰箱门封条有黑色霉点，擦不掉。',
    type: 'repair',
    category: 'product_quality.appearance',
    product: { model: 'BCD-520WP', serial: 'RF520-2410A-00508' },
    group: 'field_service',
    owner: 'sunhao',
    resolveAfterHours: 24,
    resolution: '上门更换冷藏室门封条。',
    closeAfterHours: 28,
  },
  {
    daysAgo: 6,
    hour: 10,
    customer: '杨帆',
    title: '净水器 APP 滤芯寿命不更新',
    description: '换了滤芯 APP 里还是显示 0%。',
    type: 'usage_question',
    category: 'usage.operation',
    product: { model: 'RO-800G' },
    group: 'training_product_ops',
    owner: 'linyu',
    resolveAfterHours: 2,
    resolution: '指导在机身长按复位键 5 秒同步滤芯寿命。',
    closeAfterHours: 24,
  },
  {
    daysAgo: 4,
    hour: 11,
    customer: '赵丽',
    title: '洗衣机童锁解除',
    description: '孩子误按童锁，面板按键全部失灵。',
    type: 'usage_question',
    category: 'usage.operation',
    product: { model: 'XQG100-DD12' },
    group: 'frontline',
    owner: 'liqian',
    resolveAfterHours: 0.5,
    resolution: '同时长按温度和转速键 3 秒解除童锁。',
    closeAfterHours: 2,
    answer: { afterHours: 3, scores: [5, 5, 5, 5], suggestions: '客服很耐心。' },
  },
  // Still open for the supervisor: answered 42 hours ago, due in about 6 hours.
  {
    hoursAgo: 100,
    customer: '徐蕾',
    title: '客房空调遥控器批量补配',
    description: '酒店 20 间客房遥控器丢失损坏，需要补配。',
    type: 'order_question',
    category: 'logistics.delay',
    product: { model: 'KFR-35GW/BP3' },
    group: 'frontline',
    owner: 'liqian',
    resolveAfterHours: 5,
    resolution: '20 个遥控器已从华东仓发出。',
    closeAfterHours: 30,
    answer: {
      afterHours: 27,
      scores: [2, 3, 4, 2],
      suggestions: '到货少了 5 个，又要重新申请，太麻烦了。',
    },
  },
  // Still open for the engineering lead: answered about 11 hours ago.
  {
    hoursAgo: 60,
    customer: '刘洋',
    title: '机房空调频繁停机',
    description: '服务器机房立柜空调每天停机两三次，机房温度过高。',
    type: 'repair',
    category: 'product_quality.function_failure',
    product: { model: 'KFR-72LW/BP2', serial: 'AC72-2502A-00031' },
    group: 'after_sales_engineering',
    owner: 'chenjie',
    reply: '刘先生您好，工程师一小时内到达。',
    resolveAfterHours: 6,
    resolution: '高压保护频繁动作，清洗冷凝器后运行稳定。',
    closeAfterHours: 26,
    answer: {
      afterHours: 22,
      scores: [4, 3, 4, 3],
      suggestions: '清洗后两天又停了一次，担心没有根治。',
    },
  },
];

interface Helpers {
  as: (username: string) => Caller;
}

/** A moment `daysAgo` days before `now` at `hour` o'clock on the configured time zone's wall clock. */
function localMoment(now: number, daysAgo: number, hour: number, timeZone: string): number {
  const day = now - daysAgo * DAY;
  const offset = zoneOffset(timeZone, day);
  const midnight = Math.floor((day + offset) / DAY) * DAY - offset;
  return midnight + hour * HOUR;
}

const PORTAL_CLIENT: PortalClient = {
  ip: '203.0.113.24',
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) MicroMessenger/8.0',
  requestId: 'demo-portal',
  locale: 'zh-CN',
};

type Action = { at: number; label: string; run: () => Promise<unknown> };

/**
 * Seeds the customer side of the demo (R6): the closed tickets above with their surveys sent by the
 * sweep, answered through the public survey, low scores followed up; and two tickets the demo customer
 * submitted in the portal. Everything runs through the services on a clock set to when it happened,
 * in time order, so the sweeps see what was due then. Returns the number of tickets it brought about.
 */
export async function seedDemoSurveyHistory(ctx: AppContext, { as }: Helpers): Promise<number> {
  const clock = new ManualClock(ctx.clock.now());
  const at = { ...ctx, clock };
  const now = ctx.clock.now().getTime();
  const settings = await loadSurveySettings(ctx.db);
  const groups = new Map<string, string>();
  for (const key of new Set(CLOSED.map((item) => item.group))) {
    const group = await findGroupByKey(ctx.db, key);
    if (group) groups.set(key, group.id);
  }
  const ids = new Map<number, string>();
  const actions: Action[] = [];
  const sweepsAt = new Set<number>();
  const plan = (moment: number, label: string, run: () => Promise<unknown>) => {
    if (moment <= now) actions.push({ at: moment, label, run });
  };

  CLOSED.forEach((item, index) => {
    const start =
      item.hoursAgo !== undefined
        ? now - item.hoursAgo * HOUR
        : localMoment(now, item.daysAgo!, item.hour!, ctx.config.timezone);
    const id = () => ids.get(index)!;
    const owner = as(item.owner);
    const closer = ['liqian', 'wangfang', 'zhaomin'].includes(item.owner) ? owner : as('zhaomin');
    const contact = CONTACTS[item.customer];
    plan(start, `${item.title}: intake`, async () => {
      const creator = as('liqian');
      const { ticket } = await createTicket(
        at,
        creator.actor,
        {
          title: item.title,
          description: item.description,
          type: item.type,
          channel: item.channel ?? 'phone',
          category: item.category,
          customer: { name: item.customer, ...contact },
          ...(item.product ? { product: item.product } : {}),
          groupId: groups.get(item.group) ?? null,
          ownerId: owner.principal.userId,
        },
        { createdByUserId: creator.principal.userId },
      );
      ids.set(index, ticket.id);
    });
    plan(start + 0.25 * HOUR, `${item.title}: accept`, () => acceptTicket(at, owner, id()));
    const reply = item.reply ?? '您好，您的问题已由专人受理，我们会尽快处理并与您联系。';
    plan(start + 0.5 * HOUR, `${item.title}: reply`, () =>
      addMessage(at, owner, id(), { body: reply, isPublic: true }),
    );
    plan(start + item.resolveAfterHours * HOUR, `${item.title}: resolve`, () =>
      resolveTicket(at, owner, id(), item.resolution),
    );
    const closedAt = start + item.closeAfterHours * HOUR;
    plan(closedAt, `${item.title}: close`, async () => {
      const ticket = await findTicketView(at.db, id());
      await closeTicket(at, closer, id(), {
        confirmationMethod: 'phone',
        note: '电话回访客户确认已解决',
        // Closing a ticket that ran over its targets needs the reason (R5.4).
        ...(ticket?.isOverdue ? { overdueReason: item.overdueReason ?? 'parts_shortage' } : {}),
      });
    });
    const sentAt = closedAt + settings.delayMinutes * 60_000;
    sweepsAt.add(sentAt);
    const answer = item.answer;
    const remindAfter = settings.reminderAfterHours;
    if (remindAfter !== null && (!answer || answer.afterHours > remindAfter)) {
      sweepsAt.add(sentAt + remindAfter * HOUR);
    }
    if (!answer) sweepsAt.add(sentAt + settings.linkValidDays * DAY);
    if (!answer) return;
    const answeredAt = sentAt + answer.afterHours * HOUR;
    plan(answeredAt, `${item.title}: survey answered`, async () => {
      const link = await findSurveyLinkForTicket(at, at.db, id());
      if (!link) throw new Error('no open survey link');
      const [speed, result, professionalism, overall] = answer.scores;
      await answerPublicSurvey(
        at,
        link.url.slice(link.url.lastIndexOf('/') + 1),
        {
          speed,
          result,
          professionalism,
          overall,
          ...(answer.suggestions ? { suggestions: answer.suggestions } : {}),
          ...(answer.otherNeeds ? { otherNeeds: answer.otherNeeds } : {}),
        },
        PORTAL_CLIENT.ip,
      );
    });
    const followUp = answer.followUp;
    if (followUp) {
      plan(answeredAt + followUp.afterHours * HOUR, `${item.title}: follow-up`, async () => {
        const open = await listFollowUps(at, as('zhaomin'), { status: 'open' });
        const task = open.items.find((candidate) => candidate.ticket.id === id());
        if (!task) throw new Error('no open follow-up');
        await updateFollowUp(at, as(followUp.by), task.id, {
          causeTags: followUp.causeTags,
          remedyType: followUp.remedyType,
          remedyAmount: followUp.remedyAmount ?? null,
          note: followUp.note,
          done: true,
        });
      });
    }
    if (answer.otherNeeds) {
      // R6.3 opened a linked ticket; the frontline takes it the next morning.
      plan(answeredAt + 16 * HOUR, `${item.title}: new need taken`, async () => {
        const detail = await getTicketDetail(at, as('zhaomin'), id());
        const linked = detail.links.find((link) => link.kind === 'follow_up');
        if (!linked) throw new Error('no linked ticket');
        await assignTicket(at, as('zhaomin'), linked.ticketId, {
          groupId: groups.get('after_sales_specialists') ?? null,
          ownerId: as('wangfang').principal.userId,
          note: '批量采购需求，转售后专员对接报价',
        });
        await acceptTicket(at, as('wangfang'), linked.ticketId);
        await addMessage(at, as('wangfang'), linked.ticketId, {
          body: '马总您好，批量采购报价单已整理，今天下午发到您的邮箱。',
          isPublic: true,
        });
      });
    }
  });
  for (const moment of sweepsAt) plan(moment, 'survey sweep', () => sweepSurveys(at));
  planPortalTickets(at, now, plan, as, groups);

  // Stable: at one moment, intake and handling come before the sweep planned there.
  actions.sort((a, b) => a.at - b.at);
  for (const action of actions) {
    clock.set(new Date(action.at));
    try {
      await action.run();
    } catch (error) {
      throw new Error(`Demo history "${action.label}" failed`, { cause: error });
    }
  }
  const newNeeds = CLOSED.filter((item) => item.answer?.otherNeeds).length;
  return CLOSED.length + PORTAL_TICKETS + newNeeds;
}

const PORTAL_TICKETS = 2;

/**
 * The demo customer's own requests from the portal: one answered the same day and confirmed there, one
 * with a free-repair plan waiting for the customer's decision.
 */
function planPortalTickets(
  at: AppContext & { clock: ManualClock },
  now: number,
  plan: (moment: number, label: string, run: () => Promise<unknown>) => void,
  as: (username: string) => Caller,
  groups: Map<string, string>,
) {
  const contact = CONTACTS.周杰;
  const fields = (extra: { type: CreateTicketInput['type']; title: string; description: string }) => ({
    ...extra,
    contactName: '周杰',
    contactPhone: contact.phone,
    contactEmail: contact.email,
  });

  let confirmed: Awaited<ReturnType<typeof submitTicket>> | null = null;
  const confirmedStart = localMoment(now, 40, 20.5, at.config.timezone);
  plan(confirmedStart, 'portal: submit', async () => {
    confirmed = await submitTicket(
      at,
      null,
      fields({
        type: 'usage_question',
        title: '扫地机器人如何设置禁区',
        description: '想让扫地机器人不要进入儿童房，APP 里找不到设置禁区的地方。',
      }),
      [],
      { ...PORTAL_CLIENT, idempotencyKey: undefined },
    );
  });
  const number = () => confirmed!.number;
  plan(confirmedStart + 13 * HOUR, 'portal: assign', () =>
    assignTicket(at, as('zhaomin'), number(), {
      groupId: groups.get('training_product_ops') ?? null,
      ownerId: as('linyu').principal.userId,
    }),
  );
  plan(confirmedStart + 13.5 * HOUR, 'portal: accept', () => acceptTicket(at, as('linyu'), number()));
  plan(confirmedStart + 14 * HOUR, 'portal: resolve', () =>
    resolveTicket(
      at,
      as('linyu'),
      number(),
      '在 APP「地图管理」中点「虚拟墙/禁区」，框选儿童房并保存即可；每张地图可设 10 个禁区。',
    ),
  );
  plan(confirmedStart + 22 * HOUR, 'portal: customer confirms', () =>
    confirmFromPortal(
      at,
      confirmed!.session,
      number(),
      { solved: true, comment: '设置好了，谢谢！' },
      PORTAL_CLIENT,
    ),
  );
  plan(confirmedStart + 23.5 * HOUR, 'portal: survey sweep', () => sweepSurveys(at));
  plan(confirmedStart + 26 * HOUR, 'portal: survey answered', async () => {
    const ticket = await findTicketView(at.db, number());
    const link = ticket ? await findSurveyLinkForTicket(at, at.db, ticket.id) : null;
    if (!link) throw new Error('no open survey link');
    await answerPublicSurvey(
      at,
      link.url.slice(link.url.lastIndexOf('/') + 1),
      { speed: 5, result: 5, professionalism: 5, overall: 5, suggestions: '网上提交很方便，回复也快。' },
      PORTAL_CLIENT.ip,
    );
  });

  let waiting: Awaited<ReturnType<typeof submitTicket>> | null = null;
  const waitingStart = localMoment(now, 2, 8.5, at.config.timezone);
  plan(waitingStart, 'portal: submit', async () => {
    waiting = await submitTicket(
      at,
      null,
      fields({
        type: 'repair',
        title: '净水器接头漏水',
        description: '厨房水槽下净水器进水接头一直渗水，橱柜底板已经泡湿。',
      }),
      [],
      { ...PORTAL_CLIENT, idempotencyKey: undefined },
    );
  });
  const waitingNumber = () => waiting!.number;
  plan(waitingStart + 1 * HOUR, 'portal: assign', () =>
    assignTicket(at, as('zhaomin'), waitingNumber(), {
      groupId: groups.get('field_service') ?? null,
      ownerId: as('sunhao').principal.userId,
    }),
  );
  plan(waitingStart + 1.5 * HOUR, 'portal: accept', () => acceptTicket(at, as('sunhao'), waitingNumber()));
  plan(waitingStart + 2 * HOUR, 'portal: reply', () =>
    addMessage(at, as('sunhao'), waitingNumber(), {
      body: '周先生您好，请先关闭净水器进水角阀并擦干，我们给您准备了上门维修方案，请在页面上确认。',
      isPublic: true,
    }),
  );
  plan(waitingStart + 2.5 * HOUR, 'portal: plan', () =>
    proposePlan(at, as('sunhao'), waitingNumber(), {
      body: '明天上午上门更换进水接头和密封圈，在保修期内免费维修，并赠送一支 PP 棉滤芯。',
      compensationType: 'free_repair',
      compensationAmount: null,
      isBulk: false,
    }),
  );
  plan(waitingStart + 3 * HOUR, 'portal: plan approved', async () => {
    const detail = await getTicketDetail(at, as('zhaomin'), waitingNumber());
    await decidePlan(at, as('zhaomin'), waitingNumber(), String(detail.plans[0]!.id), {
      approve: true,
      note: '保修期内，同意免费维修',
    });
  });
}
