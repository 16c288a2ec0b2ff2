import { ManualClock } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { principalOf } from '../auth/auth.service.js';
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
import type { CreateTicketInput } from '../tickets/tickets.schema.js';
import {
  acceptTicket,
  addMessage,
  assignTicket,
  autoCloseSilentTickets,
  closeTicket,
  getTicketDetail,
  logCall,
  mergeTicket,
  recordCustomerReply,
  resolveTicket,
  setStatus,
  setSubStatus,
  setTicketCollaborators,
} from '../tickets/tickets.service.js';
import { findUserByUsername } from '../users/users.repository.js';
import { seedDemoSurveyHistory } from './demo-surveys.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface DemoTicket {
  daysAgo: number;
  by: string;
  input: Omit<CreateTicketInput, 'description' | 'channel'> & {
    description: string;
    channel?: CreateTicketInput['channel'];
  };
  steps?: () => { afterHours: number; as: string; run: (caller: Caller) => Promise<unknown> }[];
}

type Staff = Record<string, string>;

const customer = (
  name: string,
  phone: string,
  email: string | null,
  tier: 'vip' | 'regular' = 'regular',
  region?: string,
) => ({
  name,
  phone,
  email,
  tier,
  ...(region ? { region } : {}),
});

/**
 * Demo tickets through the real services, so every status of the lifecycle is on screen with a true
 * timeline: each is created and handled on a clock set back to when it happened.
 */
