import { decideAccess, type Principal } from '../auth/permissions.js';

/**
 * Masking of personal data (SPEC R11.3) for readers without the permission `customers.pii`.
 * Pure functions, shared by every module that shows a customer (tickets, returns, repairs, reports).
 * Each keeps just enough to recognise a person on the phone and never reveals the whole value; each is
 * null-safe (null and undefined give null) and leaves an empty string empty.
 */

const STAR = '*';
const stars = (count: number) => STAR.repeat(Math.max(count, 0));

/** Keeps the first character (a code point, so 𠮷 or an emoji counts as one) and stars the rest. */
function keepFirst(word: string): string {
  const chars = Array.from(word);
  if (chars.length <= 1) return stars(chars.length);
  return chars[0] + stars(chars.length - 1);
}

/**
 * Names: the first character of each word stays, every other character becomes one `*`.
 * Chinese names are one word (张三 → 张*, 欧阳娜娜 → 欧***); names written with spaces or the
 * middle dot are several (John Smith → J*** S****, 阿卜杜拉·买买提 → 阿***·买**). A one-character
 * word becomes `*`, so no part of a name is ever shown in full.
 */
export function maskName(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const trimmed = name.trim();
  if (trimmed === '') return '';
  const parts = trimmed.split(/([\s·・.]+)/u);
  const words = parts.filter((part, index) => index % 2 === 0 && part !== '');
  if (words.length <= 1) return keepFirst(trimmed);
  return parts.map((part, index) => (index % 2 === 1 ? part : keepFirst(part))).join('');
}

/** Stars the digits of `value` except the first `head` and the last `tail`, keeping separators in place. */
function maskDigits(value: string, head: number, tail: number): string {
  const total = value.replace(/\D/g, '').length;
  let seen = 0;
  return value.replace(/\d/g, (digit) => {
    seen += 1;
    return seen <= head || seen > total - tail ? digit : STAR;
  });
}

/**
 * Phone numbers, by how many digits there are (separators and `+` stay where they are):
 * - 9 or more: the last 4 and all but 8 of the leading digits stay, 4 digits in between are starred
 *   (13812345678 → 138****5678, +8613812345678 → +86138****5678);
 * - a leading area or country code written apart (010-12345678, +86 138 1234 5678, 0571 88886666)
 *   stays, and the rule applies to the rest (010-****5678, +86 138 **** 5678);
 * - 7–8 digits: only the last 4 stay (12345678 → ****5678);
 * - 5–6 digits: only the last 2 stay (95588 → ***88);
 * - 4 or fewer: all starred.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone === null || phone === undefined) return null;
  const trimmed = phone.trim();
  if (trimmed === '') return '';
  const leading = /^(\+?\d{1,4})([\s-]+)(.*)$/s.exec(trimmed);
  if (leading && leading[3]!.replace(/\D/g, '').length >= 7) {
    return leading[1]! + leading[2]! + maskLocalNumber(leading[3]!);
  }
  return maskLocalNumber(trimmed);
}

function maskLocalNumber(value: string): string {
  const digits = value.replace(/\D/g, '').length;
  if (digits >= 9) return maskDigits(value, digits - 8, 4);
  if (digits >= 7) return maskDigits(value, 0, 4);
  if (digits >= 5) return maskDigits(value, 0, 2);
  if (digits === 0) return stars(Array.from(value).length);
  return maskDigits(value, 0, 0);
}

/** E-mail addresses: the first character of the mailbox stays, the domain stays (zhangwei@163.com → z*******@163.com). */
export function maskEmail(email: string | null | undefined): string | null {
  if (email === null || email === undefined) return null;
  const trimmed = email.trim();
  if (trimmed === '') return '';
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return keepFirst(trimmed);
  return keepFirst(trimmed.slice(0, at)) + trimmed.slice(at);
}

/**
 * Addresses: the administrative part (province, city, district or county, within the first 12
 * characters) stays and the street and house number become `****`; without one, the first three
 * characters stay (北京市朝阳区建国路88号 → 北京市朝阳区****). The stars do not tell the length.
 */
export function maskAddress(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  const trimmed = address.trim();
  if (trimmed === '') return '';
  const chars = Array.from(trimmed);
  const head = chars.slice(0, 12);
  let keep = 0;
  head.forEach((char, index) => {
    if ('省市区县旗州盟'.includes(char) && index < chars.length - 1) keep = index + 1;
  });
  if (keep === 0) keep = Math.min(3, Math.max(chars.length - 1, 0));
  return `${chars.slice(0, keep).join('')}****`;
}

/** Whether the reader may see personal data unmasked: holds `customers.pii` (and, for a token, its scope). */
export function canSeePersonalData(principal: Principal | null | undefined): boolean {
  return principal ? decideAccess(principal, 'customers.pii').allowed : false;
}

/** The personal fields of a customer as stored. */
export interface CustomerPersonalData {
  name: string;
  phone: string | null;
  email: string | null;
  address: string | null;
}

/** A customer as the API shows it: dates as ISO strings, personal data masked unless the reader may see it. */
export function presentCustomer<T extends CustomerPersonalData & { createdAt: Date; updatedAt: Date }>(
  customer: T,
  canSee: boolean,
): Omit<T, 'createdAt' | 'updatedAt'> & {
  createdAt: string;
  updatedAt: string;
  masked: boolean;
} {
  return {
    ...customer,
    name: canSee ? customer.name : (maskName(customer.name) ?? ''),
    phone: canSee ? customer.phone : maskPhone(customer.phone),
    email: canSee ? customer.email : maskEmail(customer.email),
    address: canSee ? customer.address : maskAddress(customer.address),
    createdAt: customer.createdAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
    masked: !canSee,
  };
}

/** A contact person of a customer, masked like the customer. */
export function presentContact<
  T extends { name: string; phone: string | null; email: string | null; createdAt: Date },
>(contact: T, canSee: boolean): Omit<T, 'createdAt'> & { createdAt: string } {
  return {
    ...contact,
    name: canSee ? contact.name : (maskName(contact.name) ?? ''),
    phone: canSee ? contact.phone : maskPhone(contact.phone),
    email: canSee ? contact.email : maskEmail(contact.email),
    createdAt: contact.createdAt.toISOString(),
  };
}
