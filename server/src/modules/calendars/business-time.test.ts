import { describe, expect, it } from 'vitest';
import {
  ALL_DAY_WEEKLY_HOURS,
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  DEFAULT_WEEKLY_HOURS,
  defaultWorkdayHours,
  findIntervalProblem,
  isValidTimeZone,
  isWorkingTime,
  localDateOf,
  NoWorkingTimeError,
  nextOpening,
  type WeeklyHours,
  workingIntervalsOn,
} from './business-time.js';
import { chinaBusinessCalendar } from './calendar-days.js';
import { chinaDay, chinaDays, chinaHolidayCoverage } from './china-holidays.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A Beijing wall-clock time, `YYYY-MM-DD HH:MM`. */
const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
/** The Beijing wall-clock time of an instant, `YYYY-MM-DD HH:MM` (with `:SS.mmm` when not whole minutes). */
function inCst(at: Date): string {
  const text = new Date(at.getTime() + 8 * HOUR).toISOString().replace('T', ' ');
  return text.endsWith(':00.000Z') ? text.slice(0, 16) : text.slice(0, 23);
}

/** Monday–Friday 09:00–12:00 and 13:30–18:00 in Asia/Shanghai, no holidays. */
const plain: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  weeklyHours: DEFAULT_WEEKLY_HOURS,
  holidays: [],
  workdays: [],
  is24x7: false,
};
const china = chinaBusinessCalendar();
const always: BusinessCalendar = { ...plain, is24x7: true, holidays: ['2026-02-16'] };

const datesOf = (kind: 'holiday' | 'workday', year: string) =>
  chinaDays()
    .filter((day) => day.kind === kind && day.date.startsWith(year))
    .map((day) => `${day.date} ${day.name}`);

describe('the State Council schedule from chinese-days', () => {
  it('covers 2004 to at least 2026', () => {
    expect(chinaHolidayCoverage()).toMatchObject({ firstYear: 2004 });
    expect(chinaHolidayCoverage()!.lastYear).toBeGreaterThanOrEqual(2026);
  });

  it('has the 2026 holidays', () => {
    expect(datesOf('holiday', '2026')).toEqual([
      '2026-01-01 元旦',
      '2026-01-02 元旦',
      '2026-01-03 元旦',
      '2026-02-15 春节',
      '2026-02-16 春节',
      '2026-02-17 春节',
      '2026-02-18 春节',
      '2026-02-19 春节',
      '2026-02-20 春节',
      '2026-02-21 春节',
      '2026-02-22 春节',
      '2026-02-23 春节',
      '2026-04-04 清明',
      '2026-04-05 清明',
      '2026-04-06 清明',
      '2026-05-01 劳动节',
      '2026-05-02 劳动节',
      '2026-05-03 劳动节',
      '2026-05-04 劳动节',
      '2026-05-05 劳动节',
      '2026-06-19 端午',
      '2026-06-20 端午',
      '2026-06-21 端午',
      '2026-09-25 中秋',
      '2026-09-26 中秋',
      '2026-09-27 中秋',
      '2026-10-01 国庆节',
      '2026-10-02 国庆节',
      '2026-10-03 国庆节',
      '2026-10-04 国庆节',
      '2026-10-05 国庆节',
      '2026-10-06 国庆节',
      '2026-10-07 国庆节',
    ]);
  });

  it('has the 2026 make-up working days (调休上班)', () => {
    expect(datesOf('workday', '2026')).toEqual([
      '2026-01-04 元旦',
      '2026-02-14 春节',
      '2026-02-28 春节',
      '2026-05-09 劳动节',
      '2026-09-20 国庆节',
      '2026-10-10 国庆节',
    ]);
    expect(chinaDay('2026-02-14')).toEqual({
      date: '2026-02-14',
      kind: 'workday',
      name: '春节',
      nameEn: 'Spring Festival',
    });
    expect(chinaDay('2026-03-02')).toBeUndefined();
  });
});

