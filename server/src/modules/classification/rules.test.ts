import { describe, expect, it } from 'vitest';
import type { TicketFacts } from '../tickets/ticket.types.js';
import {
  type ClassificationPolicy,
  type ClassificationRule,
  classify,
  DEFAULT_CLASSIFICATION_POLICY,
  findComplaintWords,
  PriorityScale,
  type RuleConditions,
  regionMatches,
  ruleMatches,
  strongerEmotion,
} from './rules.js';

const PRIORITIES = [
  { code: 'P1', rank: 1 },
  { code: 'P2', rank: 2 },
  { code: 'P3', rank: 3 },
];

const facts = (overrides: Partial<TicketFacts> = {}): TicketFacts => ({
  title: '空调不制冷',
  description: '开机半小时仍然吹热风',
  type: 'repair',
  channel: 'phone',
  customerTier: 'regular',
  productModel: 'KFR-35GW',
  productLine: '家用空调',
  productCategory: '空调',
  region: '广东省深圳市南山区',
  ...overrides,
});

let ruleCounter = 0;
const rule = (
  conditions: RuleConditions,
  actions: ClassificationRule['actions'],
  stopAfterMatch = false,
): ClassificationRule => {
  ruleCounter += 1;
  return { id: `r${ruleCounter}`, conditions, actions, stopAfterMatch };
};

const run = (
  f: TicketFacts,
  rules: ClassificationRule[] = [],
  options: { given?: Parameters<typeof classify>[0]['given']; policy?: Partial<ClassificationPolicy> } = {},
) =>
  classify({
    facts: f,
    rules,
    given: options.given,
    policy: { ...DEFAULT_CLASSIFICATION_POLICY, ...options.policy },
    priorities: PRIORITIES,
  });

describe('ruleMatches', () => {
  const cases: [string, RuleConditions, Partial<TicketFacts>, boolean][] = [
    ['no conditions match everything', {}, {}, true],
    ['empty lists are no condition', { channels: [], keywordsAny: [], regions: [] }, {}, true],
    ['keyword in the title', { keywordsAny: ['制冷'] }, {}, true],
    ['keyword in the description', { keywordsAny: ['热风'] }, {}, true],
    ['any one keyword is enough', { keywordsAny: ['漏水', '热风'] }, {}, true],
    ['no keyword found', { keywordsAny: ['漏水', '噪音'] }, {}, false],
    ['keywords ignore case', { keywordsAny: ['wifi'] }, { title: '无法连接 WiFi' }, true],
    [
      'full-width digits fold to ASCII',
      { keywordsAny: ['12315'] },
      { description: '我要打１２３１５' },
      true,
    ],
    ['blank keywords never match', { keywordsAny: ['  '] }, {}, false],
    ['keyword spans title and description only as separate texts', { keywordsAny: ['冷开'] }, {}, false],
    ['channel listed', { channels: ['phone', 'email'] }, {}, true],
    ['channel not listed', { channels: ['portal'] }, {}, false],
    ['type listed', { types: ['repair'] }, {}, true],
    ['type not listed', { types: ['refund', 'complaint'] }, {}, false],
    ['tier listed', { customerTiers: ['vip'] }, { customerTier: 'vip' }, true],
    ['tier not listed', { customerTiers: ['vip'] }, {}, false],
    [
      'unknown tier never matches a tier condition',
      { customerTiers: ['regular'] },
      { customerTier: null },
      false,
    ],
    ['product model, any case', { productModels: ['kfr-35gw'] }, {}, true],
    ['product model is exact, not a substring', { productModels: ['KFR-35'] }, {}, false],
    ['missing product model', { productModels: ['KFR-35GW'] }, { productModel: null }, false],
    ['product line', { productLines: ['家用空调', '冰箱'] }, {}, true],
    ['other product line', { productLines: ['冰箱'] }, {}, false],
    ['product category', { productCategories: ['空调'] }, {}, true],
    ['other product category', { productCategories: ['洗衣机'] }, {}, false],
    ['region prefix (province)', { regions: ['广东省'] }, {}, true],
    ['region prefix (city)', { regions: ['广东省深圳市'] }, {}, true],
    ['region is a prefix, not a substring', { regions: ['深圳市'] }, {}, false],
    ['other region', { regions: ['浙江省', '江苏省'] }, {}, false],
    ['missing region', { regions: ['广东省'] }, { region: null }, false],
    ['all conditions must hold', { channels: ['phone'], types: ['repair'], regions: ['广东省'] }, {}, true],
    ['one failing condition fails the rule', { channels: ['phone'], types: ['refund'] }, {}, false],
  ];
  it.each(cases)('%s', (_name, conditions, overrides, expected) => {
    expect(ruleMatches(conditions, facts(overrides))).toBe(expected);
  });
});

