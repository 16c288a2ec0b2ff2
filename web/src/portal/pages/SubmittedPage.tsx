import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router-dom';
import { CopyButton } from '../components/CopyButton';
import { TICKET_NUMBER } from '../format';

export default function SubmittedPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const location = useLocation();
  const number = params.get('number') ?? '';
  if (!TICKET_NUMBER.test(number)) return <Navigate to="/" replace />;
  const url =
    (location.state as { url?: string } | null)?.url ??
    `${window.location.origin}/portal/t/${encodeURIComponent(number)}`;
  return (
    <section className="card stack center" data-testid="submitted">
      <div className="success-mark" aria-hidden="true">
        ✓
      </div>
      <h1>{t('submitted.title')}</h1>
      <p>{t('submitted.text')}</p>
      <div className="ticket-number" data-testid="submitted-number">
        {number}
      </div>
      <CopyButton text={number} label={t('submitted.copyNumber')} testId="copy-number" />
      <div className="link-box">
        <span className="muted">{t('submitted.link')}</span>
        <a href={url} className="break" data-testid="submitted-link">
          {url}
        </a>
        <CopyButton text={url} label={t('submitted.copyLink')} testId="copy-link" />
      </div>
      <p className="muted">{t('submitted.hint')}</p>
      <Link
        to={`/t/${encodeURIComponent(number)}`}
        className="button primary block"
        data-testid="view-ticket"
      >
        {t('submitted.view')}
      </Link>
      <Link to="/" className="button block">
        {t('common.backHome')}
      </Link>
    </section>
  );
}
