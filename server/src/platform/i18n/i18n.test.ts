import { describe, expect, it } from 'vitest';
import { type LocaleSource, localeFromAcceptLanguage, resolveLocale } from './locale.js';
import { en } from './messages.en.js';
import { zhCN } from './messages.zh-CN.js';
import { type MessageKey, translate } from './translate.js';

describe('translate', () => {
  it('fills placeholders in both languages', () => {
    expect(translate('zh-CN', 'users.usernameTaken', { username: 'li.lei' })).toBe('用户名 li.lei 已被使用');
    expect(translate('en', 'users.usernameTaken', { username: 'li.lei' })).toBe(
      'The username li.lei is taken',
    );
    expect(translate('en', 'roles.inUse', { count: 3 })).toBe('3 users still have this role');
  });

  it('renders a localized parameter in the same language', () => {
    const message = (locale: 'zh-CN' | 'en') => translate(locale, 'request.unknownField');
    expect(translate('zh-CN', 'request.fieldInvalid', { field: 'body.role', message })).toBe(
      'body.role：未知字段',
    );
    expect(translate('en', 'request.fieldInvalid', { field: 'body.role', message })).toBe(
      'body.role: Unknown field',
    );
  });

  it('leaves a placeholder without a value visible rather than blank', () => {
    expect(translate('en', 'users.usernameTaken')).toBe('The username {username} is taken');
  });

  it('uses the same placeholders for every key in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(zhCN) as MessageKey[]) {
      expect({ key, placeholders: placeholders(en[key]) }).toEqual({
        key,
        placeholders: placeholders(zhCN[key]),
      });
    }
  });
});

describe('resolveLocale', () => {
  const request = (acceptLanguage?: string, principalLocale?: 'zh-CN' | 'en'): LocaleSource => ({
    principal: principalLocale ? { locale: principalLocale } : null,
    headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage },
  });

  it.each<[string, LocaleSource, 'zh-CN' | 'en']>([
    ['the principal’s locale over the header', request('zh-CN', 'en'), 'en'],
    ['the principal’s Chinese over an English header', request('en-US', 'zh-CN'), 'zh-CN'],
    ['an English header', request('en'), 'en'],
    ['a regional English header', request('en-GB,en;q=0.9'), 'en'],
    ['a Chinese header', request('zh-CN,zh;q=0.9,en;q=0.8'), 'zh-CN'],
    ['any Chinese variant as zh-CN', request('zh-TW'), 'zh-CN'],
    ['the first language we speak', request('fr-FR,en;q=0.5'), 'en'],
    ['by quality, not order', request('en;q=0.4, zh;q=0.8'), 'zh-CN'],
    ['the default for a language we do not speak', request('fr'), 'zh-CN'],
    ['the default without a header', request(), 'zh-CN'],
  ])('picks %s', (_case, source, expected) => {
    expect(resolveLocale(source, 'zh-CN')).toBe(expected);
  });

  it('falls back to the configured default', () => {
    expect(resolveLocale(request('de'), 'en')).toBe('en');
  });

  it('ignores languages refused with q=0', () => {
    expect(localeFromAcceptLanguage('en;q=0, zh-CN;q=0.1')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('*')).toBeUndefined();
  });
});
