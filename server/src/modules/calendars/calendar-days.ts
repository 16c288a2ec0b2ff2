/**
 * How a stored calendar becomes a `BusinessCalendar`: its weekly hours, the State Council schedule when
 * it follows it, and its own days, which win over both. Pure: the China data is the package's.
 */
import {
  type BusinessCalendar,
  DEFAULT_TIME_ZONE,
  DEFAULT_WEEKLY_HOURS,
  dateOfDayNumber,
  dayNumberOf,
  type WeeklyHours,
  type WorkingInterval,
  weekdayOfDayNumber,
  workingIntervalsOn,
} from './business-time.js';
import { chinaDays, isChinaYearCovered } from './china-holidays.js';

export type DayKind = 'holiday' | 'workday';

/** What a calendar is, apart from its own days. */
export interface CalendarSettings {
  timeZone: string;
  weeklyHours: WeeklyHours;
  is24x7: boolean;
  usesChinaHolidays: boolean;
}

/** A day an administrator added to a calendar: a holiday, or a workday with its hours (null: weekday hours). */
export interface OwnDay {
  date: string;
  kind: DayKind;
  name: string;
  hours: readonly WorkingInterval[] | null;
}

/** A date that does not follow the weekly hours, and why. */
export interface SpecialDay extends OwnDay {
  source: 'china' | 'custom';
  /** The English name of an official holiday; null for the calendar's own days. */
  nameEn: string | null;
}

/** The China default calendar: Asia/Shanghai, Monday–Friday 09:00–12:00 and 13:30–18:00, official holidays. */
export const CHINA_BUSINESS_SETTINGS: CalendarSettings = {
  timeZone: DEFAULT_TIME_ZONE,
  weeklyHours: DEFAULT_WEEKLY_HOURS,
  is24x7: false,
  usesChinaHolidays: true,
};

/** The official days (when the calendar follows them) with the calendar's own days over them, by date. */
export function specialDays(settings: CalendarSettings, ownDays: readonly OwnDay[]): SpecialDay[] {
  const days = new Map<string, SpecialDay>();
  if (settings.usesChinaHolidays) {
    for (const day of chinaDays()) {
      days.set(day.date, {
        date: day.date,
        kind: day.kind,
        name: day.name,
        nameEn: day.nameEn,
        hours: null,
        source: 'china',
      });
    }
  }
  for (const day of ownDays) days.set(day.date, { ...day, nameEn: null, source: 'custom' });
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** The calendar the business-time arithmetic runs on. */
export function buildBusinessCalendar(
  settings: CalendarSettings,
  ownDays: readonly OwnDay[],
): BusinessCalendar {
  const days = specialDays(settings, ownDays);
  return {
    timeZone: settings.timeZone,
    weeklyHours: settings.weeklyHours,
    is24x7: settings.is24x7,
    holidays: days.filter((day) => day.kind === 'holiday').map((day) => day.date),
    workdays: days
      .filter((day) => day.kind === 'workday')
      .map((day) => ({ date: day.date, intervals: day.hours })),
  };
}

/** The China default calendar (`china_business`), with optional own days over the official ones. */
export const chinaBusinessCalendar = (ownDays: readonly OwnDay[] = []): BusinessCalendar =>
  buildBusinessCalendar(CHINA_BUSINESS_SETTINGS, ownDays);

export interface MonthDay {
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  isWorkingDay: boolean;
  intervals: WorkingInterval[];
  /** What decided the day: the weekly hours, the official schedule, or the calendar's own day. */
  source: 'weekly' | 'china' | 'custom';
  /** Set when the day is a holiday or a (make-up) workday by the schedule or its own day. */
  kind: DayKind | null;
  name: string | null;
  nameEn: string | null;
}

export interface MonthView {
  month: string;
  days: MonthDay[];
  /** Whether the State Council schedule of the month's year is known (false also when not followed). */
  chinaScheduleKnown: boolean;
}

/** Each day of `month` (`YYYY-MM`): worked or not, its hours, and why. */
export function describeMonth(
  settings: CalendarSettings,
  ownDays: readonly OwnDay[],
  month: string,
): MonthView {
  const first = dayNumberOf(`${month}-01`);
  if (first === undefined) throw new RangeError(`Invalid month ${month}`);
  const year = Number(month.slice(0, 4));
  const monthIndex = Number(month.slice(5, 7));
  const last = Date.UTC(year, monthIndex, 1) / 86_400_000;
  const calendar = buildBusinessCalendar(settings, ownDays);
  const special = new Map(
    settings.is24x7 ? [] : specialDays(settings, ownDays).map((day) => [day.date, day] as const),
  );
  const days: MonthDay[] = [];
  for (let day = first; day < last; day++) {
    const date = dateOfDayNumber(day);
    const intervals = workingIntervalsOn(calendar, date);
    const marked = special.get(date);
    days.push({
      date,
      weekday: weekdayOfDayNumber(day),
      isWorkingDay: intervals.length > 0,
      intervals,
      source: marked?.source ?? 'weekly',
      kind: marked?.kind ?? null,
      name: marked?.name || null,
      nameEn: marked?.nameEn ?? null,
    });
  }
  return { month, days, chinaScheduleKnown: settings.usesChinaHolidays && isChinaYearCovered(year) };
}
