import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePortalSession } from '../session';

export default function HomePage() {
  const { t } = useTranslation();
  const { data: session } = usePortalSession();
  const signedIn = session?.scope === 'account';
  return (
    <section className="stack">
      <div className="hero">
        <h1>{t('home.greeting')}</h1>
        <p className="muted">{t('home.intro')}</p>
      </div>
      <nav className="actions" aria-label={t('nav.home')}>
        <Link to="/new" className="action action-primary" data-testid="home-submit">
          <span className="action-icon" aria-hidden="true">
            ✎
          </span>
          <span className="action-text">
            <strong>{t('home.submit')}</strong>
            <small className="action-hint">{t('home.submitHint')}</small>
          </span>
        </Link>
        <Link to="/lookup" className="action" data-testid="home-lookup">
          <span className="action-icon" aria-hidden="true">
            ⌕
          </span>
          <span className="action-text">
            <strong>{t('home.lookup')}</strong>
            <small className="action-hint">{t('home.lookupHint')}</small>
          </span>
        </Link>
        <Link to={signedIn ? '/tickets' : '/signin'} className="action" data-testid="home-sign-in">
          <span className="action-icon" aria-hidden="true">
            ☰
          </span>
          <span className="action-text">
            <strong>{signedIn ? t('nav.myTickets') : t('home.signIn')}</strong>
            <small className="action-hint">
              {signedIn ? session.destinationMasked : t('home.signInHint')}
            </small>
          </span>
        </Link>
      </nav>
    </section>
  );
}
