import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export type PortalLocale = 'zh-CN' | 'en';

const STORAGE_KEY = 'aftercare.portal.locale';

function storedLocale(): PortalLocale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    // Storage can be blocked (private mode in some browsers): Chinese by default.
    return 'zh-CN';
  }
}

function applyToDocument(locale: PortalLocale): void {
  document.documentElement.lang = locale;
  document.title = i18n.t('app.documentTitle');
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLocale(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyToDocument(currentLocale());

export function currentLocale(): PortalLocale {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** Switches the language and remembers the choice in this browser. */
export async function changeLocale(locale: PortalLocale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, still switched.
  }
  await i18n.changeLanguage(locale);
  applyToDocument(locale);
}

export default i18n;
