import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Flex, Table, type TableColumnsType, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { notificationKeys, notificationsApi } from './api';
import type { Subscription } from './types';

type Channel = 'inApp' | 'email' | 'sms';
const CHANNELS: Channel[] = ['inApp', 'email', 'sms'];

/** Settings › My notifications: which staff alerts reach me in the app, by e-mail, by SMS. */
export default function MyNotificationSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const mine = useQuery({
    queryKey: notificationKeys.mySubscriptions,
    queryFn: notificationsApi.subscriptions.mine,
  });
  const [draft, setDraft] = useState<Subscription[]>([]);

  useEffect(() => {
    if (mine.data) setDraft(mine.data.items);
  }, [mine.data]);

  const save = useMutation({
    mutationFn: (items: Subscription[]) => notificationsApi.subscriptions.saveMine(items),
    onSuccess: (saved) => {
      queryClient.setQueryData(notificationKeys.mySubscriptions, saved);
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error),
  });

  const available = mine.data?.channels ?? { email: false, sms: false };
  const canUse = (channel: Channel) => channel === 'inApp' || available[channel];
  const dirty = JSON.stringify(draft) !== JSON.stringify(mine.data?.items ?? []);

  const toggle = (template: string, channel: Channel, value: boolean) =>
    setDraft((items) =>
      items.map((item) => (item.template === template ? { ...item, [channel]: value } : item)),
    );

  const columns: TableColumnsType<Subscription> = [
    {
      title: t('notifications.settings.event'),
      key: 'template',
      render: (_, item) => (
        <Flex vertical>
          <Typography.Text>{t(`notifications.templates.names.${item.template}`)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`notifications.templates.hints.${item.template}`)}
          </Typography.Text>
        </Flex>
      ),
    },
    ...CHANNELS.map((channel) => ({
      title: t(`notifications.channels.${channel}`),
      key: channel,
      align: 'center' as const,
      width: 120,
      render: (_: unknown, item: Subscription) => (
        <Checkbox
          checked={item[channel]}
          disabled={!canUse(channel) && !item[channel]}
          onChange={(event) => toggle(item.template, channel, event.target.checked)}
          aria-label={`${t(`notifications.templates.names.${item.template}`)} · ${t(`notifications.channels.${channel}`)}`}
          data-testid={`subscription-${item.template}-${channel}`}
        />
      ),
    })),
  ];

  return (
    <>
      <PageHeader
        title={t('notifications.settings.title')}
        extra={
          <Button
            type="primary"
            disabled={!dirty}
            loading={save.isPending}
            onClick={() => save.mutate(draft)}
          >
            {t('common.save')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('notifications.settings.intro')}</Typography.Paragraph>
      {mine.data && (!available.email || !available.sms) && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={[
            !available.email ? t('notifications.settings.emailUnavailable') : null,
            !available.sms ? t('notifications.settings.smsUnavailable') : null,
          ]
            .filter(Boolean)
            .join(' ')}
        />
      )}
      <Table<Subscription>
        rowKey="template"
        columns={columns}
        dataSource={draft}
        loading={mine.isLoading}
        pagination={false}
        size="middle"
        data-testid="my-subscriptions"
      />
    </>
  );
}
