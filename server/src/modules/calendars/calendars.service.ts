import { isDeepStrictEqual } from 'node:util';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import {
  ALL_DAY_WEEKLY_HOURS,
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  DEFAULT_TIME_ZONE,
  DEFAULT_WEEKLY_HOURS,
  findIntervalProblem,
  isValidTimeZone,
  isWorkingTime,
  localDateOf,
  NoWorkingTimeError,
  nextOpening,
  type WeeklyHours,
  type WorkingInterval,
} from './business-time.js';
import { buildBusinessCalendar, type CalendarSettings, describeMonth, type OwnDay } from './calendar-days.js';
import {
  type CalendarFields,
  type CalendarRecord,
  clearDefaultCalendar,
  deleteCalendar,
  deleteCalendarDay,
  findCalendarById,
  findCalendarByKey,
  findCalendarDay,
  findDefaultCalendar,
  insertCalendar,
  listCalendarDays,
  listCalendars,
  lockCalendar,
  updateCalendar,
  upsertCalendarDay,
} from './calendars.repository.js';
import type {
  ComputeInput,
  CreateCalendarInput,
  PutDayInput,
  UpdateCalendarInput,
} from './calendars.schema.js';
import { chinaHolidayCoverage } from './china-holidays.js';

export { ensureDefaultCalendars } from './defaults.js';

const FOREIGN_KEY_VIOLATION = '23503';
const MINUTE = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const settingsOf = (calendar: CalendarRecord): CalendarSettings => ({
  timeZone: calendar.timeZone,
  weeklyHours: calendar.weeklyHours,
  is24x7: calendar.is24x7,
  usesChinaHolidays: calendar.usesChinaHolidays,
});

const ownDaysOf = (days: readonly OwnDay[]): OwnDay[] =>
  days.map(({ date, kind, name, hours }) => ({ date, kind, name, hours }));

// Loading a calendar for the arithmetic -----------------------------------------------------------

async function findCalendar(db: Queryable, idOrKey: string): Promise<CalendarRecord | undefined> {
  return UUID.test(idOrKey) ? findCalendarById(db, idOrKey) : findCalendarByKey(db, idOrKey);
}

/** The business calendar of a stored calendar (by id or key): weekly hours, official schedule, own days. */
export async function loadCalendar(db: Queryable, idOrKey: string): Promise<BusinessCalendar> {
  const calendar = await findCalendar(db, idOrKey);
  if (!calendar) throw notFound('calendars.notFound');
  return buildBusinessCalendar(settingsOf(calendar), ownDaysOf(await listCalendarDays(db, calendar.id)));
}

/** The default calendar's business calendar (`china_business` on a new instance). */
export async function loadDefaultCalendar(db: Queryable): Promise<BusinessCalendar> {
  const calendar = await findDefaultCalendar(db);
  if (!calendar) throw notFound('calendars.notFound');
  return loadCalendar(db, calendar.id);
}

// Validation --------------------------------------------------------------------------------------

const byStart = (intervals: readonly WorkingInterval[]) =>
  [...intervals].sort((a, b) => a.start.localeCompare(b.start));

/** Refuses malformed, empty or overlapping intervals, naming the interval as `<field>.<index>`. */
function assertIntervals(intervals: readonly WorkingInterval[], field: string): void {
  const problem = findIntervalProblem(intervals);
  if (!problem) return;
  const interval = intervals[problem.index]!;
  const key =
    problem.problem === 'overlap'
      ? 'calendars.intervalsOverlap'
      : problem.problem === 'endNotAfterStart'
        ? 'calendars.intervalEndNotAfterStart'
        : 'calendars.intervalMalformed';
  throw new AppError('validation_failed', key, {
    field: `${field}.${problem.index}`,
    params: { start: interval.start, end: interval.end },
  });
}

function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new AppError('validation_failed', 'calendars.unknownTimeZone', {
      field: 'body.timeZone',
      params: { timeZone },
    });
  }
}

/** Checks and orders the weekly hours; a calendar that is not 7×24 needs some working time. */
function checkedWeeklyHours(weeklyHours: WeeklyHours, is24x7: boolean): WorkingInterval[][] {
  weeklyHours.forEach((intervals, weekday) => {
    assertIntervals(intervals, `body.weeklyHours.${weekday}`);
  });
  if (!is24x7 && weeklyHours.every((intervals) => intervals.length === 0)) {
    throw new AppError('validation_failed', 'calendars.noWorkingHours', { field: 'body.weeklyHours' });
  }
  return weeklyHours.map(byStart);
}

