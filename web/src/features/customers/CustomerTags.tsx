import { EyeInvisibleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerTier } from './types';

export function TierTag({ tier }: { tier: CustomerTier }) {
  const { t } = useTranslation();
  return tier === 'vip' ? (
    <Tag color="gold" data-testid="vip-tag">
      VIP
    </Tag>
  ) : (
    <Tag>{t('customers.tier.regular')}</Tag>
  );
}

/** Whether a purchase is under warranty: in, out (with the end date) or unknown. */
export function WarrantyTag({ inWarranty, endsOn }: { inWarranty: boolean | null; endsOn: string | null }) {
  const { t } = useTranslation();
  if (inWarranty === null) return <Tag>{t('customers.warranty.unknown')}</Tag>;
  return (
    <Tooltip title={endsOn ? t('customers.warranty.endsOn', { date: endsOn }) : undefined}>
      <Tag color={inWarranty ? 'green' : 'red'}>
        {t(inWarranty ? 'customers.warranty.in' : 'customers.warranty.out')}
      </Tag>
    </Tooltip>
  );
}

/** Shown when the server masked personal data for this reader (R11.3). */
export function MaskedHint() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('customers.maskedHint')}>
      <Tag icon={<EyeInvisibleOutlined />} data-testid="masked-tag">
        {t('customers.masked')}
      </Tag>
    </Tooltip>
  );
}
