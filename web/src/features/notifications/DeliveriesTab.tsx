import { ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Select, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useShowError } from '../common/errors';
import { formatDateTime } from '../common/format';
import { notificationKeys, notificationsApi } from './api';
import {
  DELIVERY_CHANNELS,
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryChannel,
  type DeliveryStatus,
} from './types';

const STATUS_COLORS: Record<DeliveryStatus, string> = {
  pending: 'processing',
  sent: 'success',
  failed: 'error',
  skipped: 'default',
  dead: 'error',
};
const REDELIVERABLE = new Set<DeliveryStatus>(['dead', 'failed', 'skipped']);

/** Every outgoing message with its attempts and last error; dead letters can be sent again by hand. */
export function DeliveriesTab({ initialStatus }: { initialStatus?: DeliveryStatus }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const [status, setStatus] = useState<DeliveryStatus | undefined>(initialStatus);
  const [channel, setChannel] = useState<DeliveryChannel | undefined>();
  const pages = useInfiniteQuery({
    queryKey: [...notificationKeys.deliveries, status ?? '', channel ?? ''],
    queryFn: ({ pageParam }) =>
      notificationsApi.deliveries.list({ status, channel, cursor: pageParam ?? undefined, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

  const redeliver = useMutation({
    mutationFn: (delivery: Delivery) => notificationsApi.deliveries.redeliver(delivery.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: notificationKeys.deliveries });
      void message.success(t('notifications.deliveries.redelivered'));
    },
    onError: (error) => showError(error),
  });

  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];

  const columns: TableColumnsType<Delivery> = [
    {
      title: t('notifications.deliveries.createdAt'),
      dataIndex: 'createdAt',
      render: (value: string) => formatDateTime(value),
      onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
    },
    {
      title: t('notifications.deliveries.channel'),
      dataIndex: 'channel',
      render: (value: DeliveryChannel) => <Tag>{t(`notifications.channels.${value}`)}</Tag>,
    },
    {
      title: t('notifications.deliveries.recipient'),
      key: 'recipient',
      render: (_, delivery) => (
        <Typography.Text style={{ wordBreak: 'break-all' }}>
          {delivery.targetName ?? delivery.recipient}
        </Typography.Text>
      ),
    },
    {
      title: t('notifications.deliveries.message'),
      key: 'message',
      render: (_, delivery) => (
        <Flex vertical style={{ maxWidth: 320 }}>
          <Typography.Text ellipsis={{ tooltip: delivery.subject }}>{delivery.subject}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`notifications.templates.names.${delivery.template}`, { defaultValue: delivery.template })}
            {delivery.ticket ? ' · ' : ''}
            {delivery.ticket && <Link to={`/tickets/${delivery.ticket.id}`}>{delivery.ticket.number}</Link>}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('notifications.deliveries.status'),
      key: 'status',
      render: (_, delivery) =>
        delivery.status === 'pending' && delivery.attempts > 0 ? (
          <Tag color="warning">{t('notifications.deliveries.retrying')}</Tag>
        ) : (
          <Tag color={STATUS_COLORS[delivery.status]}>
            {t(`notifications.deliveries.statuses.${delivery.status}`)}
          </Tag>
        ),
    },
    {
      title: t('notifications.deliveries.attempts'),
      key: 'attempts',
      align: 'right',
      render: (_, delivery) => `${delivery.attempts} / ${delivery.attemptLimit}`,
    },
    {
      title: t('notifications.deliveries.lastError'),
      dataIndex: 'lastError',
      render: (value: string | null) =>
        value ? (
          <Tooltip title={value}>
            <Typography.Text type="danger" ellipsis style={{ maxWidth: 240, display: 'inline-block' }}>
              {value}
            </Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: t('notifications.deliveries.sentAt'),
      dataIndex: 'sentAt',
      render: (value: string | null) => formatDateTime(value),
      onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, delivery) =>
        REDELIVERABLE.has(delivery.status) ? (
          <Button
            type="link"
            size="small"
            loading={redeliver.isPending && redeliver.variables?.id === delivery.id}
            onClick={() => redeliver.mutate(delivery)}
            data-testid={`redeliver-${delivery.id}`}
          >
            {t('notifications.deliveries.redeliver')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Select<DeliveryStatus>
          allowClear
          placeholder={t('notifications.deliveries.anyStatus')}
          value={status}
          onChange={setStatus}
          style={{ minWidth: 160 }}
          options={DELIVERY_STATUSES.map((value) => ({
            value,
            label: t(`notifications.deliveries.statuses.${value}`),
          }))}
          data-testid="deliveries-status"
        />
        <Select<DeliveryChannel>
          allowClear
          placeholder={t('notifications.deliveries.anyChannel')}
          value={channel}
          onChange={setChannel}
          style={{ minWidth: 160 }}
          options={DELIVERY_CHANNELS.map((value) => ({ value, label: t(`notifications.channels.${value}`) }))}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void pages.refetch()} loading={pages.isRefetching}>
          {t('notifications.deliveries.refresh')}
        </Button>
      </Flex>
      <Table<Delivery>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={pages.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        size="small"
        locale={{ emptyText: t('notifications.deliveries.empty') }}
        data-testid="deliveries-table"
      />
      {pages.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
            {t('notifications.loadMore')}
          </Button>
        </Flex>
      )}
    </>
  );
}
