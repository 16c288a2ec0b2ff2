import type { z } from 'zod';
import { en as zodEn, zhCN as zodZhCN } from 'zod/locales';
import { en } from './messages.en.js';
import { zhCN } from './messages.zh-CN.js';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type MessageKey = keyof typeof zhCN;

/** Text rendered only once the reader's language is known. */
export type LocalizedText = (locale: Locale) => string;

/** Values for a message's `{name}` placeholders; a value may itself be localized text. */
export type MessageParams = Record<string, string | number | LocalizedText>;

const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** The message `key` in `locale`, its `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === 'function' ? value(locale) : String(value);
  });
}

const zodLocales: Record<Locale, z.core.$ZodErrorMap> = {
  'zh-CN': zodZhCN().localeError,
  en: zodEn().localeError,
};

/** A zod validation issue in `locale`, worded by zod's own translations. */
export function translateIssue(locale: Locale, issue: z.core.$ZodRawIssue): string {
  const message = zodLocales[locale](issue);
  return (
    (typeof message === 'string' ? message : message?.message) ??
    translate(locale, 'problem.validation_failed')
  );
}
