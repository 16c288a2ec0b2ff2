import type { Queryable } from '../../platform/db/database.js';
import type { WeeklyHours, WorkingInterval } from './business-time.js';
import type { DayKind, OwnDay } from './calendar-days.js';

export interface CalendarRecord {
  id: string;
  key: string;
  name: string;
  timeZone: string;
  weeklyHours: WorkingInterval[][];
  is24x7: boolean;
  usesChinaHolidays: boolean;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}

type CalendarRow = {
  id: string;
  key: string;
  name: string;
  time_zone: string;
  weekly_hours: WorkingInterval[][];
  is_24x7: boolean;
  uses_china_holidays: boolean;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
};

const SELECT_CALENDAR = `
  SELECT id, key, name, time_zone, weekly_hours, is_24x7, uses_china_holidays, is_default, created_at, updated_at
    FROM business_calendars`;

const toCalendar = (row: CalendarRow): CalendarRecord => ({
  id: row.id,
  key: row.key,
  name: row.name,
  timeZone: row.time_zone,
  weeklyHours: row.weekly_hours,
  is24x7: row.is_24x7,
  usesChinaHolidays: row.uses_china_holidays,
  isDefault: row.is_default,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The default calendar first, then in the order they were made. */
export async function listCalendars(db: Queryable): Promise<CalendarRecord[]> {
  return (await db.query<CalendarRow>(`${SELECT_CALENDAR} ORDER BY is_default DESC, created_at, key`)).map(
    toCalendar,
  );
}

export async function countCalendars(db: Queryable): Promise<number> {
  const rows = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM business_calendars');
  return rows[0]?.count ?? 0;
}

export async function findCalendarById(db: Queryable, id: string): Promise<CalendarRecord | undefined> {
  const rows = await db.query<CalendarRow>(`${SELECT_CALENDAR} WHERE id = $1`, [id]);
  return rows[0] && toCalendar(rows[0]);
}

export async function findCalendarByKey(db: Queryable, key: string): Promise<CalendarRecord | undefined> {
  const rows = await db.query<CalendarRow>(`${SELECT_CALENDAR} WHERE key = $1`, [key]);
  return rows[0] && toCalendar(rows[0]);
}

export async function findDefaultCalendar(db: Queryable): Promise<CalendarRecord | undefined> {
  const rows = await db.query<CalendarRow>(`${SELECT_CALENDAR} WHERE is_default`);
  return rows[0] && toCalendar(rows[0]);
}

export interface CalendarFields {
  name: string;
  timeZone: string;
  weeklyHours: WeeklyHours;
  is24x7: boolean;
  usesChinaHolidays: boolean;
  isDefault: boolean;
}

/** Inserts a calendar unless its key exists; returns its id, or undefined when the key was taken. */
export async function insertCalendar(
  db: Queryable,
  calendar: CalendarFields & { key: string },
): Promise<string | undefined> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO business_calendars (key, name, time_zone, weekly_hours, is_24x7, uses_china_holidays, is_default)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [
      calendar.key,
      calendar.name,
      calendar.timeZone,
      JSON.stringify(calendar.weeklyHours),
      calendar.is24x7,
      calendar.usesChinaHolidays,
      calendar.isDefault,
    ],
  );
  return rows[0]?.id;
}

export async function updateCalendar(
  db: Queryable,
  id: string,
  fields: CalendarFields,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE business_calendars
        SET name = $2, time_zone = $3, weekly_hours = $4, is_24x7 = $5, uses_china_holidays = $6,
            is_default = $7, updated_at = $8
      WHERE id = $1`,
    [
      id,
      fields.name,
      fields.timeZone,
      JSON.stringify(fields.weeklyHours),
      fields.is24x7,
      fields.usesChinaHolidays,
      fields.isDefault,
      now,
    ],
  );
}

/** Takes the default mark off whichever calendar has it (before giving it to another). */
export async function clearDefaultCalendar(db: Queryable, now: Date): Promise<void> {
  await db.query('UPDATE business_calendars SET is_default = false, updated_at = $1 WHERE is_default', [now]);
}

export async function deleteCalendar(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM business_calendars WHERE id = $1', [id]);
}

/** Serialises changes to one calendar and its days. */
export async function lockCalendar(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>('SELECT id FROM business_calendars WHERE id = $1 FOR UPDATE', [
    id,
  ]);
  return rows.length > 0;
}

// Days --------------------------------------------------------------------------------------------

export interface CalendarDayRecord extends OwnDay {
  updatedAt: Date;
}

type DayRow = {
  date: string;
  kind: DayKind;
  name: string;
  hours: WorkingInterval[] | null;
  updated_at: Date;
};

const toDay = (row: DayRow): CalendarDayRecord => ({
  date: row.date,
  kind: row.kind,
  name: row.name,
  hours: row.hours,
  updatedAt: row.updated_at,
});

/** A calendar's own days in date order, optionally only those in `[from, to]`. */
export async function listCalendarDays(
  db: Queryable,
  calendarId: string,
  range?: { from: string; to: string },
): Promise<CalendarDayRecord[]> {
  const rows = range
    ? await db.query<DayRow>(
        `SELECT date, kind, name, hours, updated_at FROM calendar_days
          WHERE calendar_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date`,
        [calendarId, range.from, range.to],
      )
    : await db.query<DayRow>(
        'SELECT date, kind, name, hours, updated_at FROM calendar_days WHERE calendar_id = $1 ORDER BY date',
        [calendarId],
      );
  return rows.map(toDay);
}

export async function findCalendarDay(
  db: Queryable,
  calendarId: string,
  date: string,
): Promise<CalendarDayRecord | undefined> {
  const rows = await db.query<DayRow>(
    'SELECT date, kind, name, hours, updated_at FROM calendar_days WHERE calendar_id = $1 AND date = $2',
    [calendarId, date],
  );
  return rows[0] && toDay(rows[0]);
}

export async function upsertCalendarDay(
  db: Queryable,
  calendarId: string,
  day: OwnDay,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO calendar_days (calendar_id, date, kind, name, hours, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)
     ON CONFLICT (calendar_id, date) DO UPDATE
       SET kind = excluded.kind, name = excluded.name, hours = excluded.hours, updated_at = excluded.updated_at`,
    [calendarId, day.date, day.kind, day.name, day.hours === null ? null : JSON.stringify(day.hours), now],
  );
}

export async function deleteCalendarDay(db: Queryable, calendarId: string, date: string): Promise<void> {
  await db.query('DELETE FROM calendar_days WHERE calendar_id = $1 AND date = $2', [calendarId, date]);
}