describe('regionMatches', () => {
  it.each([
    ['广东省深圳市', ['广东省'], true],
    ['广东省', ['广东省深圳市'], false],
    ['Guangdong, Shenzhen', ['guangdong'], true],
    [null, ['广东省'], false],
    ['广东省', [''], false],
    ['北京市朝阳区', ['上海市', '北京市'], true],
  ] as const)('%s within %j: %s', (region, prefixes, expected) => {
    expect(regionMatches(region, prefixes)).toBe(expected);
  });
});

describe('findComplaintWords', () => {
  it.each([
    ['质量太差了', '', []],
    ['我要投诉', '', ['投诉']],
    ['再不处理就打12315', '还要给差评', ['12315', '差评']],
    ['投诉！投诉！', '', ['投诉']],
    ['我会找媒体曝光，并请律师起诉', '', ['曝光', '媒体', '律师', '起诉']],
    ['要求退一赔三', '', ['退一赔三']],
  ])('%s / %s → %j', (title, description, expected) => {
    expect(findComplaintWords({ title, description }, DEFAULT_CLASSIFICATION_POLICY.complaintWords)).toEqual(
      expected,
    );
  });

  it('ignores blank and repeated policy words', () => {
    expect(findComplaintWords({ title: '投诉', description: '' }, ['', ' 投诉 ', '投诉'])).toEqual(['投诉']);
  });
});

describe('strongerEmotion and PriorityScale', () => {
  it.each([
    ['normal', 'anxious', 'anxious'],
    ['angry', 'dissatisfied', 'angry'],
    ['dissatisfied', 'dissatisfied', 'dissatisfied'],
    ['anxious', 'angry', 'angry'],
  ] as const)('%s vs %s → %s', (a, b, expected) => {
    expect(strongerEmotion(a, b)).toBe(expected);
  });

  const scale = new PriorityScale(PRIORITIES);
  it.each([
    ['P3', 'P2', 'P2'],
    ['P1', 'P2', 'P1'],
    ['P2', 'P2', 'P2'],
    [null, 'P2', 'P2'],
    ['P3', null, 'P3'],
    ['P3', 'P9', 'P3'],
    ['P9', 'P2', 'P2'],
  ] as const)('%s at least %s → %s', (current, floor, expected) => {
    expect(scale.atLeast(current, floor)).toBe(expected);
  });

  it('knows the least urgent level, whatever the order and codes', () => {
    expect(scale.leastUrgent).toBe('P3');
    expect(
      new PriorityScale([
        { code: 'P4', rank: 4 },
        { code: 'P1', rank: 1 },
      ]).leastUrgent,
    ).toBe('P4');
    expect(new PriorityScale([]).leastUrgent).toBe('P3');
  });
});

