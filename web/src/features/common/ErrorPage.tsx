import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

type Status = '403' | '404' | '500';

export function ErrorPage({ status }: { status: Status }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status={status}
      title={status}
      subTitle={t(`errorPage.${status}`)}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('errorPage.home')}
        </Button>
      }
    />
  );
}
