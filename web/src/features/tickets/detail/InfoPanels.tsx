import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../common/format';
import { useOverdueReasons } from '../../sla/api';
import { useReasonName } from '../../sla/OverdueReasonFields';
import { useFormatDuration, VipTag } from '../TicketTags';
import { useTicketContext } from './context';

const orDash = (value: string | null | undefined) => value || '—';

function EditButton({ onClick, testId }: { onClick: () => void; testId?: string }) {
  const { t } = useTranslation();
  const { can } = useTicketContext();
  if (!can('tickets.update')) return null;
  return (
    <Button type="link" size="small" icon={<EditOutlined />} onClick={onClick} data-testid={testId}>
      {t('common.edit')}
    </Button>
  );
}

/** 客户与联系人: the customer record and the contact given on this ticket (masked as the server sends them). */
export function CustomerPanel() {
  const { t } = useTranslation();
  const { detail } = useTicketContext();
  const { customer, contact } = detail.ticket;
  return (
    <Card size="small" title={t('tickets.panels.customer')} data-testid="customer-panel">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'customer',
            label: t('tickets.fields.customer'),
            children: customer ? (
              <Space size={4} wrap>
                <Link to={`/customers/${customer.id}`}>{customer.companyName ?? customer.name}</Link>
                <VipTag tier={customer.tier} />
                <Typography.Text type="secondary">{customer.number}</Typography.Text>
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('tickets.customer.none')}</Typography.Text>
            ),
          },
          ...(customer?.region
            ? [{ key: 'region', label: t('tickets.fields.region'), children: customer.region }]
            : []),
          { key: 'contact', label: t('tickets.fields.contactName'), children: orDash(contact.name) },
          { key: 'phone', label: t('tickets.fields.phone'), children: orDash(contact.phone) },
          { key: 'email', label: t('tickets.fields.email'), children: orDash(contact.email) },
          ...(contact.preferredTime
            ? [
                {
                  key: 'preferred',
                  label: t('tickets.fields.preferredContactTime'),
                  children: contact.preferredTime,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/** 订单与产品: order, purchase, product model, serial and batch, plus the customer's request. */
export function ProductPanel() {
  const { t } = useTranslation();
  const { detail, openDialog } = useTicketContext();
  const ticket = detail.ticket;
  return (
    <Card
      size="small"
      title={t('tickets.panels.product')}
      extra={<EditButton onClick={() => openDialog('product')} />}
      data-testid="product-panel"
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'order', label: t('tickets.fields.orderNumber'), children: orDash(ticket.orderNumber) },
          {
            key: 'channel',
            label: t('tickets.fields.purchaseChannel'),
            children: orDash(ticket.purchaseChannel),
          },
          {
            key: 'purchasedOn',
            label: t('tickets.fields.purchasedOn'),
            children: orDash(ticket.purchasedOn),
          },
          {
            key: 'model',
            label: t('tickets.fields.productModel'),
            children: ticket.product.id ? (
              <Link to={`/customers/products/${ticket.product.id}`}>{ticket.product.model}</Link>
            ) : (
              orDash(ticket.product.model)
            ),
          },
          { key: 'serial', label: t('tickets.fields.serialNumber'), children: orDash(ticket.serialNumber) },
          { key: 'batch', label: t('tickets.fields.batchNumber'), children: orDash(ticket.batchNumber) },
          {
            key: 'request',
            label: t('tickets.fields.customerRequest'),
            children: (
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>
                {orDash(ticket.customerRequest)}
              </Typography.Text>
            ),
          },
          {
            key: 'expected',
            label: t('tickets.fields.expectedResolutionAt'),
            children: formatDateTime(ticket.expectedResolutionAt),
          },
        ]}
      />
    </Card>
  );
}

