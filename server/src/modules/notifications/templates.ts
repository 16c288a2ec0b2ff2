import type { Queryable } from '../../platform/db/database.js';
import type { Locale, MessageKey, MessageParams } from '../../platform/i18n/translate.js';
import { LOCALES, translate } from '../../platform/i18n/translate.js';
import { findTemplateOverride } from './settings.repository.js';

export interface RenderedMessage {
  subject: string;
  body: string;
}

const subjectKey = (template: string) => `notify.${template}.subject` as MessageKey;
const bodyKey = (template: string) => `notify.${template}.body` as MessageKey;

/** Fills `{name}` placeholders the way the catalogue does; a placeholder without a value stays visible. */
export function fillPlaceholders(text: string, params: MessageParams, locale: Locale): string {
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === 'function' ? value(locale) : String(value);
  });
}

/** The catalogue's subject and body of a template, placeholders unfilled. */
export function defaultTemplateText(template: string, locale: Locale): RenderedMessage {
  return { subject: translate(locale, subjectKey(template)), body: translate(locale, bodyKey(template)) };
}

export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))];
}

/**
 * Values a message carries besides those its catalogue texts use: the SLA alerts' milestone code and
 * ISO due time, which their texts used before they named the milestone and gave the local time, and
 * which an administrator's text written then may still use.
 */
const FURTHER_PLACEHOLDERS: Partial<Record<string, readonly string[]>> = {
  slaWarning: ['milestone', 'due'],
  slaBreached: ['milestone', 'due'],
};

/** The placeholders a template may use: those its catalogue texts use, in either language, and its further values. */
export function allowedPlaceholders(template: string): string[] {
  const names = new Set<string>(FURTHER_PLACEHOLDERS[template] ?? []);
  for (const locale of LOCALES) {
    const text = defaultTemplateText(template, locale);
    for (const name of [...placeholdersOf(text.subject), ...placeholdersOf(text.body)]) names.add(name);
  }
  return [...names].sort();
}

/** Renders a message: the administrator's text for this template and language if any, else the catalogue's. */
export async function renderTemplate(
  db: Queryable,
  template: string,
  locale: Locale,
  params: MessageParams,
): Promise<RenderedMessage> {
  const override = await findTemplateOverride(db, template, locale);
  const text = override ?? defaultTemplateText(template, locale);
  return {
    subject: fillPlaceholders(text.subject, params, locale),
    body: fillPlaceholders(text.body, params, locale),
  };
}

/** Made-up values for previews, in the preview's language. */
export function sampleParams(locale: Locale): Record<string, string | number> {
  const zh = locale === 'zh-CN';
  return {
    number: '202405-001',
    title: zh ? '净水器接头漏水' : 'Water purifier leaking at the joint',
    name: zh ? '杨帆' : 'Yang Fan',
    priority: 'P1',
    reason: zh ? '需要备件，超出本组处理范围' : 'needs spare parts outside this group',
    action: zh ? '请仓库确认备件库存' : 'please confirm the spare part stock',
    body: zh ? '请拍照发给我们看看接头位置。' : 'Please send us a photo of the joint.',
    milestone: 'first_response',
    percent: 75,
    due: '2024-05-20 18:00',
    channel: zh ? '测试' : 'test',
    portalUrl: 'https://service.example.com/portal/t/202405-001',
    code: '382915',
    minutes: 10,
    url: 'https://service.example.com/portal/s/…',
    days: 14,
    score: '2/5',
  };
}