// Calendars ---------------------------------------------------------------------------------------

async function requireCalendar(db: Queryable, id: string): Promise<CalendarRecord> {
  const calendar = await findCalendarById(db, id);
  if (!calendar) throw notFound('calendars.notFound');
  return calendar;
}

const audited = (calendar: CalendarRecord) => ({
  key: calendar.key,
  name: calendar.name,
  timeZone: calendar.timeZone,
  weeklyHours: calendar.weeklyHours,
  is24x7: calendar.is24x7,
  usesChinaHolidays: calendar.usesChinaHolidays,
  isDefault: calendar.isDefault,
});

export const listAllCalendars = (ctx: AppContext) => listCalendars(ctx.db);

export interface CalendarDetail extends CalendarRecord {
  days: OwnDay[];
  chinaHolidayCoverage: { firstYear: number; lastYear: number } | null;
}

async function detailOf(db: Queryable, calendar: CalendarRecord): Promise<CalendarDetail> {
  return {
    ...calendar,
    days: ownDaysOf(await listCalendarDays(db, calendar.id)),
    chinaHolidayCoverage: chinaHolidayCoverage(),
  };
}

export async function getCalendar(ctx: AppContext, id: string): Promise<CalendarDetail> {
  return detailOf(ctx.db, await requireCalendar(ctx.db, id));
}

export async function createCalendar(
  ctx: AppContext,
  actor: Actor,
  input: CreateCalendarInput,
): Promise<CalendarDetail> {
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone);
  const is24x7 = input.is24x7 ?? false;
  const weeklyHours = checkedWeeklyHours(
    input.weeklyHours ?? (is24x7 ? ALL_DAY_WEEKLY_HOURS : DEFAULT_WEEKLY_HOURS),
    is24x7,
  );
  return ctx.db.transaction(async (tx) => {
    const isDefault = input.isDefault ?? false;
    if (isDefault) await clearDefaultCalendar(tx, ctx.clock.now());
    const id = await insertCalendar(tx, {
      key: input.key,
      name: input.name,
      timeZone,
      weeklyHours,
      is24x7,
      // Aftercare's calendars follow the State Council schedule unless told otherwise (7×24 needs none).
      usesChinaHolidays: input.usesChinaHolidays ?? !is24x7,
      isDefault,
    });
    if (!id) {
      throw new AppError('conflict', 'calendars.keyTaken', { field: 'body.key', params: { key: input.key } });
    }
    const calendar = await requireCalendar(tx, id);
    await recordAudit(tx, actor, {
      action: 'calendar.created',
      entityType: 'business_calendar',
      entityId: id,
      after: audited(calendar),
    });
    return detailOf(tx, calendar);
  });
}

export async function updateCalendarById(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateCalendarInput,
): Promise<CalendarDetail> {
  if (input.timeZone !== undefined) assertTimeZone(input.timeZone);
  return ctx.db.transaction(async (tx) => {
    if (!(await lockCalendar(tx, id))) throw notFound('calendars.notFound');
    const before = await requireCalendar(tx, id);
    if (input.isDefault === false && before.isDefault) {
      throw new AppError('conflict', 'calendars.unsetDefault', { field: 'body.isDefault' });
    }
    const is24x7 = input.is24x7 ?? before.is24x7;
    const fields: CalendarFields = {
      name: input.name ?? before.name,
      timeZone: input.timeZone ?? before.timeZone,
      weeklyHours: checkedWeeklyHours(input.weeklyHours ?? before.weeklyHours, is24x7),
      is24x7,
      usesChinaHolidays: input.usesChinaHolidays ?? before.usesChinaHolidays,
      isDefault: before.isDefault || input.isDefault === true,
    };
    const changed = (Object.keys(fields) as (keyof CalendarFields)[]).some(
      (key) => !isDeepStrictEqual(fields[key], before[key]),
    );
    if (!changed) return detailOf(tx, before);
    const now = ctx.clock.now();
    if (fields.isDefault && !before.isDefault) await clearDefaultCalendar(tx, now);
    await updateCalendar(tx, id, fields, now);
    const after = await requireCalendar(tx, id);
    await recordAudit(tx, actor, {
      action: 'calendar.updated',
      entityType: 'business_calendar',
      entityId: id,
      before: audited(before),
      after: audited(after),
    });
    return detailOf(tx, after);
  });
}

