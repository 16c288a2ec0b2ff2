/**
 * The State Council holiday schedule (国务院办公厅节假日安排) from the `chinese-days` package: official
 * holidays and the make-up working days (调休上班) of every year it covers. The package is updated each
 * year once the schedule is published (usually in November); years it does not cover follow the weekly
 * hours alone, and an administrator can enter their dates as the calendar's own days.
 */
import chineseDays from 'chinese-days';

export interface ChinaDay {
  date: string;
  /** `holiday`: an official day off (weekends inside a holiday period included); `workday`: 调休 make-up day. */
  kind: 'holiday' | 'workday';
  /** The festival in Chinese, e.g. 春节. */
  name: string;
  /** The festival in English, e.g. Spring Festival. */
  nameEn: string;
}

/** Years scanned for data; a year counts as covered when its New Year's Day is listed as a holiday. */
const SCAN_FROM = 2000;
const SCAN_TO = 2100;
const DAY = 86_400_000;

interface ChinaSchedule {
  years: number[];
  days: Map<string, ChinaDay>;
}

let schedule: ChinaSchedule | undefined;

/** `chinese-days` names listed days `English,中文,statutory days`; ordinary days by their weekday name. */
function officialDay(date: string): ChinaDay | undefined {
  const detail = chineseDays.getDayDetail(date);
  const [nameEn, name] = detail.name.split(',');
  if (name === undefined || nameEn === undefined) return undefined;
  return { date, kind: detail.work ? 'workday' : 'holiday', name, nameEn };
}

function load(): ChinaSchedule {
  if (schedule) return schedule;
  const years: number[] = [];
  const days = new Map<string, ChinaDay>();
  for (let year = SCAN_FROM; year <= SCAN_TO; year++) {
    if (!officialDay(`${year}-01-01`)) continue;
    years.push(year);
    for (let time = Date.UTC(year, 0, 1); time < Date.UTC(year + 1, 0, 1); time += DAY) {
      const day = officialDay(new Date(time).toISOString().slice(0, 10));
      if (day) days.set(day.date, day);
    }
  }
  schedule = { years, days };
  return schedule;
}

/** The first and last year with holiday data, or null when the package has none. */
export function chinaHolidayCoverage(): { firstYear: number; lastYear: number } | null {
  const { years } = load();
  return years.length > 0 ? { firstYear: years[0]!, lastYear: years.at(-1)! } : null;
}

/** Whether the schedule of `year` is known. */
export const isChinaYearCovered = (year: number) => load().years.includes(year);

/** The official holiday or make-up day on `date` (`YYYY-MM-DD`), if any. */
export const chinaDay = (date: string): ChinaDay | undefined => load().days.get(date);

/** Every official holiday and make-up day, in date order. */
export function chinaDays(): ChinaDay[] {
  return [...load().days.values()].sort((a, b) => a.date.localeCompare(b.date));
}
