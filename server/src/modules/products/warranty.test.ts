import { describe, expect, it } from 'vitest';
import { addMonths, isInWarranty, localDate, warrantyEndsOn, warrantyStatusOf } from './warranty.js';

describe('addMonths', () => {
  it.each([
    ['2025-03-02', 12, '2026-03-02'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-11-15', 3, '2026-02-15'],
    ['2025-05-31', 72, '2031-05-31'],
    ['2025-05-10', 0, '2025-05-10'],
  ])('%s + %i months → %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('refuses a value that is not a date', () => {
    expect(() => addMonths('2025/01/01', 1)).toThrow();
  });
});

describe('localDate', () => {
  it('is the calendar date in the time zone', () => {
    expect(localDate(new Date('2026-03-01T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDate(new Date('2026-03-01T16:30:00Z'), 'UTC')).toBe('2026-03-01');
  });
});

describe('warranty', () => {
  it('ends on the purchase date plus the months, and covers that day', () => {
    const endsOn = warrantyEndsOn('2025-03-02', 12);
    expect(endsOn).toBe('2026-03-02');
    expect(isInWarranty(endsOn, '2026-03-02')).toBe(true);
    expect(isInWarranty(endsOn, '2026-03-03')).toBe(false);
    expect(warrantyStatusOf(isInWarranty(endsOn, '2026-03-03'))).toBe('out_of_warranty');
  });

  it('is unknown without a purchase date or a product', () => {
    expect(warrantyEndsOn(null, 12)).toBeNull();
    expect(warrantyEndsOn('2025-01-01', null)).toBeNull();
    expect(isInWarranty(null, '2026-01-01')).toBeNull();
    expect(warrantyStatusOf(null)).toBe('unknown');
  });
});
