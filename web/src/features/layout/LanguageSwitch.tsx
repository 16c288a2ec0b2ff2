import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Locale } from '../../api/types';
import { changeLocale, currentLocale } from '../../i18n';
import { useSession, useUpdateSessionUser } from '../auth/session';

const OPTIONS: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

/** 中文 / English; remembered in the browser and, when signed in, on the user's profile. */
export function LanguageSwitch() {
  useTranslation();
  const { data: session } = useSession();
  const updateSessionUser = useUpdateSessionUser();

  const onChange = async (locale: Locale) => {
    await changeLocale(locale);
    if (session && session.user.locale !== locale) {
      try {
        const { user } = await api.auth.updateMe({ locale });
        updateSessionUser(user);
      } catch {
        // The UI language already changed; saving the preference is best effort.
      }
    }
  };

  return (
    <Segmented<Locale>
      data-testid="language-switch"
      size="small"
      options={OPTIONS}
      value={currentLocale()}
      onChange={(value) => void onChange(value)}
    />
  );
}
