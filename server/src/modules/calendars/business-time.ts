/**
 * Business-time arithmetic (R5.2): pure functions over a `BusinessCalendar` value, no I/O.
 *
 * A calendar says, for each local date in its time zone, which wall-clock intervals are worked: the
 * weekday's `weeklyHours`, none on a `holidays` date, and a `workdays` date (a 调休 make-up day, or any
 * date with its own hours) worked with its own intervals or, without them, the calendar's normal
 * weekday hours (`defaultWorkdayHours`). An `is24x7` calendar is always open: business time is plain time.
 *
 * Decisions:
 * - Intervals are half-open `[start, end)`: 12:00 is outside 09:00–12:00. An interval ends at `24:00` at
 *   the latest; a night shift is two intervals on two dates.
 * - `addBusinessTime(start, 0)` returns `start` itself, even when the calendar is closed then; any positive
 *   amount begins at the next opening. A due time landing exactly on a closing time is that closing time
 *   (4 h from 14:00 with 09:00–18:00 is 18:00 the same day, not 09:00 the next).
 * - Wall-clock times become instants with the zone's rules via `Intl.DateTimeFormat`, so any IANA zone
 *   works: a local time skipped by a daylight-saving jump counts from after the jump, a repeated one from
 *   its first occurrence (Temporal's "compatible" disambiguation).
 * - Cost is proportional to the calendar days spanned (one step per day, at most two `Intl` look-ups per
 *   worked day), never to the minutes: a 30-day target walks about 130 days.
 * - A calendar value is treated as immutable: it is indexed once (in a WeakMap) on first use.
 */

export interface WorkingInterval {
  /** `HH:MM`, 00:00–23:59. */
  start: string;
  /** `HH:MM`, after `start`; `24:00` is the end of the day. */
  end: string;
}

/** Working intervals for each weekday, index 0 = Sunday … 6 = Saturday. */
export type WeeklyHours = readonly (readonly WorkingInterval[])[];

/** A date worked although its weekday or a holiday says otherwise (调休), or worked with other hours. */
export interface MakeUpWorkday {
  date: string;
  /** Omitted or null: the calendar's normal weekday hours (`defaultWorkdayHours`). */
  intervals?: readonly WorkingInterval[] | null | undefined;
}

export interface BusinessCalendar {
  /** IANA time zone the hours are read in, e.g. `Asia/Shanghai`. */
  timeZone: string;
  weeklyHours: WeeklyHours;
  /** Dates (`YYYY-MM-DD`) not worked. */
  holidays: readonly string[];
  /** Dates worked with the given hours; such a date wins over `holidays` and the weekday. */
  workdays: readonly MakeUpWorkday[];
  /** Always open: holidays and hours are ignored, business time is plain time. */
  is24x7: boolean;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** 09:00–12:00 and 13:30–18:00: a lunch break is not business time. */
export const DEFAULT_WORKDAY_HOURS: readonly WorkingInterval[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];

/** Monday to Friday with the default hours. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = [
  [],
  DEFAULT_WORKDAY_HOURS,
  DEFAULT_WORKDAY_HOURS,
  DEFAULT_WORKDAY_HOURS,
  DEFAULT_WORKDAY_HOURS,
  DEFAULT_WORKDAY_HOURS,
  [],
];

/** Every day, all day (the weekly hours stored with a 7×24 calendar). */
export const ALL_DAY_WEEKLY_HOURS: WeeklyHours = Array.from({ length: 7 }, () => [
  { start: '00:00', end: '24:00' },
]);

/** Thrown when a calendar has no working time at all after the given moment. */
export class NoWorkingTimeError extends RangeError {
  constructor() {
    super('The calendar has no working time after this moment');
    this.name = 'NoWorkingTimeError';
  }
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** No computation walks further than this many days (a guard against absurd inputs, ~100 years). */
const MAX_DAYS = 36_600;

// Times of day and dates ------------------------------------------------------------------------

const TIME_OF_DAY = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after midnight of `HH:MM` (`24:00` is 1440), or undefined when malformed. */
export function minutesOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  if (!match) return undefined;
  return Number(match[1] ?? match[3]) * 60 + Number(match[2] ?? match[4]);
}

const timeOfDay = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or undefined when it is not a real date. */
export function dayNumberOf(date: string): number | undefined {
  const match = DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return time / DAY;
}

/** The `YYYY-MM-DD` date of a day number. */
export const dateOfDayNumber = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export const weekdayOfDayNumber = (day: number) => (((day + 4) % 7) + 7) % 7;

export type IntervalProblem = { index: number; problem: 'malformed' | 'endNotAfterStart' | 'overlap' };

/** The first thing wrong with a day's intervals (malformed, empty, overlapping), or undefined when fine. */
export function findIntervalProblem(intervals: readonly WorkingInterval[]): IntervalProblem | undefined {
  const parsed: { index: number; start: number; end: number }[] = [];
  for (const [index, interval] of intervals.entries()) {
    const start = minutesOfDay(interval.start);
    const end = minutesOfDay(interval.end);
    if (start === undefined || end === undefined || start === 1440) return { index, problem: 'malformed' };
    if (end <= start) return { index, problem: 'endNotAfterStart' };
    parsed.push({ index, start, end });
  }
  const sorted = [...parsed].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const current = sorted[i]!;
    if (current.start < sorted[i - 1]!.end) return { index: current.index, problem: 'overlap' };
  }
  return undefined;
}