/** 投诉信息 (R9): severity, complaint category, external source and its deadline. */
export function ComplaintPanel() {
  const { t } = useTranslation();
  const { detail, openDialog } = useTicketContext();
  const { complaint, type } = detail.ticket;
  if (!complaint && type !== 'complaint') return null;
  const severityColor = { light: 'default', medium: 'orange', severe: 'red' } as Record<string, string>;
  return (
    <Card
      size="small"
      title={t('tickets.panels.complaint')}
      extra={<EditButton onClick={() => openDialog('complaint')} testId="edit-complaint" />}
      data-testid="complaint-panel"
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'severity',
            label: t('tickets.complaint.severity'),
            children: complaint?.severity ? (
              <Tag color={severityColor[complaint.severity]}>
                {t(`tickets.complaint.severities.${complaint.severity}`)}
              </Tag>
            ) : (
              '—'
            ),
          },
          {
            key: 'category',
            label: t('tickets.complaint.category'),
            children: complaint?.category ? t(`tickets.complaint.categories.${complaint.category}`) : '—',
          },
          {
            key: 'source',
            label: t('tickets.complaint.externalSource'),
            children: complaint?.externalSource
              ? t(`tickets.complaint.sources.${complaint.externalSource}`)
              : t('tickets.complaint.noExternal'),
          },
          {
            key: 'deadline',
            label: t('tickets.complaint.externalDeadline'),
            children: complaint?.externalDeadlineAt ? (
              <Typography.Text type="danger">{formatDateTime(complaint.externalDeadlineAt)}</Typography.Text>
            ) : (
              '—'
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 时间节点: when the ticket came in and reached each milestone. */
export function TimesPanel() {
  const { t } = useTranslation();
  const { detail } = useTicketContext();
  const formatDuration = useFormatDuration();
  const reasons = useOverdueReasons();
  const reasonName = useReasonName();
  const ticket = detail.ticket;
  const overdueReason = reasons.data?.items.find((reason) => reason.code === ticket.overdueReason);
  const rows: [string, string | null][] = [
    ['receivedAt', ticket.receivedAt],
    ['classifiedAt', ticket.classifiedAt],
    ['assignedAt', ticket.assignedAt],
    ['acceptedAt', ticket.acceptedAt],
    ['firstResponseAt', ticket.firstResponseAt],
    ['solutionProposedAt', ticket.solutionProposedAt],
    ['resolvedAt', ticket.resolvedAt],
    ['closedAt', ticket.closedAt],
  ];
  return (
    <Card size="small" title={t('tickets.panels.times')} data-testid="times-panel">
      <Descriptions
        size="small"
        column={1}
        items={[
          ...rows
            .filter(([key, value]) => value || key === 'receivedAt')
            .map(([key, value]) => ({
              key,
              label: t(`tickets.fields.${key}`),
              children: formatDateTime(value),
            })),
          ...(ticket.call
            ? [
                {
                  key: 'call',
                  label: t('tickets.fields.call'),
                  children: `${formatDateTime(ticket.call.startedAt)} · ${formatDuration(ticket.call.durationSeconds)}`,
                },
              ]
            : []),
          ...(ticket.closeReason
            ? [
                {
                  key: 'closeReason',
                  label: t('tickets.fields.closeReason'),
                  children: (
                    <>
                      {t(`tickets.closeReason.${ticket.closeReason}`, { defaultValue: ticket.closeReason })}
                      {ticket.confirmationMethod &&
                        ` · ${t(`tickets.confirmation.${ticket.confirmationMethod}`, {
                          defaultValue: ticket.confirmationMethod,
                        })}`}
                    </>
                  ),
                },
              ]
            : []),
          ...(ticket.overdueReason
            ? [
                {
                  key: 'overdueReason',
                  label: t('sla.close.reason'),
                  children: (
                    <span data-testid="overdue-reason-shown">
                      {overdueReason ? reasonName(overdueReason) : ticket.overdueReason}
                      {ticket.overdueReasonText && ` · ${ticket.overdueReasonText}`}
                    </span>
                  ),
                },
              ]
            : []),
          ...(ticket.reopenedCount
            ? [
                {
                  key: 'reopened',
                  label: t('tickets.fields.reopenedCount'),
                  children: String(ticket.reopenedCount),
                },
              ]
            : []),
          ...(ticket.sourceReference
            ? [
                {
                  key: 'source',
                  label: t('tickets.fields.sourceReference'),
                  children: ticket.sourceReference,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
