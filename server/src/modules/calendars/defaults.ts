/** The calendars of a new instance (R5.2), editable afterwards. */
import type { Queryable } from '../../platform/db/database.js';
import { systemActor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { ALL_DAY_WEEKLY_HOURS, DEFAULT_TIME_ZONE, DEFAULT_WEEKLY_HOURS } from './business-time.js';
import { type CalendarFields, countCalendars, insertCalendar } from './calendars.repository.js';

export const CHINA_BUSINESS_KEY = 'china_business';
export const ALWAYS_OPEN_KEY = 'always_open';

export const DEFAULT_CALENDARS: readonly (CalendarFields & { key: string })[] = [
  {
    key: CHINA_BUSINESS_KEY,
    name: '中国工作日历',
    timeZone: DEFAULT_TIME_ZONE,
    weeklyHours: DEFAULT_WEEKLY_HOURS,
    is24x7: false,
    usesChinaHolidays: true,
    isDefault: true,
  },
  {
    // R5.2: P1 targets run on calendar time.
    key: ALWAYS_OPEN_KEY,
    name: '7×24 全天候',
    timeZone: DEFAULT_TIME_ZONE,
    weeklyHours: ALL_DAY_WEEKLY_HOURS,
    is24x7: true,
    usesChinaHolidays: false,
    isDefault: false,
  },
];

/**
 * Installs `china_business` (Monday–Friday 09:00–12:00 and 13:30–18:00 in Asia/Shanghai with the State
 * Council holidays, the default) and `always_open` (7×24) when there is no calendar yet. Returns the keys
 * installed.
 */
export async function ensureDefaultCalendars(db: Queryable): Promise<string[]> {
  if ((await countCalendars(db)) > 0) return [];
  const installed: string[] = [];
  for (const calendar of DEFAULT_CALENDARS) {
    if (await insertCalendar(db, calendar)) installed.push(calendar.key);
  }
  if (installed.length > 0) {
    await recordAudit(db, systemActor('first-run'), {
      action: 'calendar.defaults_installed',
      entityType: 'business_calendar',
      entityId: null,
      after: { keys: installed },
    });
  }
  return installed;
}
