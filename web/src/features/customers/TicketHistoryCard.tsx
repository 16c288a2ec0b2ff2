import { Card, Empty, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import { useTicketHistory } from './queries';
import type { TicketHistoryItem } from './types';

/** 工单历史: the tickets of a customer or a product, from the tickets list; tolerant of its absence. */
export function TicketHistoryCard({
  filter,
  total,
}: {
  filter: { customerId?: string; productId?: string };
  total?: number;
}) {
  const { t } = useTranslation();
  const history = useTicketHistory(filter);

  const columns: TableColumnsType<TicketHistoryItem> = [
    {
      title: t('customers.tickets.number'),
      dataIndex: 'number',
      render: (number: string, ticket) => <Link to={`/tickets/${ticket.id}`}>{number}</Link>,
    },
    { title: t('customers.tickets.title'), dataIndex: 'title', ellipsis: true },
    {
      title: t('customers.tickets.status'),
      dataIndex: 'status',
      render: (status: string) => <Tag>{t(`tickets.status.${status}`, { defaultValue: status })}</Tag>,
    },
    {
      title: t('customers.tickets.priority'),
      dataIndex: 'priority',
      render: (priority: string) => <Tag color={priority === 'P1' ? 'red' : undefined}>{priority}</Tag>,
    },
    { title: t('customers.tickets.receivedAt'), dataIndex: 'receivedAt', render: formatDateTime },
  ];

  const title =
    total === undefined
      ? t('customers.tickets.heading')
      : t('customers.tickets.headingCount', { count: total });

  return (
    <Card title={title} size="small" data-testid="ticket-history">
      {history.data === null ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.tickets.unavailable')} />
      ) : history.isError ? (
        <Typography.Text type="danger">{t('errors.network')}</Typography.Text>
      ) : (
        <Table<TicketHistoryItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={history.data?.items}
          loading={history.isPending}
          pagination={false}
          locale={{ emptyText: t('customers.tickets.none') }}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Card>
  );
}
