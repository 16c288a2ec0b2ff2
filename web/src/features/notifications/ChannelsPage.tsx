import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../common/PageHeader';
import { DeliveriesTab } from './DeliveriesTab';
import { RobotsTab } from './RobotsTab';
import type { DeliveryStatus } from './types';
import { WebhooksTab } from './WebhooksTab';

const TABS = ['robots', 'webhooks', 'deliveries'] as const;
type Tab = (typeof TABS)[number];

/**
 * Settings › Notification channels: group robots (WeCom, DingTalk), outgoing webhooks, and the deliveries
 * of every outgoing message with the dead letters. `?tab=deliveries&status=dead` links straight to them.
 */
export default function ChannelsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'robots';
  const status = params.get('status') as DeliveryStatus | null;

  return (
    <>
      <PageHeader title={t('notifications.channelsPage.title')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'robots', label: t('notifications.channelsPage.robots'), children: <RobotsTab /> },
          { key: 'webhooks', label: t('notifications.channelsPage.webhooks'), children: <WebhooksTab /> },
          {
            key: 'deliveries',
            label: t('notifications.channelsPage.deliveries'),
            children: <DeliveriesTab initialStatus={status ?? undefined} />,
          },
        ]}
      />
    </>
  );
}
