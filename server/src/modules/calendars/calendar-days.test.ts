import { describe, expect, it } from 'vitest';
import { ALL_DAY_WEEKLY_HOURS, DEFAULT_WEEKLY_HOURS } from './business-time.js';
import {
  buildBusinessCalendar,
  type CalendarSettings,
  CHINA_BUSINESS_SETTINGS,
  chinaBusinessCalendar,
  describeMonth,
  type OwnDay,
  specialDays,
} from './calendar-days.js';

const own: OwnDay[] = [
  // Work the first morning of the Spring Festival; do not work the second make-up Saturday.
  { date: '2026-02-16', kind: 'workday', name: '值班', hours: [{ start: '09:00', end: '12:00' }] },
  { date: '2026-02-28', kind: 'holiday', name: '', hours: null },
  { date: '2026-03-09', kind: 'holiday', name: '公司年会', hours: null },
];

describe('the China default calendar', () => {
  it('holds the official holidays and make-up days of every covered year', () => {
    const calendar = chinaBusinessCalendar();
    expect(calendar).toMatchObject({
      timeZone: 'Asia/Shanghai',
      is24x7: false,
      weeklyHours: DEFAULT_WEEKLY_HOURS,
    });
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2004-01-01', '2026-02-15', '2026-10-07']));
    expect(calendar.workdays).toEqual(
      expect.arrayContaining([
        { date: '2026-02-14', intervals: null },
        { date: '2026-10-10', intervals: null },
      ]),
    );
    expect(calendar.holidays).not.toContain('2026-02-14');
  });

  it('lets the calendar’s own days win over the official ones', () => {
    const calendar = chinaBusinessCalendar(own);
    expect(calendar.holidays).not.toContain('2026-02-16');
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2026-02-17', '2026-02-28', '2026-03-09']));
    expect(calendar.workdays).toContainEqual({
      date: '2026-02-16',
      intervals: [{ start: '09:00', end: '12:00' }],
    });
    expect(calendar.workdays.map((day) => day.date)).not.toContain('2026-02-28');
    const days = specialDays(CHINA_BUSINESS_SETTINGS, own).filter((day) => day.date.startsWith('2026-02-1'));
    expect(days.map((day) => `${day.date} ${day.source} ${day.kind} ${day.name}`)).toEqual([
      '2026-02-14 china workday 春节',
      '2026-02-15 china holiday 春节',
      '2026-02-16 custom workday 值班',
      '2026-02-17 china holiday 春节',
      '2026-02-18 china holiday 春节',
      '2026-02-19 china holiday 春节',
    ]);
  });

  it('without the official schedule only the weekly hours and own days count', () => {
    const settings: CalendarSettings = { ...CHINA_BUSINESS_SETTINGS, usesChinaHolidays: false };
    const calendar = buildBusinessCalendar(settings, own);
    expect(calendar.holidays).toEqual(['2026-02-28', '2026-03-09']);
    expect(calendar.workdays).toEqual([
      { date: '2026-02-16', intervals: [{ start: '09:00', end: '12:00' }] },
    ]);
  });
});

describe('describeMonth', () => {
  it('describes each day of February 2026', () => {
    const view = describeMonth(CHINA_BUSINESS_SETTINGS, own, '2026-02');
    expect(view.days).toHaveLength(28);
    expect(view.chinaScheduleKnown).toBe(true);
    const byDate = Object.fromEntries(view.days.map((day) => [day.date, day]));
    expect(byDate['2026-02-01']).toMatchObject({
      weekday: 0,
      isWorkingDay: false,
      source: 'weekly',
      kind: null,
    });
    expect(byDate['2026-02-14']).toMatchObject({
      weekday: 6,
      isWorkingDay: true,
      source: 'china',
      kind: 'workday',
      name: '春节',
      nameEn: 'Spring Festival',
    });
    expect(byDate['2026-02-15']).toMatchObject({
      isWorkingDay: false,
      source: 'china',
      kind: 'holiday',
      intervals: [],
    });
    expect(byDate['2026-02-16']).toMatchObject({
      isWorkingDay: true,
      source: 'custom',
      name: '值班',
      nameEn: null,
    });
    expect(byDate['2026-02-28']).toMatchObject({
      isWorkingDay: false,
      source: 'custom',
      kind: 'holiday',
      name: null,
    });
  });

  it('shows every day open on a 7×24 calendar and knows uncovered years', () => {
    const always: CalendarSettings = {
      timeZone: 'Asia/Shanghai',
      weeklyHours: ALL_DAY_WEEKLY_HOURS,
      is24x7: true,
      usesChinaHolidays: false,
    };
    const view = describeMonth(always, own, '2026-02');
    expect(view.days.every((day) => day.isWorkingDay && day.source === 'weekly')).toBe(true);
    expect(view.chinaScheduleKnown).toBe(false);
    expect(describeMonth(CHINA_BUSINESS_SETTINGS, [], '2099-02').chinaScheduleKnown).toBe(false);
    expect(describeMonth(CHINA_BUSINESS_SETTINGS, [], '2024-02').days).toHaveLength(29);
  });
});