export async function seedDemoTickets(ctx: AppContext): Promise<number> {
  const clock = new ManualClock(ctx.clock.now());
  const at = { ...ctx, clock };
  const usernames = [
    'zhaomin',
    'liqian',
    'wangfang',
    'chenjie',
    'linyu',
    'sunhao',
    'zhouqiang',
    'wuli',
    'zhenglei',
  ];
  const callers = new Map<string, Caller>();
  const staff: Staff = {};
  for (const username of usernames) {
    const user = await findUserByUsername(ctx.db, username);
    if (!user) continue;
    staff[username] = user.id;
    callers.set(username, {
      principal: principalOf(user, 'session'),
      actor: { userId: user.id, label: username, requestId: null, ip: null },
    });
  }
  const as = (username: string) => callers.get(username)!;
  // The months before: closed tickets, their surveys and follow-ups, the customer's portal requests.
  const history = await seedDemoSurveyHistory(ctx, { as });
  const now = ctx.clock.now().getTime();
  const created: Record<string, string> = {};

  const tickets: (DemoTicket & { key: string })[] = [
    {
      key: 'aircon',
      daysAgo: 20,
      by: 'liqian',
      input: {
        title: '空调不制冷',
        description: '客户来电：空调制冷效果异常，开机一小时室温仍在30度以上，影响公司会议室使用。',
        type: 'repair',
        channel: 'phone',
        customer: customer('刘洋', '13801234567', 'liuyang@hengxin-tech.cn', 'vip', '北京市 海淀区'),
        orderNumber: 'JD20250612001',
        product: { model: 'KFR-35GW/BP3', serial: 'AC35-2406A-00117' },
      },
      steps: () => [
        { afterHours: 1, as: 'chenjie', run: (c) => acceptTicket(at, c, created.aircon!) },
        {
          afterHours: 2,
          as: 'chenjie',
          run: (c) =>
            addMessage(at, c, created.aircon!, {
              body: '刘先生您好，已安排工程师明天上午上门检测。',
              isPublic: true,
            }),
        },
        { afterHours: 3, as: 'chenjie', run: (c) => setSubStatus(at, c, created.aircon!, '已安排上门') },
        {
          afterHours: 26,
          as: 'chenjie',
          run: (c) =>
            addMessage(at, c, created.aircon!, {
              body: '检测为冷媒泄漏，已补焊并加注冷媒。',
              isPublic: false,
            }),
        },
        {
          afterHours: 27,
          as: 'chenjie',
          run: (c) => resolveTicket(at, c, created.aircon!, '已修复冷媒泄漏，现场测试制冷正常。'),
        },
        {
          afterHours: 30,
          as: 'zhaomin',
          run: (c) =>
            closeTicket(at, c, created.aircon!, {
              confirmationMethod: 'phone',
              note: '客户电话确认制冷恢复',
            }),
        },
      ],
    },
    {
      key: 'fridge',
      daysAgo: 2,
      by: 'liqian',
      input: {
        title: '冰箱冷藏室结霜严重',
        description: '冰箱冷藏室后壁结霜很厚，蔬菜被冻坏。',
        type: 'repair',
        customer: customer('张伟', '13812345678', 'zhangwei88@163.com', 'regular', '江苏省 南京市'),
        product: { model: 'BCD-520WP', serial: 'RF520-2410A-00342' },
      },
      steps: () => [
        { afterHours: 1, as: 'chenjie', run: (c) => acceptTicket(at, c, created.fridge!) },
        {
          afterHours: 2,
          as: 'chenjie',
          run: (c) =>
            logCall(at, c, created.fridge!, {
              startedAt: new Date(clock.now().getTime() - 600_000).toISOString(),
              durationSeconds: 420,
              direction: 'outbound',
              summary: '电话指导客户检查门封条，疑似门封老化。',
            }),
        },
      ],
    },
    {
      key: 'fridgeDuplicate',
      daysAgo: 1,
      by: 'wangfang',
      input: {
        title: '冰箱结霜',
        description: '客户通过邮件再次反映冰箱结霜。',
        type: 'repair',
        channel: 'email',
        customer: customer('张伟', '13812345678', 'zhangwei88@163.com'),
        product: { model: 'BCD-520WP' },
      },
      steps: () => [
        {
          afterHours: 1,
          as: 'zhaomin',
          run: (c) => mergeTicket(at, c, created.fridgeDuplicate!, created.fridge!),
        },
      ],
    },
    {
      key: 'washer',
      daysAgo: 3,
      by: 'wangfang',
      input: {
        title: '洗衣机底部漏水',
        description: '滚筒洗衣机洗涤时底部漏水，地面有积水。',
        type: 'repair',
        customer: customer('王秀英', '13698765432', 'wangxiuying@qq.com', 'regular', '四川省 成都市'),
        product: { model: 'XQG100-DD12', serial: 'WM100-2407A-01288' },
      },
      steps: () => [
        { afterHours: 2, as: 'chenjie', run: (c) => acceptTicket(at, c, created.washer!) },
        {
          afterHours: 3,
          as: 'chenjie',
          run: (c) =>
            addMessage(at, c, created.washer!, {
              body: '王女士您好，请拍一张漏水位置的照片发给我们，方便判断是进水管还是排水泵问题。',
              isPublic: true,
            }),
        },
        { afterHours: 3.1, as: 'chenjie', run: (c) => setStatus(at, c, created.washer!, 'waiting_customer') },
      ],
    },
    {
      key: 'delivery',
      daysAgo: 1,
      by: 'liqian',
      input: {
        title: '快递三天没收到',
        description: '订单显示已发货三天，物流停滞在中转站，客户着急使用。',
        type: 'order_question',
        channel: 'webhook',
        sourceReference: 'tmall:order-88213',
        customer: customer('刘强', '18620001111', 'liuqiang@foxmail.com', 'regular', '广东省 广州市'),
        orderNumber: 'TM20251120088213',
        emotion: 'anxious',
      },
      steps: () => [
        { afterHours: 1, as: 'zhouqiang', run: (c) => acceptTicket(at, c, created.delivery!) },
        {
          afterHours: 2,
          as: 'zhouqiang',
          run: (c) =>
            addMessage(at, c, created.delivery!, {
              body: '已联系快递公司核查中转站滞留原因。',
              isPublic: false,
            }),
        },
        {
          afterHours: 2.1,
          as: 'zhouqiang',
          run: (c) => setStatus(at, c, created.delivery!, 'waiting_third_party'),
        },
      ],
    },
    {
      key: 'wrongColor',
      daysAgo: 4,
      by: 'liqian',
      input: {
        title: '扫地机器人发错颜色',
        description: '下单白色，收到黑色，要求换货。',
        type: 'return_exchange',
        customer: customer('陈静', '13307551234', 'chenjing2020@163.com', 'regular', '湖北省 武汉市'),
        orderNumber: 'JD20251118552',
        product: { model: 'RV-S9 Pro', serial: 'RV9-2411B-07731' },
      },
      steps: () => [
        {
          afterHours: 1,
          as: 'zhaomin',
          run: (c) => assignTicket(at, c, created.wrongColor!, { ownerId: staff.wangfang }),
        },
        { afterHours: 2, as: 'wangfang', run: (c) => acceptTicket(at, c, created.wrongColor!) },
        {
          afterHours: 3,
          as: 'wangfang',
          run: (c) =>
            proposePlan(at, c, created.wrongColor!, {
              body: '上门取回黑色机器，补发白色新机，并赠送一年耗材。',
              compensationType: 'gift',
              compensationAmount: 199,
              isBulk: false,
            }),
        },
        {
          afterHours: 4,
          as: 'zhaomin',
          run: async (c) => {
            const detail = await getTicketDetail(at, c, created.wrongColor!);
            return decidePlan(at, c, created.wrongColor!, String(detail.plans[0]!.id), {
              approve: true,
              note: '同意',
            });
          },
        },
      ],
    },
    {
      key: 'filter',
      daysAgo: 2,
      by: 'liqian',
      input: {
        title: '净水器滤芯多久更换',
        description: '想了解净水器滤芯多久更换一次，如何复位提醒。',
        type: 'usage_question',
        customer: customer('杨帆', '17788889999', 'yangfan@outlook.com', 'regular', '陕西省 西安市'),
        product: { model: 'RO-800G' },
      },
      steps: () => [
        { afterHours: 1, as: 'linyu', run: (c) => acceptTicket(at, c, created.filter!) },
        {
          afterHours: 2,
          as: 'linyu',
          run: (c) =>
            resolveTicket(at, c, created.filter!, 'PP棉6个月、RO膜24个月更换；长按复位键5秒可清除提醒。'),
        },
      ],
    },
    {
      key: 'complaint',
      daysAgo: 0.2,
      by: 'liqian',
      input: {
        title: '投诉安装师傅态度恶劣',
        description: '安装师傅迟到两小时还态度恶劣，客户表示要向12315投诉并在网上曝光。',
        type: 'complaint',
        channel: 'phone',
        category: 'service.attitude',
        customer: customer('李娜', '15011223344', 'lina.home@126.com', 'vip', '北京市 朝阳区'),
        complaint: {
          severity: 'severe',
          category: 'service_attitude',
          externalSource: '12315',
          externalDeadlineAt: new Date(now + 5 * DAY).toISOString(),
        },
      },
    },
    {
      key: 'suggestion',
      daysAgo: 5,
      by: 'wangfang',
      input: {
        title: '合作咨询：批量采购',
        description: '酒店集团咨询批量采购空调的合作方式和售后条款。',
        type: 'consultation',
        category: 'other.cooperation',
        customer: customer('徐蕾', '13757102233', 'xulei@yunqi-hotel.cn', 'vip', '浙江省 杭州市'),
      },
    },
    {
      key: 'invoice',
      daysAgo: 0.1,
      by: 'liqian',
      input: {
        title: '发票抬头开错了',
        description: '需要重新开具增值税专用发票。',
        type: 'consultation',
        channel: 'portal',
        customer: customer('马超', '13534459012', 'machao@qimingxing.shop', 'regular', '广东省 深圳市'),
      },
    },
    {
      key: 'noise',
      daysAgo: 12,
      by: 'liqian',
      input: {
        title: '空调外机噪音大',
        description: '立柜空调外机运行时噪音很大，邻居有意见。',
        type: 'repair',
        customer: customer('黄静', '13916678820', 'huangjing@runhe-food.com', 'vip', '上海市 徐汇区'),
        product: { model: 'KFR-72LW/BP2', serial: 'AC72-2405B-00876' },
      },
      steps: () => [
        { afterHours: 1, as: 'chenjie', run: (c) => acceptTicket(at, c, created.noise!) },
        {
          afterHours: 19,
          as: 'chenjie',
          run: (c) => setTicketCollaborators(at, c, created.noise!, [staff.sunhao!]),
        },
        {
          afterHours: 20,
          as: 'sunhao',
          run: (c) =>
            addMessage(at, c, created.noise!, { body: '上门加装减震垫并紧固外机支架。', isPublic: false }),
        },
        {
          afterHours: 21,
          as: 'chenjie',
          run: (c) => resolveTicket(at, c, created.noise!, '已加装减震垫，噪音明显降低。'),
        },
        {
          afterHours: 70,
          as: 'liqian',
          run: (c) =>
            recordCustomerReply(at, c, created.noise!, { body: '这两天噪音又变大了。', via: 'phone' }),
        },
      ],
    },
    {
      key: 'silent',
      daysAgo: 15,
      by: 'liqian',
      input: {
        title: '扫地机器人APP连不上',
        description: '扫地机器人无法连接手机APP。',
        type: 'usage_question',
        customer: customer('赵丽', '15900001234', 'zhaoli@qq.com', 'regular', '山东省 青岛市'),
        product: { model: 'RV-S9 Pro' },
      },
      steps: () => [
        { afterHours: 1, as: 'linyu', run: (c) => acceptTicket(at, c, created.silent!) },
        {
          afterHours: 2,
          as: 'linyu',
          run: (c) => resolveTicket(at, c, created.silent!, '请将路由器切换到2.4GHz频段后重新配网。'),
        },
      ],
    },
  ];

  for (const ticket of tickets) {
    const createdAt = now - ticket.daysAgo * DAY;
    clock.set(new Date(createdAt));
    const creator = as(ticket.by);
    const { ticket: view } = await createTicket(
      at,
      creator.actor,
      { channel: 'phone', ...ticket.input } as CreateTicketInput,
      {
        createdByUserId: creator.principal.userId,
      },
    );
    created[ticket.key] = view.id;
    for (const step of ticket.steps?.() ?? []) {
      const moment = createdAt + step.afterHours * HOUR;
      if (moment > now) break;
      clock.set(new Date(moment));
      try {
        await step.run(as(step.as));
      } catch (error) {
        throw new Error(`Demo ticket "${ticket.key}", step by ${step.as} after ${step.afterHours} h failed`, {
          cause: error,
        });
      }
    }
  }
  if (created.aircon) await demoSurvey(at, clock, created.aircon, now - 20 * DAY + 31 * HOUR, as('zhaomin'));
  clock.set(new Date(now));
  await autoCloseSilentTickets({ ...at, log: ctx.log });
  return tickets.length + history;
}