/** Deletes a calendar with its days; the default one, or one other settings use, is refused. */
export async function deleteCalendarById(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await lockCalendar(tx, id))) throw notFound('calendars.notFound');
    const calendar = await requireCalendar(tx, id);
    if (calendar.isDefault) throw new AppError('conflict', 'calendars.deleteDefault');
    const days = await listCalendarDays(tx, id);
    try {
      await deleteCalendar(tx, id);
    } catch (error) {
      // An SLA policy (or another setting) may still point at it.
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
        throw new AppError('conflict', 'calendars.inUse');
      }
      throw error;
    }
    await recordAudit(tx, actor, {
      action: 'calendar.deleted',
      entityType: 'business_calendar',
      entityId: id,
      before: { ...audited(calendar), days: ownDaysOf(days) },
    });
  });
}

// Own days ----------------------------------------------------------------------------------------

/** Sets a calendar's own day on `date`: a holiday, or a workday with its hours (null: weekday hours). */
export async function putCalendarDay(
  ctx: AppContext,
  actor: Actor,
  id: string,
  date: string,
  input: PutDayInput,
): Promise<OwnDay> {
  const hours = input.hours ?? null;
  if (input.kind === 'holiday' && hours !== null) {
    throw new AppError('validation_failed', 'calendars.hoursOnlyForWorkday', { field: 'body.hours' });
  }
  if (hours) assertIntervals(hours, 'body.hours');
  return ctx.db.transaction(async (tx) => {
    if (!(await lockCalendar(tx, id))) throw notFound('calendars.notFound');
    const calendar = await requireCalendar(tx, id);
    if (calendar.is24x7) throw new AppError('conflict', 'calendars.alwaysOpenHasNoDays');
    const previous = await findCalendarDay(tx, id, date);
    const day: OwnDay = { date, kind: input.kind, name: input.name, hours: hours && byStart(hours) };
    const before = previous && ownDaysOf([previous])[0];
    if (isDeepStrictEqual(before, day)) return day;
    await upsertCalendarDay(tx, id, day, ctx.clock.now());
    await recordAudit(tx, actor, {
      action: 'calendar_day.set',
      entityType: 'business_calendar',
      entityId: id,
      ...(before ? { before } : {}),
      after: day,
    });
    return day;
  });
}

export async function deleteCalendarDayByDate(
  ctx: AppContext,
  actor: Actor,
  id: string,
  date: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await lockCalendar(tx, id))) throw notFound('calendars.notFound');
    const day = await findCalendarDay(tx, id, date);
    if (!day) throw new AppError('not_found', 'calendars.dayNotFound', { params: { date } });
    await deleteCalendarDay(tx, id, date);
    await recordAudit(tx, actor, {
      action: 'calendar_day.removed',
      entityType: 'business_calendar',
      entityId: id,
      before: ownDaysOf([day])[0],
    });
  });
}

// Month view and the "try it" box -----------------------------------------------------------------

const lastDayOfMonth = (month: string) => {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
};

/** Each day of `month` (default: the current one in the calendar's zone) with its hours and why. */
export async function calendarMonth(ctx: AppContext, id: string, month?: string) {
  const calendar = await requireCalendar(ctx.db, id);
  const shown = month ?? localDateOf(calendar.timeZone, ctx.clock.now()).slice(0, 7);
  const ownDays = await listCalendarDays(ctx.db, id, { from: `${shown}-01`, to: lastDayOfMonth(shown) });
  const view = describeMonth(settingsOf(calendar), ownDaysOf(ownDays), shown);
  return {
    ...view,
    timeZone: calendar.timeZone,
    is24x7: calendar.is24x7,
    usesChinaHolidays: calendar.usesChinaHolidays,
  };
}

/** The due time `minutes` business minutes after `start`, with the reverse computation as a check. */
export async function computeDue(ctx: AppContext, id: string, input: ComputeInput) {
  const calendar = await loadCalendar(ctx.db, id);
  const start = new Date(input.start);
  try {
    const due = addBusinessTime(calendar, start, input.minutes * MINUTE);
    return {
      start,
      minutes: input.minutes,
      due,
      businessMinutesBetween: businessTimeBetween(calendar, start, due) / MINUTE,
      startIsWorkingTime: isWorkingTime(calendar, start),
      nextOpening: nextOpening(calendar, start),
    };
  } catch (error) {
    if (error instanceof NoWorkingTimeError) {
      throw new AppError('conflict', 'calendars.noWorkingTime', { params: { start: input.start } });
    }
    throw error;
  }
}
