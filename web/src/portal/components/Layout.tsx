import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { changeLocale, currentLocale } from '../i18n';
import { usePortalSession, useSignOut } from '../session';

function LanguageSwitch() {
  const { t } = useTranslation();
  const next = currentLocale() === 'en' ? 'zh-CN' : 'en';
  return (
    <button
      type="button"
      className="link-button"
      data-testid="language-switch"
      aria-label={t('nav.switchLanguageLabel')}
      lang={next}
      onClick={() => void changeLocale(next)}
    >
      {t('nav.switchLanguage')}
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { data: session } = usePortalSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <nav className="topnav">
            {session?.scope === 'account' && <Link to="/tickets">{t('nav.myTickets')}</Link>}
            {session && (
              <button
                type="button"
                className="link-button"
                data-testid="sign-out"
                onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/') })}
              >
                {t('nav.signOut')}
              </button>
            )}
            <LanguageSwitch />
          </nav>
        </div>
      </header>
      <main className="content">{children}</main>
      <footer className="footer">{t('app.footer')}</footer>
    </div>
  );
}
