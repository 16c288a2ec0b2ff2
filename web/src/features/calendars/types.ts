/** A worked interval of a day, `HH:MM`–`HH:MM` (`24:00` ends the day). */
export type WorkingInterval = { start: string; end: string };

export type DayKind = 'holiday' | 'workday';

export type BusinessCalendar = {
  id: string;
  key: string;
  name: string;
  timeZone: string;
  /** Seven lists, index 0 = Sunday … 6 = Saturday. */
  weeklyHours: WorkingInterval[][];
  is24x7: boolean;
  usesChinaHolidays: boolean;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
};

/** A day of the calendar's own, over its weekly hours and the official schedule. */
export type CalendarDay = {
  date: string;
  kind: DayKind;
  name: string;
  /** A workday's hours; null: the normal weekday hours. */
  hours: WorkingInterval[] | null;
};

export type CalendarDetail = BusinessCalendar & {
  days: CalendarDay[];
  chinaHolidayCoverage: { firstYear: number; lastYear: number } | null;
};

export type CreateCalendarInput = {
  key: string;
  name: string;
  timeZone?: string;
  weeklyHours?: WorkingInterval[][];
  is24x7?: boolean;
  usesChinaHolidays?: boolean;
  isDefault?: boolean;
};

export type UpdateCalendarInput = Partial<Omit<CreateCalendarInput, 'key'>>;

export type PutDayInput = { kind: DayKind; name?: string; hours?: WorkingInterval[] | null };

export type MonthDay = {
  date: string;
  weekday: number;
  isWorkingDay: boolean;
  intervals: WorkingInterval[];
  source: 'weekly' | 'china' | 'custom';
  kind: DayKind | null;
  name: string | null;
  nameEn: string | null;
};

export type CalendarMonth = {
  month: string;
  timeZone: string;
  is24x7: boolean;
  usesChinaHolidays: boolean;
  chinaScheduleKnown: boolean;
  days: MonthDay[];
};

export type Computation = {
  start: string;
  minutes: number;
  due: string;
  businessMinutesBetween: number;
  startIsWorkingTime: boolean;
  nextOpening: string;
};
