import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { CodeVerification } from '../components/CodeVerification';
import { useSessionChanged } from '../session';

export default function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  return (
    <section className="card stack narrow" data-testid="sign-in">
      <h1>{t('signIn.title')}</h1>
      <p className="muted">{t('signIn.intro')}</p>
      <CodeVerification
        withTicketNumber={false}
        onVerified={(session) => {
          sessionChanged(session);
          navigate('/tickets');
        }}
      />
    </section>
  );
}
