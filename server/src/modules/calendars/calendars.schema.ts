import { z } from 'zod';
import { timestamp } from '../../platform/http/schemas.js';

const calendarKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);
/** `HH:MM`; `24:00` ends a day. Order and overlaps are checked by the service, naming the interval. */
const timeOfDay = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/);
const isoDate = z.iso.date();

export const workingInterval = z
  .strictObject({ start: timeOfDay, end: timeOfDay })
  .meta({ id: 'WorkingInterval' });
const dayIntervals = z.array(workingInterval).max(12);
/** Seven lists of intervals, index 0 = Sunday … 6 = Saturday. */
const weeklyHours = z.array(dayIntervals).length(7);

export const calendarResponse = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    timeZone: z.string(),
    weeklyHours: z.array(z.array(workingInterval)),
    is24x7: z.boolean(),
    usesChinaHolidays: z.boolean(),
    isDefault: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'BusinessCalendar' });

export const calendarDayResponse = z
  .object({
    date: z.string(),
    kind: z.enum(['holiday', 'workday']),
    name: z.string(),
    /** A workday's intervals; null: the calendar's normal weekday hours. */
    hours: z.array(workingInterval).nullable(),
  })
  .meta({ id: 'CalendarDay' });

export const calendarDetailResponse = calendarResponse
  .extend({
    /** The calendar's own days (holidays, make-up days, other hours), over the official schedule. */
    days: z.array(calendarDayResponse),
    /** The years the built-in State Council schedule covers. */
    chinaHolidayCoverage: z.object({ firstYear: z.number().int(), lastYear: z.number().int() }).nullable(),
  })
  .meta({ id: 'BusinessCalendarDetail' });

export const createCalendarBody = z.strictObject({
  key: calendarKey,
  name: z.string().trim().min(1).max(80),
  timeZone: z.string().trim().min(1).max(64).optional(),
  weeklyHours: weeklyHours.optional(),
  is24x7: z.boolean().optional(),
  usesChinaHolidays: z.boolean().optional(),
  isDefault: z.boolean().optional(),
});
export type CreateCalendarInput = z.infer<typeof createCalendarBody>;

export const updateCalendarBody = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  timeZone: z.string().trim().min(1).max(64).optional(),
  weeklyHours: weeklyHours.optional(),
  is24x7: z.boolean().optional(),
  usesChinaHolidays: z.boolean().optional(),
  /** Only `true`: a calendar stops being the default when another one becomes it. */
  isDefault: z.boolean().optional(),
});
export type UpdateCalendarInput = z.infer<typeof updateCalendarBody>;

export const dayParams = z.strictObject({ id: z.uuid(), date: isoDate });

export const putDayBody = z.strictObject({
  kind: z.enum(['holiday', 'workday']),
  name: z.string().trim().max(40).default(''),
  /** Only for a workday; omitted or null: the calendar's normal weekday hours. */
  hours: dayIntervals.min(1).nullable().optional(),
});
export type PutDayInput = z.infer<typeof putDayBody>;

export const monthQuery = z.strictObject({
  /** `YYYY-MM`; defaults to the current month in the calendar's time zone. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
});

export const monthResponse = z
  .object({
    month: z.string(),
    timeZone: z.string(),
    is24x7: z.boolean(),
    usesChinaHolidays: z.boolean(),
    /** Whether the State Council schedule of this year is known (false when the calendar does not follow it). */
    chinaScheduleKnown: z.boolean(),
    days: z.array(
      z
        .object({
          date: z.string(),
          weekday: z.number().int(),
          isWorkingDay: z.boolean(),
          intervals: z.array(workingInterval),
          source: z.enum(['weekly', 'china', 'custom']),
          kind: z.enum(['holiday', 'workday']).nullable(),
          name: z.string().nullable(),
          nameEn: z.string().nullable(),
        })
        .meta({ id: 'CalendarMonthDay' }),
    ),
  })
  .meta({ id: 'CalendarMonth' });

/** Up to a year of business minutes. */
export const computeBody = z.strictObject({
  start: z.iso.datetime({ offset: true }),
  minutes: z.number().int().min(0).max(525_600),
});
export type ComputeInput = z.infer<typeof computeBody>;

export const computeResponse = z
  .object({
    start: timestamp,
    minutes: z.number().int(),
    /** The moment `minutes` of working time have passed after `start`. */
    due: timestamp,
    /** Working minutes from `start` to `due`, computed back: equal to `minutes`. */
    businessMinutesBetween: z.number(),
    startIsWorkingTime: z.boolean(),
    /** `start` itself when it is working time, else the next opening. */
    nextOpening: timestamp,
  })
  .meta({ id: 'CalendarComputation' });