/**
 * R6: the air-conditioner repair's survey went out an hour after closing and came back lukewarm on speed;
 * the supervisor followed it up the next day with an apology and a coupon.
 */
async function demoSurvey(
  at: AppContext,
  clock: ManualClock,
  ticketId: string,
  sentAt: number,
  supervisor: Caller,
) {
  clock.set(new Date(sentAt));
  await sweepSurveys(at);
  const link = await findSurveyLinkForTicket(at, at.db, ticketId);
  if (!link) return;
  clock.set(new Date(sentAt + 3 * HOUR));
  const token = link.url.slice(link.url.lastIndexOf('/') + 1);
  await answerPublicSurvey(
    at,
    token,
    { speed: 2, result: 4, professionalism: 5, overall: 3, suggestions: '等上门等了一天，希望能更快安排。' },
    null,
  );
  clock.set(new Date(sentAt + 20 * HOUR));
  const open = await listFollowUps(at, supervisor, { status: 'open' });
  const followUp = open.items.find((item) => item.ticket.id === ticketId);
  if (!followUp) return;
  await updateFollowUp(at, supervisor, followUp.id, {
    causeTags: ['响应慢'],
    remedyType: 'coupon',
    remedyAmount: 50,
    note: '已致电刘先生致歉，说明备件调拨耽误了一天，赠送 50 元优惠券，客户表示理解。',
    done: true,
  });
}
