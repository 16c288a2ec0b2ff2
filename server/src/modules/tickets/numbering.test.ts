import { describe, expect, it } from 'vitest';
import { formatTicketNumber, TICKET_NUMBER_PATTERN, ticketMonth } from './numbering.js';

describe('ticketMonth', () => {
  it.each([
    ['2026-04-30T15:59:59Z', '202604'],
    ['2026-04-30T16:00:00Z', '202605'],
    ['2026-12-31T16:00:00Z', '202701'],
    ['2026-01-31T23:59:59+08:00', '202601'],
  ])('%s is in %s in Asia/Shanghai', (moment, month) => {
    expect(ticketMonth(new Date(moment), 'Asia/Shanghai')).toBe(month);
  });

  it('follows the configured zone', () => {
    expect(ticketMonth(new Date('2026-04-30T23:30:00Z'), 'UTC')).toBe('202604');
  });
});

describe('formatTicketNumber', () => {
  it.each([
    [1, '202405-001'],
    [42, '202405-042'],
    [999, '202405-999'],
    [1000, '202405-1000'],
    [12345, '202405-12345'],
  ])('serial %i → %s', (serial, number) => {
    expect(formatTicketNumber('202405', serial)).toBe(number);
    expect(TICKET_NUMBER_PATTERN.test(number)).toBe(true);
  });
});
