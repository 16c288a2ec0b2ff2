/** Times in the service's time zone (Asia/Shanghai), written YYYY-MM-DD HH:mm as in the staff app. */
const dateTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTime.format(new Date(value)) : '—';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// As the server reads them: mainland mobile numbers, or international ones in E.164 form.
const MOBILE = /^(?:1[3-9]\d{9}|\+[1-9]\d{7,14})$/;
export const TICKET_NUMBER = /^\d{6}-\d{3,}$/;

/** Separators and a +86 prefix removed, as the server stores numbers. */
function normalizePhone(value: string): string {
  const compact = value.trim().replace(/[\s\-().]/g, '');
  return /^(?:\+86|0086|86)(1\d{10})$/.exec(compact)?.[1] ?? compact;
}

export const isEmail = (value: string) => EMAIL.test(value.trim());
export const isMobile = (value: string) => MOBILE.test(normalizePhone(value));
/** A contact number: a mobile number, or a landline with its area code (not a mobile number cut short). */
export const isPhone = (value: string) => {
  const phone = normalizePhone(value);
  return isMobile(phone) || (/^\+?\d{7,20}$/.test(phone) && !/^1/.test(phone));
};
/** Where a one-time code can go: an e-mail address or a mobile number. */
export const isDestination = (value: string) => (value.includes('@') ? isEmail(value) : isMobile(value));
