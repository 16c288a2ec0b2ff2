import type { Locale } from './translate.js';

/** What a locale is resolved from: the signed-in principal, else the request's Accept-Language header. */
export interface LocaleSource {
  principal?: { locale: Locale } | null;
  headers: { 'accept-language'?: string | undefined };
}

/** The first language the client accepts that we speak: zh* → zh-CN, en* → en, by preference (q). */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  const ranked = (header ?? '')
    .split(',')
    .map((entry) => {
      const [tag = '', ...options] = entry.trim().toLowerCase().split(';');
      const q = options.map((option) => option.trim()).find((option) => option.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return undefined;
}

/** The language to answer a request in: the user's own, else what the client asks for, else `fallback`. */
export function resolveLocale(request: LocaleSource, fallback: Locale): Locale {
  return (
    request.principal?.locale ?? localeFromAcceptLanguage(request.headers['accept-language']) ?? fallback
  );
}
