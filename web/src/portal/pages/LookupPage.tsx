import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { CodeVerification } from '../components/CodeVerification';
import { useSessionChanged } from '../session';

export default function LookupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const [params] = useSearchParams();
  return (
    <section className="card stack narrow" data-testid="lookup">
      <h1>{t('lookup.title')}</h1>
      <p className="muted">{t('lookup.intro')}</p>
      <CodeVerification
        withTicketNumber
        initialTicketNumber={params.get('number') ?? ''}
        onVerified={(session, number) => {
          sessionChanged(session);
          navigate(`/t/${encodeURIComponent(session.ticketNumber ?? number ?? '')}`);
        }}
      />
    </section>
  );
}
