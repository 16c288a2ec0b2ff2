/** Ticket numbers (R1.3): year and month in the service's time zone, a dash, a serial of at least 3 digits. */

// Building a formatter is far slower than using one, and every new ticket asks.
const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** The `YYYYMM` month a moment falls in, in the given time zone. */
export function ticketMonth(moment: Date, timeZone: string): string {
  let format = monthFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    monthFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(moment);
  const year = parts.find((part) => part.type === 'year')?.value;
  const month = parts.find((part) => part.type === 'month')?.value;
  return `${year}${month}`;
}

export function formatTicketNumber(month: string, serial: number): string {
  return `${month}-${String(serial).padStart(3, '0')}`;
}

export const TICKET_NUMBER_PATTERN = /^\d{6}-\d{3,}$/;