type Span = readonly [start: number, end: number];

/** Intervals as minute spans, sorted, with touching or overlapping ones merged. */
function toSpans(intervals: readonly WorkingInterval[]): Span[] {
  const spans: [number, number][] = [];
  for (const interval of intervals) {
    const start = minutesOfDay(interval.start);
    const end = minutesOfDay(interval.end);
    if (start === undefined || end === undefined || end <= start) {
      throw new RangeError(`Invalid working interval ${interval.start}–${interval.end}`);
    }
    spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

const toIntervals = (spans: readonly Span[]): WorkingInterval[] =>
  spans.map(([start, end]) => ({ start: timeOfDay(start), end: timeOfDay(end) }));

/** The hours of a make-up workday without its own: the first worked weekday from Monday on. */
export function defaultWorkdayHours(weeklyHours: WeeklyHours): readonly WorkingInterval[] {
  for (const weekday of [1, 2, 3, 4, 5, 6, 0]) {
    const hours = weeklyHours[weekday] ?? [];
    if (hours.length > 0) return hours;
  }
  return [];
}

// Time zones ------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const QUARTER_HOUR = 15 * 60_000;
// Asking Intl is slow and a list of tickets asks thousands of times. Zone transitions since the
// offsets became whole quarter hours fall on quarter-hour instants, so one answer per zone and quarter
// hour is exact; offsets that are not whole quarter hours (local mean time, before ~1920) are not kept.
const offsets = new Map<string, number>();

/** 'YYYY-MM-DD HH:mm' in the time zone, for messages people read. */
export function localDateTime(at: Date, timeZone: string): string {
  return new Date(at.getTime() + zoneOffset(timeZone, at.getTime()))
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
}

/** The zone's offset from UTC at `instant`, in milliseconds (local wall time = UTC + offset). */
export function zoneOffset(timeZone: string, instant: number): number {
  const key = `${timeZone}@${Math.floor(instant / QUARTER_HOUR)}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const offset = computeZoneOffset(timeZone, instant);
  if (offset % QUARTER_HOUR === 0) {
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

function computeZoneOffset(timeZone: string, instant: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields.year!,
    fields.month! - 1,
    fields.day!,
    fields.hour!,
    fields.minute!,
    fields.second!,
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a wall-clock time (given as milliseconds of that local time read as UTC). A time in a
 * daylight-saving gap moves forward by the gap; a repeated time takes its first occurrence.
 */
function wallToInstant(timeZone: string, wall: number): number {
  const before = zoneOffset(timeZone, wall - DAY);
  const after = zoneOffset(timeZone, wall + DAY);
  if (before === after) return wall - before;
  const valid = [before, after].filter((offset) => zoneOffset(timeZone, wall - offset) === offset);
  if (valid.length > 0) return Math.min(...valid.map((offset) => wall - offset));
  return wall - before;
}

/** The local day number (days since 1970-01-01 in the zone) that `instant` falls on. */
function localDayOf(timeZone: string, instant: number): number {
  return Math.floor((instant + zoneOffset(timeZone, instant)) / DAY);
}

/** The local date (`YYYY-MM-DD`) of `at` in `timeZone`. */
export const localDateOf = (timeZone: string, at: Date): string =>
  dateOfDayNumber(localDayOf(timeZone, at.getTime()));

// Indexed calendars -----------------------------------------------------------------------------

interface IndexedCalendar {
  timeZone: string;
  weekly: Span[][];
  holidays: Set<number>;
  workdays: Map<number, Span[]>;
  /** The last holiday or make-up day; after it the weekly pattern alone decides. */
  lastSpecialDay: number;
  hasWeeklyHours: boolean;
  /** Working milliseconds before each day of a range, built as asked (see `workedBefore`). */
  worked?: { firstDay: number; before: Float64Array };
}

const indexed = new WeakMap<BusinessCalendar, IndexedCalendar>();

function dayNumberOrThrow(date: string): number {
  const day = dayNumberOf(date);
  if (day === undefined) throw new RangeError(`Invalid date ${date}`);
  return day;
}

function indexCalendar(calendar: BusinessCalendar): IndexedCalendar {
  const cached = indexed.get(calendar);
  if (cached) return cached;
  if (!isValidTimeZone(calendar.timeZone)) throw new RangeError(`Unknown time zone ${calendar.timeZone}`);
  const weekly = Array.from({ length: 7 }, (_, weekday) => toSpans(calendar.weeklyHours[weekday] ?? []));
  const fallback = toSpans(defaultWorkdayHours(calendar.weeklyHours));
  const holidays = new Set(calendar.holidays.map(dayNumberOrThrow));
  const workdays = new Map(
    calendar.workdays.map((workday) => [
      dayNumberOrThrow(workday.date),
      workday.intervals ? toSpans(workday.intervals) : fallback,
    ]),
  );
  const result: IndexedCalendar = {
    timeZone: calendar.timeZone,
    weekly,
    holidays,
    workdays,
    lastSpecialDay: Math.max(Number.NEGATIVE_INFINITY, ...holidays, ...workdays.keys()),
    hasWeeklyHours: weekly.some((spans) => spans.length > 0),
  };
  indexed.set(calendar, result);
  return result;
}

function spansOfDay(calendar: IndexedCalendar, day: number): readonly Span[] {
  const workday = calendar.workdays.get(day);
  if (workday) return workday;
  if (calendar.holidays.has(day)) return [];
  return calendar.weekly[weekdayOfDayNumber(day)]!;
}

const steadyOffsets = new Map<string, number | null>();

/**
 * The zone's one offset throughout a local day, or null when it changes near that day. Memoised, since
 * SLA sweeps ask about the same few days again and again.
 */
function steadyOffsetOfDay(timeZone: string, day: number): number | null {
  const key = `${timeZone}|${day}`;
  const known = steadyOffsets.get(key);
  if (known !== undefined) return known;
  // The same offset from well before the day to well after it: no transition inside.
  const early = zoneOffset(timeZone, (day - 1) * DAY);
  const late = zoneOffset(timeZone, (day + 2) * DAY);
  const offset = early === late ? early : null;
  if (steadyOffsets.size >= 50_000) steadyOffsets.clear();
  steadyOffsets.set(key, offset);
  return offset;
}

/** The worked instants `[start, end)` of a local day, in order. */
function instantSpansOfDay(calendar: IndexedCalendar, day: number): Span[] {
  const spans = spansOfDay(calendar, day);
  if (spans.length === 0) return [];
  const midnight = day * DAY;
  const { timeZone } = calendar;
  const offset = steadyOffsetOfDay(timeZone, day);
  const toInstant =
    offset === null ? (wall: number) => wallToInstant(timeZone, wall) : (wall: number) => wall - offset;
  const result: Span[] = [];
  for (const [start, end] of spans) {
    const from = toInstant(midnight + start * MINUTE);
    const to = toInstant(midnight + end * MINUTE);
    if (to > from) result.push([from, to]);
  }
  return result;
}

/** Visits each worked span from the local day of `from` on, until `visit` returns true. */
function walkSpans(calendar: IndexedCalendar, from: number, visit: (span: Span) => boolean): void {
  const firstDay = localDayOf(calendar.timeZone, from);
  for (let day = firstDay; day < firstDay + MAX_DAYS; day++) {
    const spans = instantSpansOfDay(calendar, day);
    if (spans.length === 0 && !calendar.hasWeeklyHours && day > calendar.lastSpecialDay) {
      throw new NoWorkingTimeError();
    }
    for (const span of spans) {
      if (span[1] > from && visit(span)) return;
    }
  }
  throw new NoWorkingTimeError();
}

function instantOf(at: Date): number {
  const time = at.getTime();
  if (!Number.isFinite(time)) throw new RangeError('Invalid date');
  return time;
}

// The arithmetic ----------------------------------------------------------------------------------

/**
 * The moment when `milliseconds` of working time have passed after `start`. A start outside working
 * hours begins at the next opening; 0 returns `start` unchanged. Negative amounts are refused.
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, milliseconds: number): Date {
  const from = instantOf(start);
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw new RangeError(`Business time must be a finite amount ≥ 0, not ${milliseconds}`);
  }
  if (milliseconds === 0) return new Date(from);
  if (calendar.is24x7) return new Date(from + milliseconds);
  let remaining = milliseconds;
  let due = from;
  walkSpans(indexCalendar(calendar), from, ([spanStart, spanEnd]) => {
    const begin = Math.max(spanStart, from);
    const available = spanEnd - begin;
    if (remaining <= available) {
      due = begin + remaining;
      return true;
    }
    remaining -= available;
    return false;
  });
  return new Date(due);
}

/** Working milliseconds in `[from, to)`; 0 when `to` is not after `from`. */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const start = instantOf(from);
  const end = instantOf(to);
  if (end <= start) return 0;
  if (calendar.is24x7) return end - start;
  const index = indexCalendar(calendar);
  const firstDay = localDayOf(index.timeZone, start);
  const lastDay = localDayOf(index.timeZone, end);
  const within = (day: number) => {
    let total = 0;
    for (const [spanStart, spanEnd] of instantSpansOfDay(index, day)) {
      const overlap = Math.min(spanEnd, end) - Math.max(spanStart, start);
      if (overlap > 0) total += overlap;
    }
    return total;
  };
  if (lastDay - firstDay < 2) {
    let total = 0;
    for (let day = firstDay; day <= lastDay; day++) total += within(day);
    return total;
  }
  // The whole days between from the running totals: the remaining time of a milestone overdue for
  // months is asked for each row of every inbox page and board refresh.
  const worked = workedDays(index, firstDay + 1, lastDay);
  return (
    within(firstDay) +
    worked.before[lastDay - worked.firstDay]! -
    worked.before[firstDay + 1 - worked.firstDay]! +
    within(lastDay)
  );
}

const WORKED_MARGIN_DAYS = 400;

/**
 * Running totals of working milliseconds that take in the days `from` to `to`: `before[day - firstDay]`
 * is the work of the days from `firstDay` up to, not including, `day`. Rebuilt wider when asked about
 * days outside them, with room on both sides so nearby questions reuse it.
 */
function workedDays(calendar: IndexedCalendar, from: number, to: number) {
  const known = calendar.worked;
  if (known && from >= known.firstDay && to < known.firstDay + known.before.length) return known;
  const firstDay = Math.min(from, known?.firstDay ?? from) - WORKED_MARGIN_DAYS;
  const lastDay = Math.max(to, known ? known.firstDay + known.before.length - 1 : to) + WORKED_MARGIN_DAYS;
  const before = new Float64Array(lastDay - firstDay + 1);
  for (let index = 1; index < before.length; index++) {
    let total = 0;
    for (const [spanStart, spanEnd] of instantSpansOfDay(calendar, firstDay + index - 1))
      total += spanEnd - spanStart;
    before[index] = before[index - 1]! + total;
  }
  calendar.worked = { firstDay, before };
  return calendar.worked;
}

/** `at` itself when it is working time, else the next moment the calendar opens. */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date {
  const from = instantOf(at);
  if (calendar.is24x7) return new Date(from);
  let opening = from;
  walkSpans(indexCalendar(calendar), from, ([spanStart]) => {
    opening = Math.max(spanStart, from);
    return true;
  });
  return new Date(opening);
}

/** Whether `at` is inside a working interval. */
export function isWorkingTime(calendar: BusinessCalendar, at: Date): boolean {
  const time = instantOf(at);
  if (calendar.is24x7) return true;
  const index = indexCalendar(calendar);
  return instantSpansOfDay(index, localDayOf(index.timeZone, time)).some(
    ([start, end]) => start <= time && time < end,
  );
}

/** The wall-clock working intervals of one local date (`YYYY-MM-DD`), merged and in order. */
export function workingIntervalsOn(calendar: BusinessCalendar, date: string): WorkingInterval[] {
  if (calendar.is24x7) return [{ start: '00:00', end: '24:00' }];
  return toIntervals(spansOfDay(indexCalendar(calendar), dayNumberOrThrow(date)));
}
