/** Ticket numbers (R1.3): year and month in the service's time zone, a dash, a serial of at least 3 digits. */

/** The `YYYYMM` month a moment falls in, in the given time zone. */
export function ticketMonth(moment: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(moment);
  const year = parts.find((part) => part.type === 'year')?.value;
  const month = parts.find((part) => part.type === 'month')?.value;
  return `${year}${month}`;
}

export function formatTicketNumber(month: string, serial: number): string {
  return `${month}-${String(serial).padStart(3, '0')}`;
}

export const TICKET_NUMBER_PATTERN = /^\d{6}-\d{3,}$/;