describe('classify: rules', () => {
  it('gives the least urgent priority and a normal emotion when nothing decides', () => {
    expect(run(facts())).toEqual({
      categoryCode: null,
      priority: 'P3',
      emotion: 'normal',
      tags: [],
      groupKey: null,
      matchedRuleIds: [],
      complaintWords: [],
    });
  });

  it('applies every action of a matching rule', () => {
    const r = rule(
      { keywordsAny: ['不制冷'] },
      {
        categoryCode: 'product_quality.function_failure',
        priority: 'P2',
        emotion: 'anxious',
        addTags: ['制冷故障'],
        groupKey: 'after_sales_engineering',
      },
    );
    expect(run(facts(), [r])).toEqual({
      categoryCode: 'product_quality.function_failure',
      priority: 'P2',
      emotion: 'anxious',
      tags: ['制冷故障'],
      groupKey: 'after_sales_engineering',
      matchedRuleIds: [r.id],
      complaintWords: [],
    });
  });

  it('skips rules that do not match', () => {
    const miss = rule({ channels: ['email'] }, { priority: 'P1' });
    expect(run(facts(), [miss])).toMatchObject({ priority: 'P3', matchedRuleIds: [] });
  });

  it('lets a later matching rule override single values while tags accumulate', () => {
    const first = rule(
      {},
      { categoryCode: 'other', priority: 'P3', addTags: ['a', 'b'], groupKey: 'frontline' },
    );
    const second = rule({ types: ['repair'] }, { categoryCode: 'product_quality', addTags: ['b', 'c'] });
    const third = rule({ regions: ['广东省'] }, { groupKey: 'field_service', emotion: 'anxious' });
    expect(run(facts(), [first, second, third])).toMatchObject({
      categoryCode: 'product_quality',
      priority: 'P3',
      emotion: 'anxious',
      tags: ['a', 'b', 'c'],
      groupKey: 'field_service',
      matchedRuleIds: [first.id, second.id, third.id],
    });
  });

  it('keeps earlier values when a later rule leaves them unset', () => {
    const first = rule({}, { priority: 'P1', groupKey: 'cs_supervisors' });
    const second = rule({}, { addTags: ['later'] });
    expect(run(facts(), [first, second])).toMatchObject({
      priority: 'P1',
      groupKey: 'cs_supervisors',
      tags: ['later'],
    });
  });

  it('stops after a matching rule with stopAfterMatch', () => {
    const stopper = rule({ types: ['repair'] }, { priority: 'P1', addTags: ['stop'] }, true);
    const later = rule({}, { priority: 'P3', addTags: ['later'], groupKey: 'frontline' });
    expect(run(facts(), [stopper, later])).toMatchObject({
      priority: 'P1',
      tags: ['stop'],
      groupKey: null,
      matchedRuleIds: [stopper.id],
    });
  });

  it('does not stop on a stopAfterMatch rule that did not match', () => {
    const stopper = rule({ types: ['refund'] }, { priority: 'P1' }, true);
    const later = rule({}, { priority: 'P2' });
    expect(run(facts(), [stopper, later])).toMatchObject({ priority: 'P2', matchedRuleIds: [later.id] });
  });

  it('ignores a rule priority that is not an active level', () => {
    const first = rule({}, { priority: 'P2' });
    const bogus = rule({}, { priority: 'P7' });
    expect(run(facts(), [first, bogus])).toMatchObject({ priority: 'P2' });
  });

  it('honours the order it is given (position order)', () => {
    const a = rule({}, { categoryCode: 'a' });
    const b = rule({}, { categoryCode: 'b' });
    expect(run(facts(), [a, b]).categoryCode).toBe('b');
    expect(run(facts(), [b, a]).categoryCode).toBe('a');
  });
});

describe('classify: what was given explicitly', () => {
  const rules = [rule({}, { categoryCode: 'logistics.delay', priority: 'P1', emotion: 'angry' })];

  it.each([
    ['category', { categoryCode: 'policy.refund' }, { categoryCode: 'policy.refund' }],
    ['priority', { priority: 'P3' }, { priority: 'P3' }],
    ['emotion', { emotion: 'anxious' as const }, { emotion: 'anxious' }],
    [
      'nulls mean "not given"',
      { categoryCode: null, priority: null, emotion: null },
      {
        categoryCode: 'logistics.delay',
        priority: 'P1',
        emotion: 'angry',
      },
    ],
    ['an unknown priority is not a decision', { priority: 'P8' }, { priority: 'P1' }],
  ])('an explicit %s wins over the rules', (_name, given, expected) => {
    expect(run(facts(), rules, { given })).toMatchObject(expected);
  });

  it('keeps a given priority that is above every floor', () => {
    expect(
      run(facts({ customerTier: 'vip', title: '投诉' }), [], { given: { priority: 'P1' } }).priority,
    ).toBe('P1');
  });
});

