import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { addBusinessTime, businessTimeBetween } from './business-time.js';
import { ensureDefaultCalendars, loadCalendar } from './calendars.service.js';

let t: TestApp;
let admin: Session;
let agent: Session;

type Calendar = {
  id: string;
  key: string;
  name: string;
  timeZone: string;
  weeklyHours: { start: string; end: string }[][];
  is24x7: boolean;
  usesChinaHolidays: boolean;
  isDefault: boolean;
};
type MonthDay = {
  date: string;
  weekday: number;
  isWorkingDay: boolean;
  intervals: { start: string; end: string }[];
  source: 'weekly' | 'china' | 'custom';
  kind: 'holiday' | 'workday' | null;
  name: string | null;
  nameEn: string | null;
};

const DEFAULT_HOURS = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startTestApp();
  // First run installs them; calling it again is a no-op, and keeps this suite independent of it.
  await ensureDefaultCalendars(t.db);
  const admin0 = await signInAdmin(t.app);
  const user = await buildUser(admin0, { role: 'agent' });
  agent = await signIn(t.app, user.username, user.password);
});
beforeEach(async () => {
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

const calendars = async (): Promise<Calendar[]> =>
  (await admin.request('GET', '/api/v1/calendars')).json().items;
const calendarByKey = async (key: string) => (await calendars()).find((calendar) => calendar.key === key)!;
const month = async (id: string, yearMonth: string): Promise<Record<string, MonthDay>> => {
  const response = await agent.request('GET', `/api/v1/calendars/${id}/month?month=${yearMonth}`);
  expect(response.statusCode).toBe(200);
  return Object.fromEntries(response.json().days.map((day: MonthDay) => [day.date, day]));
};
const compute = async (id: string, start: string, minutes: number) => {
  const response = await admin.request('POST', `/api/v1/calendars/${id}/compute`, { start, minutes });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    due: string;
    businessMinutesBetween: number;
    startIsWorkingTime: boolean;
    nextOpening: string;
  };
};

describe('defaults (R5.2)', () => {
  it('installs the China business calendar (default) and a 7×24 calendar once', async () => {
    expect(await ensureDefaultCalendars(t.db)).toEqual([]);
    const items = await calendars();
    expect(items.map((calendar) => calendar.key)).toEqual(['china_business', 'always_open']);
    expect(items[0]).toMatchObject({
      name: '中国工作日历',
      timeZone: 'Asia/Shanghai',
      is24x7: false,
      usesChinaHolidays: true,
      isDefault: true,
      weeklyHours: [[], DEFAULT_HOURS, DEFAULT_HOURS, DEFAULT_HOURS, DEFAULT_HOURS, DEFAULT_HOURS, []],
    });
    expect(items[1]).toMatchObject({ name: '7×24 全天候', is24x7: true, isDefault: false });
    const detail = (await agent.request('GET', `/api/v1/calendars/${items[0]!.id}`)).json();
    expect(detail.days).toEqual([]);
    expect(detail.chinaHolidayCoverage.firstYear).toBe(2004);
    expect(detail.chinaHolidayCoverage.lastYear).toBeGreaterThanOrEqual(2026);
  });
});

describe('access', () => {
  it('lets any signed-in user read and only settings managers write or compute', async () => {
    const china = await calendarByKey('china_business');
    for (const url of [
      '/api/v1/calendars',
      `/api/v1/calendars/${china.id}`,
      `/api/v1/calendars/${china.id}/month?month=2026-02`,
    ]) {
      expect((await agent.request('GET', url)).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
    const writes: [Parameters<Session['request']>[0], string, object | undefined][] = [
      ['POST', '/api/v1/calendars', { key: 'agent_made', name: 'x' }],
      ['PATCH', `/api/v1/calendars/${china.id}`, { name: 'x' }],
      ['DELETE', `/api/v1/calendars/${china.id}`, undefined],
      ['PUT', `/api/v1/calendars/${china.id}/days/2026-03-09`, { kind: 'holiday' }],
      ['DELETE', `/api/v1/calendars/${china.id}/days/2026-03-09`, undefined],
      ['POST', `/api/v1/calendars/${china.id}/compute`, { start: '2026-03-06T17:00:00+08:00', minutes: 1 }],
    ];
    for (const [method, url, body] of writes) {
      const response = await agent.request(method, url, body);
      expect({ method, url, status: response.statusCode, code: response.json().code }).toEqual({
        method,
        url,
        status: 403,
        code: 'forbidden',
      });
    }
  });
});

describe('month view', () => {
  it('shows the 2026 Spring Festival holidays and make-up Saturdays', async () => {
    const china = await calendarByKey('china_business');
    const days = await month(china.id, '2026-02');
    expect(Object.keys(days)).toHaveLength(28);
    expect(days['2026-02-02']).toEqual({
      date: '2026-02-02',
      weekday: 1,
      isWorkingDay: true,
      intervals: DEFAULT_HOURS,
      source: 'weekly',
      kind: null,
      name: null,
      nameEn: null,
    });
    expect(days['2026-02-07']).toMatchObject({
      weekday: 6,
      isWorkingDay: false,
      source: 'weekly',
      intervals: [],
    });
    for (const date of ['2026-02-14', '2026-02-28']) {
      expect(days[date]).toMatchObject({
        isWorkingDay: true,
        intervals: DEFAULT_HOURS,
        source: 'china',
        kind: 'workday',
        name: '春节',
        nameEn: 'Spring Festival',
      });
    }
    const holidays = Object.values(days).filter((day) => day.kind === 'holiday');
    expect(holidays.map((day) => day.date)).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(holidays.every((day) => !day.isWorkingDay && day.name === '春节' && day.source === 'china')).toBe(
      true,
    );
    const response = (await agent.request('GET', `/api/v1/calendars/${china.id}/month?month=2026-02`)).json();
    expect(response).toMatchObject({ month: '2026-02', timeZone: 'Asia/Shanghai', chinaScheduleKnown: true });
  });

  it('shows National Day and Mid-Autumn 2026 with their make-up days', async () => {
    const china = await calendarByKey('china_business');
    const september = await month(china.id, '2026-09');
    expect(september['2026-09-20']).toMatchObject({
      weekday: 0,
      isWorkingDay: true,
      kind: 'workday',
      name: '国庆节',
    });
    expect(september['2026-09-25']).toMatchObject({
      weekday: 5,
      isWorkingDay: false,
      kind: 'holiday',
      name: '中秋',
    });
    const october = await month(china.id, '2026-10');
    expect(
      Object.values(october)
        .filter((day) => day.kind === 'holiday')
        .map((day) => day.date),
    ).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(october['2026-10-10']).toMatchObject({
      weekday: 6,
      isWorkingDay: true,
      kind: 'workday',
      name: '国庆节',
    });
  });

  it('says when the official schedule of a year is not known yet, and shows a 7×24 calendar open', async () => {
    const china = await calendarByKey('china_business');
    const far = (await agent.request('GET', `/api/v1/calendars/${china.id}/month?month=2099-01`)).json();
    expect(far.chinaScheduleKnown).toBe(false);
    const always = await calendarByKey('always_open');
    const days = await month(always.id, '2026-02');
    expect(days['2026-02-16']).toMatchObject({
      isWorkingDay: true,
      intervals: [{ start: '00:00', end: '24:00' }],
      source: 'weekly',
      kind: null,
    });
  });

  it('defaults to the current month in the calendar’s zone and refuses a bad month', async () => {
    const china = await calendarByKey('china_business');
    // The test clock stands at 2026-03-02T02:00Z, 10:00 in Shanghai.
    expect((await agent.request('GET', `/api/v1/calendars/${china.id}/month`)).json().month).toBe('2026-03');
    const bad = await agent.request('GET', `/api/v1/calendars/${china.id}/month?month=2026-13`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('querystring.month');
  });
});

describe('compute', () => {
  it('gives due times on the China calendar, checked back', async () => {
    const china = await calendarByKey('china_business');
    // P3: 4 business hours from Friday 17:00 → Monday 12:00.
    expect(await compute(china.id, '2026-03-06T17:00:00+08:00', 240)).toEqual({
      start: '2026-03-06T09:00:00.000Z',
      minutes: 240,
      due: '2026-03-09T04:00:00.000Z',
      businessMinutesBetween: 240,
      startIsWorkingTime: true,
      nextOpening: '2026-03-06T09:00:00.000Z',
    });
    // Into the Spring Festival make-up Saturday; and over the holiday from its evening.
    expect((await compute(china.id, '2026-02-13T17:00:00+08:00', 240)).due).toBe('2026-02-14T04:00:00.000Z');
    const evening = await compute(china.id, '2026-02-14T18:30:00+08:00', 30);
    expect(evening).toMatchObject({
      due: '2026-02-24T01:30:00.000Z',
      startIsWorkingTime: false,
      nextOpening: '2026-02-24T01:00:00.000Z',
    });
    expect((await compute(china.id, '2026-02-14T18:30:00+08:00', 0)).due).toBe('2026-02-14T10:30:00.000Z');
  });

  it('is plain addition on the 7×24 calendar', async () => {
    const always = await calendarByKey('always_open');
    expect((await compute(always.id, '2026-02-16T03:00:00+08:00', 90)).due).toBe('2026-02-15T20:30:00.000Z');
  });

  it('refuses bad input naming the field', async () => {
    const china = await calendarByKey('china_business');
    for (const [body, field] of [
      [{ start: 'tomorrow', minutes: 10 }, 'body.start'],
      [{ start: '2026-03-06T17:00:00+08:00', minutes: -1 }, 'body.minutes'],
      [{ start: '2026-03-06T17:00:00+08:00', minutes: 1.5 }, 'body.minutes'],
    ] as const) {
      const response = await admin.request('POST', `/api/v1/calendars/${china.id}/compute`, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
  });
});

describe('own days', () => {
  it('adds, overrides and removes days over the official schedule, and the arithmetic follows', async () => {
    const china = await calendarByKey('china_business');
    const url = (date: string) => `/api/v1/calendars/${china.id}/days/${date}`;

    // A company holiday on Monday 9 March moves the P3 example to Tuesday.
    const party = await admin.request('PUT', url('2026-03-09'), { kind: 'holiday', name: '公司年会' });
    expect(party.statusCode).toBe(200);
    expect(party.json()).toEqual({ date: '2026-03-09', kind: 'holiday', name: '公司年会', hours: null });
    expect((await compute(china.id, '2026-03-06T17:00:00+08:00', 240)).due).toBe('2026-03-10T04:00:00.000Z');

    // Working a morning of the Spring Festival holiday; and not working a make-up Saturday.
    const morning = await admin.request('PUT', url('2026-02-16'), {
      kind: 'workday',
      name: '值班',
      hours: [{ start: '09:00', end: '12:00' }],
    });
    expect(morning.statusCode).toBe(200);
    await admin.request('PUT', url('2026-02-28'), { kind: 'holiday' });
    const february = await month(china.id, '2026-02');
    expect(february['2026-02-16']).toMatchObject({
      isWorkingDay: true,
      intervals: [{ start: '09:00', end: '12:00' }],
      source: 'custom',
      kind: 'workday',
      name: '值班',
      nameEn: null,
    });
    expect(february['2026-02-28']).toMatchObject({
      isWorkingDay: false,
      source: 'custom',
      kind: 'holiday',
      name: null,
    });
    expect((await compute(china.id, '2026-02-14T17:00:00+08:00', 120)).due).toBe('2026-02-16T02:00:00.000Z');

    // The loader used by the SLA module sees the same calendar.
    const loaded = await loadCalendar(t.db, 'china_business');
    const start = new Date('2026-02-14T09:00:00Z');
    const due = addBusinessTime(loaded, start, 2 * HOUR);
    expect(due.toISOString()).toBe('2026-02-16T02:00:00.000Z');
    expect(businessTimeBetween(loaded, start, due)).toBe(2 * HOUR);
    expect(await loadCalendar(t.db, china.id)).toEqual(loaded);

    const detail = (await agent.request('GET', `/api/v1/calendars/${china.id}`)).json();
    expect(detail.days.map((day: { date: string }) => day.date)).toEqual([
      '2026-02-16',
      '2026-02-28',
      '2026-03-09',
    ]);

    // Removing them brings the official schedule back.
    for (const date of ['2026-02-16', '2026-02-28', '2026-03-09']) {
      expect((await admin.request('DELETE', url(date))).statusCode).toBe(204);
    }
    const again = await month(china.id, '2026-02');
    expect(again['2026-02-16']).toMatchObject({ source: 'china', kind: 'holiday', name: '春节' });
    const missing = await admin.request('DELETE', url('2026-02-16'));
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found', detail: '2026-02-16 没有自定义设置' });

    const audit = (
      await admin.request('GET', `/api/v1/audit?entityType=business_calendar&entityId=${china.id}`)
    ).json();
    const actions = audit.items.map((entry: { action: string }) => entry.action);
    expect(actions.filter((action: string) => action === 'calendar_day.set')).toHaveLength(3);
    expect(actions.filter((action: string) => action === 'calendar_day.removed')).toHaveLength(3);
  });

  it('refuses bad days naming the field', async () => {
    const china = await calendarByKey('china_business');
    const always = await calendarByKey('always_open');
    const cases: [string, object, number, string | undefined, string][] = [
      [
        `/api/v1/calendars/${china.id}/days/2026-02-30`,
        { kind: 'holiday' },
        400,
        'params.date',
        'validation_failed',
      ],
      [
        `/api/v1/calendars/${china.id}/days/2026-03-09`,
        { kind: 'rest' },
        400,
        'body.kind',
        'validation_failed',
      ],
      [
        `/api/v1/calendars/${china.id}/days/2026-03-09`,
        { kind: 'holiday', hours: [{ start: '09:00', end: '12:00' }] },
        400,
        'body.hours',
        'validation_failed',
      ],
      [
        `/api/v1/calendars/${china.id}/days/2026-03-09`,
        {
          kind: 'workday',
          hours: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
        400,
        'body.hours.1',
        'validation_failed',
      ],
      [
        `/api/v1/calendars/${china.id}/days/2026-03-09`,
        { kind: 'workday', hours: [{ start: '18:00', end: '09:00' }] },
        400,
        'body.hours.0',
        'validation_failed',
      ],
      [`/api/v1/calendars/${always.id}/days/2026-03-09`, { kind: 'holiday' }, 409, undefined, 'conflict'],
      [
        '/api/v1/calendars/00000000-0000-4000-8000-000000000000/days/2026-03-09',
        { kind: 'holiday' },
        404,
        undefined,
        'not_found',
      ],
    ];
    for (const [url, body, status, field, code] of cases) {
      const response = await admin.request('PUT', url, body);
      const problem = response.json();
      expect({ url, body, status: response.statusCode, code: problem.code }).toEqual({
        url,
        body,
        status,
        code,
      });
      if (field) expect(problem.field ?? problem.errors?.[0]?.field).toBe(field);
    }
    const overlap = await admin.request('PUT', `/api/v1/calendars/${china.id}/days/2026-03-09`, {
      kind: 'workday',
      hours: [
        { start: '09:00', end: '12:00' },
        { start: '11:00', end: '13:00' },
      ],
    });
    expect(overlap.json().detail).toBe('时间段 11:00–13:00 与同一天的其他时间段重叠');
  });
});

describe('calendars', () => {
  it('creates, edits, makes default, and deletes a calendar, audited', async () => {
    const created = await admin.request('POST', '/api/v1/calendars', {
      key: 'field_service',
      name: '上门服务日历',
      weeklyHours: [
        [],
        [{ start: '08:30', end: '17:30' }],
        [{ start: '08:30', end: '17:30' }],
        [{ start: '08:30', end: '17:30' }],
        [{ start: '08:30', end: '17:30' }],
        [{ start: '08:30', end: '17:30' }],
        [
          { start: '13:00', end: '16:00' },
          { start: '09:00', end: '12:00' },
        ],
      ],
    });
    expect(created.statusCode).toBe(201);
    const calendar = created.json();
    expect(calendar).toMatchObject({
      key: 'field_service',
      timeZone: 'Asia/Shanghai',
      is24x7: false,
      usesChinaHolidays: true,
      isDefault: false,
      days: [],
    });
    // Intervals are kept in order.
    expect(calendar.weeklyHours[6]).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '16:00' },
    ]);
    // Saturday 7 March 2026 10:00 + 3 h → 14:00 (lunch 12:00–13:00).
    expect((await compute(calendar.id, '2026-03-07T10:00:00+08:00', 180)).due).toBe(
      '2026-03-07T06:00:00.000Z',
    );

    const edited = await admin.request('PATCH', `/api/v1/calendars/${calendar.id}`, {
      name: '上门服务（欧洲）',
      timeZone: 'Europe/Berlin',
      usesChinaHolidays: false,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      name: '上门服务（欧洲）',
      timeZone: 'Europe/Berlin',
      usesChinaHolidays: false,
    });
    // Monday 9 March 08:30 CET is 07:30Z.
    expect((await compute(calendar.id, '2026-03-09T07:00:00Z', 60)).due).toBe('2026-03-09T08:30:00.000Z');

    // Unchanged edits are not audited.
    await admin.request('PATCH', `/api/v1/calendars/${calendar.id}`, { name: '上门服务（欧洲）' });

    const made = await admin.request('PATCH', `/api/v1/calendars/${calendar.id}`, { isDefault: true });
    expect(made.json().isDefault).toBe(true);
    expect((await calendars()).map((item) => [item.key, item.isDefault])).toEqual([
      ['field_service', true],
      ['always_open', false],
      ['china_business', false],
    ]);
    const unset = await admin.request('PATCH', `/api/v1/calendars/${calendar.id}`, { isDefault: false });
    expect(unset.statusCode).toBe(409);
    expect(unset.json()).toMatchObject({ code: 'conflict', field: 'body.isDefault' });
    const refused = await admin.request('DELETE', `/api/v1/calendars/${calendar.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe('不能删除默认日历，请先将另一个日历设为默认');

    const china = await calendarByKey('china_business');
    await admin.request('PATCH', `/api/v1/calendars/${china.id}`, { isDefault: true });
    await admin.request('PUT', `/api/v1/calendars/${calendar.id}/days/2026-12-24`, {
      kind: 'holiday',
      name: '平安夜',
    });
    expect((await admin.request('DELETE', `/api/v1/calendars/${calendar.id}`)).statusCode).toBe(204);
    expect((await admin.request('GET', `/api/v1/calendars/${calendar.id}`)).statusCode).toBe(404);
    const days = await t.db.query('SELECT * FROM calendar_days WHERE calendar_id = $1', [calendar.id]);
    expect(days).toEqual([]);

    const audit = (
      await admin.request('GET', `/api/v1/audit?entityType=business_calendar&entityId=${calendar.id}`)
    ).json();
    expect(audit.items.map((entry: { action: string }) => entry.action)).toEqual([
      'calendar.deleted',
      'calendar_day.set',
      'calendar.updated',
      'calendar.updated',
      'calendar.created',
    ]);
    expect(audit.items[0].before).toMatchObject({
      key: 'field_service',
      days: [{ date: '2026-12-24', name: '平安夜' }],
    });
  });

  it('refuses bad calendars naming the field', async () => {
    const week = (day: { start: string; end: string }[]) => [[], day, day, day, day, day, []];
    const cases: [object, number, string, string | undefined][] = [
      [{ key: 'Bad Key', name: 'x' }, 400, 'body.key', undefined],
      [
        { key: 'zone', name: 'x', timeZone: 'Mars/Olympus' },
        400,
        'body.timeZone',
        '未知时区 Mars/Olympus，请使用 IANA 时区名，如 Asia/Shanghai',
      ],
      [{ key: 'short', name: 'x', weeklyHours: [[], []] }, 400, 'body.weeklyHours', undefined],
      [
        { key: 'format', name: 'x', weeklyHours: week([{ start: '9:00', end: '12:00' }]) },
        400,
        'body.weeklyHours.1.0.start',
        undefined,
      ],
      [
        {
          key: 'overlap',
          name: 'x',
          weeklyHours: week([
            { start: '09:00', end: '12:00' },
            { start: '10:00', end: '11:00' },
          ]),
        },
        400,
        'body.weeklyHours.1.1',
        undefined,
      ],
      [
        { key: 'empty', name: 'x', weeklyHours: week([]) },
        400,
        'body.weeklyHours',
        '非 7×24 日历每周至少需要一个工作时间段',
      ],
      [{ key: 'china_business', name: 'x' }, 409, 'body.key', '标识为 china_business 的日历已存在'],
      [{ key: 'extra', name: 'x', colour: 'red' }, 400, 'body.colour', undefined],
    ];
    for (const [body, status, field, detail] of cases) {
      const response = await admin.request('POST', '/api/v1/calendars', body);
      const problem = response.json();
      expect({
        body,
        status: response.statusCode,
        field: problem.field ?? problem.errors?.[0]?.field,
      }).toEqual({
        body,
        status,
        field,
      });
      if (detail) expect(problem.detail).toBe(detail);
    }
    // A 7×24 calendar needs no weekly hours.
    const always = await admin.request('POST', '/api/v1/calendars', {
      key: 'hotline',
      name: '热线',
      is24x7: true,
    });
    expect(always.statusCode).toBe(201);
    expect(always.json()).toMatchObject({ is24x7: true, usesChinaHolidays: false });
    expect(always.json().weeklyHours[3]).toEqual([{ start: '00:00', end: '24:00' }]);
  });

  it('refuses to delete a calendar other settings use', async () => {
    const created = (
      await admin.request('POST', '/api/v1/calendars', { key: 'referenced', name: '被引用' })
    ).json();
    await t.db.exec(`CREATE TABLE calendar_users_test (calendar_id uuid REFERENCES business_calendars (id))`);
    await t.db.query('INSERT INTO calendar_users_test VALUES ($1)', [created.id]);
    const response = await admin.request('DELETE', `/api/v1/calendars/${created.id}`);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe('此日历仍被其他设置（如服务级别策略）使用，不能删除');
    await t.db.exec('DROP TABLE calendar_users_test');
  });
});
