/** The service's time zone (SPEC: Asia/Shanghai by default); the server's setting replaces it at sign-in. */
let displayTimeZone = 'Asia/Shanghai';

export function setDisplayTimeZone(timeZone: string): void {
  displayTimeZone = timeZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // sv-SE writes dates as YYYY-MM-DD HH:mm, the form used across the app.
    formatter = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function formatDateTime(value: string | null | undefined): string {
  return value ? formatterFor(displayTimeZone).format(new Date(value)) : '—';
}
