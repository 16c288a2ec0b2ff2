import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Popconfirm,
  Result,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useHasPermission } from '../auth/session';
import { useShowError } from '../common/errors';
import { formatDateTime } from '../common/format';
import { SurveyListCard } from '../surveys/SurveyListCard';
import { customersApi } from './api';
import { ContactFormModal } from './ContactFormModal';
import { CustomerFormModal } from './CustomerFormModal';
import { MaskedHint, TierTag, WarrantyTag } from './CustomerTags';
import { PurchaseFormModal } from './PurchaseFormModal';
import { customerKeys, useCustomer } from './queries';
import { TicketHistoryCard } from './TicketHistoryCard';
import type { Contact, CustomerDetail, Purchase } from './types';

type Dialog = 'edit' | 'contact' | 'purchase' | null;

const orDash = (value: string | null | undefined) => value || '—';

function Profile({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, lg: 3 }}
      data-testid="customer-profile"
      items={[
        { key: 'number', label: t('customers.customerNumber'), children: customer.customerNumber },
        { key: 'kind', label: t('customers.kindLabel'), children: t(`customers.kind.${customer.kind}`) },
        { key: 'tier', label: t('customers.tierLabel'), children: <TierTag tier={customer.tier} /> },
        { key: 'name', label: t('customers.name'), children: customer.name },
        { key: 'company', label: t('customers.companyName'), children: orDash(customer.companyName) },
        { key: 'phone', label: t('customers.phone'), children: orDash(customer.phone) },
        { key: 'email', label: t('customers.email'), children: orDash(customer.email) },
        { key: 'region', label: t('customers.region'), children: orDash(customer.region) },
        { key: 'address', label: t('customers.address'), children: orDash(customer.address) },
        { key: 'createdAt', label: t('customers.createdAt'), children: formatDateTime(customer.createdAt) },
        {
          key: 'notes',
          label: t('customers.notes'),
          span: 'filled',
          children: (
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{orDash(customer.notes)}</Typography.Text>
          ),
        },
      ]}
    />
  );
}

/** One customer: profile, contacts, purchases with warranty, and the ticket history (R11.1). */
export default function CustomerDetailPage() {
  const { customerId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const can = useHasPermission();
  const canWrite = can('customers.write');
  const customer = useCustomer(customerId);
  const [dialog, setDialog] = useState<Dialog>(null);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: customerKeys.detail(customerId) });
    void message.success(t('common.deleted'));
  };
  const removeContact = useMutation({
    mutationFn: (contact: Contact) => customersApi.removeContact(customerId, contact.id),
    onSuccess: refresh,
    onError: (error) => showError(error),
  });
  const removePurchase = useMutation({
    mutationFn: (purchase: Purchase) => customersApi.removePurchase(customerId, purchase.id),
    onSuccess: refresh,
    onError: (error) => showError(error),
  });

  if (customer.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (customer.isError) {
    const missing = customer.error instanceof ApiError && customer.error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('customers.notFound') : t('errors.network')}
        extra={<Link to="/customers">{t('customers.backToList')}</Link>}
      />
    );
  }
  const data = customer.data;

  const contactColumns: TableColumnsType<Contact> = [
    { title: t('customers.contacts.name'), dataIndex: 'name' },
    { title: t('customers.contacts.title'), dataIndex: 'title', render: orDash },
    { title: t('customers.phone'), dataIndex: 'phone', render: orDash },
    { title: t('customers.email'), dataIndex: 'email', render: orDash },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, contact: Contact) => (
              <Popconfirm
                title={t('customers.contacts.removeConfirm', { name: contact.name })}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                onConfirm={() => removeContact.mutate(contact)}
              >
                <Button type="link" size="small" danger>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  const purchaseColumns: TableColumnsType<Purchase> = [
    {
      title: t('customers.purchases.product'),
      key: 'product',
      render: (_, purchase) =>
        purchase.product ? (
          <Link to={`/customers/products/${purchase.product.id}`}>
            {purchase.product.model} · {purchase.product.name}
          </Link>
        ) : (
          '—'
        ),
    },
    { title: t('customers.purchases.serialNumber'), dataIndex: 'serialNumber', render: orDash },
    { title: t('customers.purchases.orderNumber'), dataIndex: 'orderNumber', render: orDash },
    { title: t('customers.purchases.channel'), dataIndex: 'channel', render: orDash },
    { title: t('customers.purchases.purchasedOn'), dataIndex: 'purchasedOn', render: orDash },
    { title: t('customers.purchases.batchNumber'), dataIndex: 'batchNumber', render: orDash },
    {
      title: t('customers.purchases.warranty'),
      key: 'warranty',
      render: (_, purchase) => (
        <Space size={4}>
          <WarrantyTag inWarranty={purchase.inWarranty} endsOn={purchase.warrantyEndsOn} />
          {purchase.warrantyEndsOn && (
            <Typography.Text type="secondary">
              {t('customers.warranty.until', { date: purchase.warrantyEndsOn })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, purchase: Purchase) => (
              <Popconfirm
                title={t('customers.purchases.removeConfirm')}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                onConfirm={() => removePurchase.mutate(purchase)}
              >
                <Button type="link" size="small" danger>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Space>
          <Link to="/customers">
            <ArrowLeftOutlined /> {t('customers.backToList')}
          </Link>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {data.name}
          </Typography.Title>
          <TierTag tier={data.tier} />
          {data.masked && <MaskedHint />}
        </Space>
        {canWrite && (
          <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="edit-customer">
            {t('common.edit')}
          </Button>
        )}
      </Flex>
      <Card size="small" title={t('customers.profile')}>
        <Profile customer={data} />
      </Card>
      <Card
        size="small"
        title={t('customers.contacts.heading')}
        extra={
          canWrite && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('contact')}>
              {t('customers.contacts.add')}
            </Button>
          )
        }
      >
        <Table<Contact>
          rowKey="id"
          size="small"
          columns={contactColumns}
          dataSource={data.contacts}
          pagination={false}
          locale={{ emptyText: t('customers.contacts.none') }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <Card
        size="small"
        title={t('customers.purchases.heading')}
        extra={
          canWrite && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setDialog('purchase')}
              data-testid="add-purchase"
            >
              {t('customers.purchases.add')}
            </Button>
          )
        }
      >
        <Table<Purchase>
          rowKey="id"
          size="small"
          data-testid="purchases-table"
          columns={purchaseColumns}
          dataSource={data.purchases}
          pagination={false}
          locale={{ emptyText: t('customers.purchases.none') }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <TicketHistoryCard filter={{ customerId }} total={data.ticketCount} />
      <SurveyListCard filter={{ customerId }} />
      {dialog === 'edit' && <CustomerFormModal customer={data} onClose={() => setDialog(null)} />}
      {dialog === 'contact' && <ContactFormModal customerId={customerId} onClose={() => setDialog(null)} />}
      {dialog === 'purchase' && <PurchaseFormModal customerId={customerId} onClose={() => setDialog(null)} />}
    </Flex>
  );
}
