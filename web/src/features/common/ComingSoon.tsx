import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';

type Module = 'tickets' | 'customers' | 'knowledge' | 'reports';

/** Placeholder for modules that are not built yet. */
export default function ComingSoon({ module }: { module: Module }) {
  const { t } = useTranslation();
  const name = t(`nav.${module}`);
  return (
    <Card>
      <Result
        status="info"
        title={name}
        subTitle={t('comingSoon.description', { module: name })}
        data-testid={`coming-soon-${module}`}
      />
    </Card>
  );
}