describe('classify: complaint and VIP policy (R2.4)', () => {
  const cases: [string, Partial<TicketFacts>, Parameters<typeof run>[2], Partial<ReturnType<typeof run>>][] =
    [
      [
        'one complaint word: dissatisfied, P2, tagged',
        { description: '再不修好我就投诉' },
        {},
        { emotion: 'dissatisfied', priority: 'P2', tags: ['投诉风险'], complaintWords: ['投诉'] },
      ],
      [
        'two complaint words: angry',
        { description: '我要打12315投诉你们' },
        {},
        { emotion: 'angry', priority: 'P2', complaintWords: ['投诉', '12315'] },
      ],
      [
        'a repeated word counts once',
        { title: '投诉', description: '投诉投诉' },
        {},
        { emotion: 'dissatisfied', complaintWords: ['投诉'] },
      ],
      [
        'complaint does not lower a given angry emotion',
        { description: '差评' },
        { given: { emotion: 'angry' } },
        { emotion: 'angry' },
      ],
      [
        'complaint raises a given priority',
        { description: '差评' },
        { given: { priority: 'P3' } },
        { priority: 'P2' },
      ],
      [
        'complaint does not lower P1',
        { description: '差评' },
        { given: { priority: 'P1' } },
        { priority: 'P1' },
      ],
      ['VIP floor', { customerTier: 'vip' }, {}, { priority: 'P2', emotion: 'normal', tags: [] }],
      [
        'VIP floor raises a given priority',
        { customerTier: 'vip' },
        { given: { priority: 'P3' } },
        { priority: 'P2' },
      ],
      ['regular customers have no floor', { customerTier: 'regular' }, {}, { priority: 'P3' }],
      ['unknown tier has no floor', { customerTier: null }, {}, { priority: 'P3' }],
      [
        'configured VIP floor P1',
        { customerTier: 'vip' },
        { policy: { vipPriorityFloor: 'P1' } },
        { priority: 'P1' },
      ],
      ['no VIP floor', { customerTier: 'vip' }, { policy: { vipPriorityFloor: null } }, { priority: 'P3' }],
      [
        'complaint floor switched off still raises emotion',
        { description: '投诉' },
        { policy: { complaintPriorityFloor: null } },
        { priority: 'P3', emotion: 'dissatisfied' },
      ],
      [
        'custom complaint words and tag',
        { description: '我要上热搜' },
        { policy: { complaintWords: ['热搜'], complaintTag: '舆情' } },
        { emotion: 'dissatisfied', tags: ['舆情'], complaintWords: ['热搜'] },
      ],
      [
        'no tag when the complaint tag is empty',
        { description: '投诉' },
        { policy: { complaintTag: '' } },
        { tags: [] },
      ],
      [
        'angry from one word when the threshold is 1',
        { description: '投诉' },
        { policy: { angryWordCount: 1 } },
        { emotion: 'angry' },
      ],
      [
        'angry needs three words when the threshold is 3',
        { description: '投诉 差评' },
        { policy: { angryWordCount: 3 } },
        { emotion: 'dissatisfied' },
      ],
      [
        'English complaint words ignore case',
        { description: 'I will call my LAWYER' },
        { policy: { complaintWords: ['lawyer'] } },
        { complaintWords: ['lawyer'], emotion: 'dissatisfied' },
      ],
      [
        'a floor that is not an active level is ignored',
        { customerTier: 'vip', description: '投诉' },
        { policy: { vipPriorityFloor: 'P0', complaintPriorityFloor: 'P9' } },
        { priority: 'P3' },
      ],
    ];
  it.each(cases)('%s', (_name, overrides, options, expected) => {
    expect(run(facts(overrides), [], options)).toMatchObject(expected);
  });

  it('adds the complaint tag after the rule tags, once', () => {
    const r = rule({ keywordsAny: ['差评'] }, { addTags: ['投诉风险', '舆情'] });
    expect(run(facts({ description: '给差评' }), [r]).tags).toEqual(['投诉风险', '舆情']);
  });

  it('stacks rules, complaint and VIP: the most urgent wins', () => {
    const r = rule({ types: ['repair'] }, { priority: 'P3', emotion: 'anxious' });
    expect(
      run(facts({ customerTier: 'vip', description: '曝光' }), [r], { policy: { vipPriorityFloor: 'P1' } }),
    ).toMatchObject({ priority: 'P1', emotion: 'dissatisfied', tags: ['投诉风险'] });
  });

  it('falls back to P3 when there are no priority levels', () => {
    const outcome = classify({
      facts: facts(),
      rules: [],
      policy: DEFAULT_CLASSIFICATION_POLICY,
      priorities: [],
    });
    expect(outcome.priority).toBe('P3');
  });
});
