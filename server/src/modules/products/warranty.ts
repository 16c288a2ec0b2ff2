/**
 * Warranty arithmetic on calendar dates ('YYYY-MM-DD'), shared by purchases, the serial registry and
 * repairs (R8.1). A warranty of N months ends on the purchase date plus N months (the last day of the
 * month when that day does not exist, as PostgreSQL's `date + interval`), and covers that end date.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `date` plus `months` calendar months, clamped to the end of the month (2024-01-31 + 1 → 2024-02-29). */
export function addMonths(date: string, months: number): string {
  const match = DATE.exec(date);
  if (!match) throw new Error(`Not a calendar date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  return `${pad(newYear, 4)}-${pad(newMonth)}-${pad(Math.min(day, daysInMonth(newYear, newMonth)))}`;
}

/** The calendar date of `instant` in `timeZone` (e.g. Asia/Shanghai), as 'YYYY-MM-DD'. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The last day of the warranty, or null when the purchase date or the product is unknown. */
export function warrantyEndsOn(purchasedOn: string | null, warrantyMonths: number | null): string | null {
  if (!purchasedOn || warrantyMonths === null) return null;
  return addMonths(purchasedOn, warrantyMonths);
}

export type WarrantyStatus = 'in_warranty' | 'out_of_warranty' | 'unknown';

/** Whether a purchase is under warranty on `today` ('YYYY-MM-DD'); null when it cannot be known. */
export function isInWarranty(endsOn: string | null, today: string): boolean | null {
  return endsOn === null ? null : today <= endsOn;
}

export function warrantyStatusOf(inWarranty: boolean | null): WarrantyStatus {
  if (inWarranty === null) return 'unknown';
  return inWarranty ? 'in_warranty' : 'out_of_warranty';
}