describe('addBusinessTime', () => {
  const cases: [string, BusinessCalendar, string, number, string][] = [
    ['P3 4 business hours from Friday 17:00', plain, '2026-03-06 17:00', 4 * HOUR, '2026-03-09 12:00'],
    ['within the morning', plain, '2026-03-03 09:00', 2 * HOUR, '2026-03-03 11:00'],
    ['across the lunch break', plain, '2026-03-03 11:00', 2 * HOUR, '2026-03-03 14:30'],
    ['ending exactly at lunch', plain, '2026-03-03 11:00', HOUR, '2026-03-03 12:00'],
    ['ending exactly at closing time', plain, '2026-03-03 14:00', 4 * HOUR, '2026-03-03 18:00'],
    ['one minute past closing time', plain, '2026-03-03 14:00', 4 * HOUR + MINUTE, '2026-03-04 09:01'],
    ['from 08:00', plain, '2026-03-03 08:00', 30 * MINUTE, '2026-03-03 09:30'],
    ['from 12:30 (lunch)', plain, '2026-03-03 12:30', HOUR, '2026-03-03 14:30'],
    ['from 18:30 on Friday', plain, '2026-03-06 18:30', HOUR, '2026-03-09 10:00'],
    ['from Saturday', plain, '2026-03-07 10:00', 3 * HOUR, '2026-03-09 12:00'],
    ['a full working day', plain, '2026-03-03 09:00', 7.5 * HOUR, '2026-03-03 18:00'],
    ['two working days over a weekend', plain, '2026-03-06 09:00', 15 * HOUR, '2026-03-09 18:00'],
    ['5 business days (P3 closure)', plain, '2026-03-04 10:00', 5 * 7.5 * HOUR, '2026-03-11 10:00'],
    ['milliseconds are kept', plain, '2026-03-03 11:59', MINUTE + 1, '2026-03-03 13:30:00.001'],
    // 2026 Spring Festival: Sat 14 Feb worked, 15–23 Feb off, Sat 28 Feb worked.
    [
      'Friday before the Spring Festival into the make-up Saturday',
      china,
      '2026-02-13 17:00',
      4 * HOUR,
      '2026-02-14 12:00',
    ],
    ['Friday evening to the make-up Saturday morning', china, '2026-02-13 18:30', MINUTE, '2026-02-14 09:01'],
    ['on the make-up Saturday, over the holiday', china, '2026-02-14 10:00', 8 * HOUR, '2026-02-24 10:30'],
    ['from the last make-up hour over the holiday', china, '2026-02-14 18:00', 1, '2026-02-24 09:00:00.001'],
    ['from inside the holiday', china, '2026-02-18 10:00', 2 * HOUR, '2026-02-24 11:00'],
    ['into the second make-up Saturday', china, '2026-02-27 17:00', 2 * HOUR, '2026-02-28 10:00'],
    [
      'without the schedule the same start waits until Monday',
      plain,
      '2026-02-27 17:00',
      2 * HOUR,
      '2026-03-02 10:00',
    ],
    // Mid-Autumn 25–27 Sep, National Day 1–7 Oct, make-up Sun 20 Sep and Sat 10 Oct.
    ['into the make-up Sunday before National Day', china, '2026-09-18 17:00', 2 * HOUR, '2026-09-20 10:00'],
    ['over the Mid-Autumn Festival', china, '2026-09-24 17:00', 2 * HOUR, '2026-09-28 10:00'],
    ['over the National Day holiday', china, '2026-09-30 17:00', 2 * HOUR, '2026-10-08 10:00'],
    ['into the make-up Saturday after National Day', china, '2026-10-09 17:00', 2 * HOUR, '2026-10-10 10:00'],
    [
      'New Year 2026: holiday 1–3 Jan, make-up Sunday 4 Jan',
      china,
      '2025-12-31 17:00',
      2 * HOUR,
      '2026-01-04 10:00',
    ],
    ['24×7 is plain addition, holidays ignored', always, '2026-02-15 03:17', 30 * HOUR, '2026-02-16 09:17'],
  ];

  it.each(cases)('%s', (_case, calendar, start, duration, due) => {
    expect(inCst(addBusinessTime(calendar, cst(start), duration))).toBe(due);
  });

  it('returns the start itself for 0, even when closed', () => {
    for (const start of ['2026-03-03 10:00', '2026-03-03 12:30', '2026-03-07 10:00', '2026-02-16 10:00']) {
      expect(addBusinessTime(china, cst(start), 0)).toEqual(cst(start));
    }
  });

  it('refuses negative and non-finite amounts and invalid dates', () => {
    expect(() => addBusinessTime(plain, cst('2026-03-03 10:00'), -1)).toThrow(RangeError);
    expect(() => addBusinessTime(plain, cst('2026-03-03 10:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessTime(plain, new Date(Number.NaN), HOUR)).toThrow(RangeError);
  });

  it('works a make-up day with its own hours, or the normal weekday hours', () => {
    const halfDay: BusinessCalendar = {
      ...plain,
      workdays: [
        { date: '2026-03-07', intervals: [{ start: '09:00', end: '12:00' }] },
        { date: '2026-03-08' },
      ],
      holidays: ['2026-03-09'],
    };
    expect(inCst(addBusinessTime(halfDay, cst('2026-03-06 17:00'), 4 * HOUR))).toBe('2026-03-07 12:00');
    expect(inCst(addBusinessTime(halfDay, cst('2026-03-06 17:00'), 4 * HOUR + MINUTE))).toBe(
      '2026-03-08 09:01',
    );
    expect(inCst(addBusinessTime(halfDay, cst('2026-03-08 17:00'), 2 * HOUR))).toBe('2026-03-10 10:00');
  });

  it('uses several intervals a day in any order and merges touching ones', () => {
    const split: BusinessCalendar = {
      ...plain,
      weeklyHours: [
        [],
        [
          { start: '14:00', end: '16:00' },
          { start: '08:00', end: '10:00' },
          { start: '10:00', end: '11:00' },
        ],
        [],
        [],
        [],
        [],
        [],
      ],
    };
    expect(workingIntervalsOn(split, '2026-03-02')).toEqual([
      { start: '08:00', end: '11:00' },
      { start: '14:00', end: '16:00' },
    ]);
    expect(inCst(addBusinessTime(split, cst('2026-03-02 09:00'), 3 * HOUR))).toBe('2026-03-02 15:00');
    expect(inCst(addBusinessTime(split, cst('2026-03-02 09:00'), 5 * HOUR))).toBe('2026-03-09 09:00');
  });

  it('is fast for long targets: whole days, never minute by minute', () => {
    const began = performance.now();
    const start = cst('2026-01-05 10:00');
    const due = addBusinessTime(china, start, 30 * 24 * HOUR);
    expect(businessTimeBetween(china, start, due)).toBe(30 * 24 * HOUR);
    // 720 h at 7.5 h a day is 96 working days after 5 Jan, over the Spring Festival, Qingming and May Day.
    expect(inCst(due)).toBe('2026-05-28 10:00');
    const years = addBusinessTime(plain, start, 5000 * HOUR);
    expect(businessTimeBetween(plain, start, years)).toBe(5000 * HOUR);
    expect(performance.now() - began).toBeLessThan(500);
  });

  it('refuses a calendar without any working time', () => {
    const closed: BusinessCalendar = {
      ...plain,
      weeklyHours: [[], [], [], [], [], [], []],
      workdays: [{ date: '2026-03-04' }],
    };
    // The one make-up day has no hours of its own and there is no weekday to take them from.
    expect(() => addBusinessTime(closed, cst('2026-03-02 10:00'), HOUR)).toThrow(NoWorkingTimeError);
    expect(() => nextOpening(closed, cst('2026-03-02 10:00'))).toThrow(NoWorkingTimeError);
    const oneDay: BusinessCalendar = {
      ...closed,
      workdays: [{ date: '2026-03-04', intervals: [{ start: '09:00', end: '10:00' }] }],
    };
    expect(inCst(addBusinessTime(oneDay, cst('2026-03-02 10:00'), HOUR))).toBe('2026-03-04 10:00');
    expect(() => addBusinessTime(oneDay, cst('2026-03-02 10:00'), HOUR + 1)).toThrow(NoWorkingTimeError);
  });
});

describe('businessTimeBetween', () => {
  const cases: [string, BusinessCalendar, string, string, number][] = [
    ['a working morning', plain, '2026-03-03 09:00', '2026-03-03 12:00', 3 * HOUR],
    ['the lunch break does not count', plain, '2026-03-03 11:00', '2026-03-03 14:30', 2 * HOUR],
    ['a whole week', plain, '2026-03-02 00:00', '2026-03-09 00:00', 5 * 7.5 * HOUR],
    ['Friday 17:00 to Monday 12:00', plain, '2026-03-06 17:00', '2026-03-09 12:00', 4 * HOUR],
    ['a weekend', plain, '2026-03-07 00:00', '2026-03-09 00:00', 0],
    // Fri 13, Sat 14 (make-up), Tue 24–Fri 27, Sat 28 (make-up): 7 days.
    [
      '13 Feb to 1 Mar 2026 with the Spring Festival',
      china,
      '2026-02-13 00:00',
      '2026-03-01 00:00',
      7 * 7.5 * HOUR,
    ],
    ['the Spring Festival itself', china, '2026-02-15 00:00', '2026-02-24 00:00', 0],
    // Sep 2026: 22 weekdays − 25 Sep + Sun 20 Sep = 22 days; Oct 1–10: Thu 8, Fri 9, Sat 10 = 3 days.
    ['September 2026', china, '2026-09-01 00:00', '2026-10-01 00:00', 22 * 7.5 * HOUR],
    ['1–10 October 2026', china, '2026-10-01 00:00', '2026-10-11 00:00', 3 * 7.5 * HOUR],
    ['24×7', always, '2026-02-15 00:00', '2026-02-17 06:00', 54 * HOUR],
    ['reversed is 0', plain, '2026-03-03 12:00', '2026-03-03 09:00', 0],
    ['empty is 0', plain, '2026-03-03 10:00', '2026-03-03 10:00', 0],
    ['reversed 24×7 is 0', always, '2026-03-03 12:00', '2026-03-03 09:00', 0],
  ];

  it.each(cases)('%s', (_case, calendar, from, to, expected) => {
    expect(businessTimeBetween(calendar, cst(from), cst(to))).toBe(expected);
  });

  it('over months and years is the sum of its days, with holidays, make-up days and summer time', () => {
    const newYork: BusinessCalendar = { ...plain, timeZone: 'America/New_York' };
    const dayByDay = (calendar: BusinessCalendar, from: Date, to: Date) => {
      let total = 0;
      for (let at = from.getTime(); at < to.getTime(); at += 6 * HOUR)
        total += businessTimeBetween(calendar, new Date(at), new Date(Math.min(at + 6 * HOUR, to.getTime())));
      return total;
    };
    const spans: [BusinessCalendar, Date, Date][] = [
      [china, cst('2025-01-01 10:17'), cst('2026-12-30 16:45')],
      [china, cst('2026-02-13 11:00'), cst('2026-10-09 09:30')],
      [newYork, new Date('2025-11-01T13:05:00Z'), new Date('2026-04-02T21:40:00Z')],
      [plain, cst('2026-03-06 17:00'), cst('2026-03-09 12:00')],
    ];
    for (const [calendar, from, to] of spans) {
      expect(businessTimeBetween(calendar, from, to)).toBe(dayByDay(calendar, from, to));
    }
    // Earlier and later than the days asked about so far: the running totals grow to take them in.
    expect(businessTimeBetween(china, cst('2020-01-06 09:00'), cst('2020-01-13 09:00'))).toBe(5 * 7.5 * HOUR);
    expect(businessTimeBetween(plain, cst('2031-03-03 09:00'), cst('2031-03-10 09:00'))).toBe(5 * 7.5 * HOUR);
  });

  it('is the inverse of addBusinessTime (round trip over many starts and amounts)', () => {
    const durations = [
      1,
      MINUTE,
      29 * MINUTE,
      HOUR,
      3 * HOUR,
      3.5 * HOUR,
      7.5 * HOUR,
      8 * HOUR,
      26 * HOUR,
      100 * HOUR,
    ];
    let checked = 0;
    for (const calendar of [plain, china]) {
      // Every 97 minutes from late January into March 2026: all hours, weekdays, holidays, make-up days.
      for (
        let start = cst('2026-01-28 00:00').getTime();
        start < cst('2026-03-05 00:00').getTime();
        start += 97 * MINUTE
      ) {
        let previous = start;
        for (const duration of durations) {
          const due = addBusinessTime(calendar, new Date(start), duration);
          expect(businessTimeBetween(calendar, new Date(start), due)).toBe(duration);
          expect(due.getTime()).toBeGreaterThan(previous);
          previous = due.getTime();
          checked += 1;
        }
        // A positive amount starts counting at the next opening.
        const opening = nextOpening(calendar, new Date(start));
        expect(addBusinessTime(calendar, new Date(start), MINUTE).getTime()).toBe(opening.getTime() + MINUTE);
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe('nextOpening and isWorkingTime', () => {
  const cases: [string, BusinessCalendar, string, string, boolean][] = [
    ['at opening', plain, '2026-03-03 09:00', '2026-03-03 09:00', true],
    ['inside', plain, '2026-03-03 11:59', '2026-03-03 11:59', true],
    ['at 12:00 (end is exclusive)', plain, '2026-03-03 12:00', '2026-03-03 13:30', false],
    ['at lunch', plain, '2026-03-03 12:30', '2026-03-03 13:30', false],
    ['before opening', plain, '2026-03-03 08:00', '2026-03-03 09:00', false],
    ['Friday evening', plain, '2026-03-06 18:30', '2026-03-09 09:00', false],
    ['Saturday', plain, '2026-03-07 10:00', '2026-03-09 09:00', false],
    ['make-up Saturday', china, '2026-02-14 10:00', '2026-02-14 10:00', true],
    ['after the make-up Saturday', china, '2026-02-14 18:00', '2026-02-24 09:00', false],
    ['on the National Day holiday', china, '2026-10-05 10:00', '2026-10-08 09:00', false],
    ['24×7', always, '2026-02-16 03:00', '2026-02-16 03:00', true],
  ];

  it.each(cases)('%s', (_case, calendar, at, opening, working) => {
    expect(inCst(nextOpening(calendar, cst(at)))).toBe(opening);
    expect(isWorkingTime(calendar, cst(at))).toBe(working);
  });
});

describe('time zones', () => {
  const nineToFive: WeeklyHours = [
    [],
    ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]),
    [],
  ];
  const allDay: WeeklyHours = ALL_DAY_WEEKLY_HOURS;

  it('reads the hours in the calendar’s zone, whatever the process zone', () => {
    const newYork: BusinessCalendar = { ...plain, timeZone: 'America/New_York', weeklyHours: nineToFive };
    // Friday 6 March 2026 16:00 EST + 2 h → Monday 9 March 10:00 EDT (clocks went forward on the 8th).
    expect(addBusinessTime(newYork, new Date('2026-03-06T21:00:00Z'), 2 * HOUR).toISOString()).toBe(
      '2026-03-09T14:00:00.000Z',
    );
    expect(localDateOf('America/New_York', new Date('2026-03-07T03:00:00Z'))).toBe('2026-03-06');
    expect(localDateOf('Asia/Shanghai', new Date('2026-03-06T16:00:00Z'))).toBe('2026-03-07');
  });

  it('counts a 23-hour and a 25-hour day around daylight-saving changes', () => {
    const berlin: BusinessCalendar = { ...plain, timeZone: 'Europe/Berlin', weeklyHours: allDay };
    // Clocks go forward on 29 March 2026 at 02:00 and back on 25 October 2026 at 03:00.
    const spring = ['2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z'] as const;
    expect(businessTimeBetween(berlin, new Date(spring[0]), new Date(spring[1]))).toBe(23 * HOUR);
    const autumn = ['2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z'] as const;
    expect(businessTimeBetween(berlin, new Date(autumn[0]), new Date(autumn[1]))).toBe(25 * HOUR);
    const night: BusinessCalendar = {
      ...berlin,
      weeklyHours: Array.from({ length: 7 }, () => [{ start: '02:00', end: '04:00' }]),
    };
    // 02:00–04:00 on the day of the jump is one hour long (03:00–04:00 CEST).
    expect(
      businessTimeBetween(night, new Date('2026-03-28T23:00:00Z'), new Date('2026-03-29T22:00:00Z')),
    ).toBe(HOUR);
    expect(addBusinessTime(night, new Date('2026-03-28T23:00:00Z'), 30 * MINUTE).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('knows valid zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('intervals', () => {
  it.each([
    [[{ start: '09:00', end: '12:00' }], undefined],
    [[{ start: '00:00', end: '24:00' }], undefined],
    [
      [
        { start: '13:30', end: '18:00' },
        { start: '09:00', end: '13:30' },
      ],
      undefined,
    ],
    [[{ start: '9:00', end: '12:00' }], { index: 0, problem: 'malformed' }],
    [[{ start: '24:00', end: '24:00' }], { index: 0, problem: 'malformed' }],
    [[{ start: '09:00', end: '24:30' }], { index: 0, problem: 'malformed' }],
    [[{ start: '12:00', end: '12:00' }], { index: 0, problem: 'endNotAfterStart' }],
    [
      [
        { start: '09:00', end: '12:00' },
        { start: '11:00', end: '13:00' },
      ],
      { index: 1, problem: 'overlap' },
    ],
    [
      [
        { start: '11:00', end: '13:00' },
        { start: '09:00', end: '12:00' },
      ],
      { index: 0, problem: 'overlap' },
    ],
  ])('%j → %j', (intervals, problem) => {
    expect(findIntervalProblem(intervals)).toEqual(problem);
  });

  it('gives make-up days the first worked weekday’s hours', () => {
    expect(defaultWorkdayHours(DEFAULT_WEEKLY_HOURS)).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '18:00' },
    ]);
    const saturdaysOnly: WeeklyHours = [[], [], [], [], [], [], [{ start: '10:00', end: '14:00' }]];
    expect(defaultWorkdayHours(saturdaysOnly)).toEqual([{ start: '10:00', end: '14:00' }]);
  });
});
