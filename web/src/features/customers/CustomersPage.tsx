import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useHasPermission } from '../auth/session';
import { formatDateTime } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { CustomerFormModal } from './CustomerFormModal';
import { MaskedHint, TierTag } from './CustomerTags';
import { useCustomers } from './queries';
import type { Customer, CustomerQuery, CustomerTier } from './types';

/** 客户: search, tier and region filters, newest first, more on demand. */
export default function CustomersPage() {
  const { t } = useTranslation();
  const can = useHasPermission();
  const [query, setQuery] = useState<Omit<CustomerQuery, 'cursor'>>({});
  const [creating, setCreating] = useState(false);
  const customers = useCustomers(query);
  const items = customers.data?.pages.flatMap((page) => page.items) ?? [];

  const columns: TableColumnsType<Customer> = [
    {
      title: t('customers.customerNumber'),
      dataIndex: 'customerNumber',
      render: (number: string, customer) => <Link to={`/customers/${customer.id}`}>{number}</Link>,
    },
    {
      title: t('customers.name'),
      dataIndex: 'name',
      render: (name: string, customer) => (
        <Space size={4}>
          <Link to={`/customers/${customer.id}`}>{name}</Link>
          {customer.tier === 'vip' && <TierTag tier="vip" />}
        </Space>
      ),
    },
    { title: t('customers.companyName'), dataIndex: 'companyName', render: (value) => value ?? '—' },
    { title: t('customers.phone'), dataIndex: 'phone', render: (value) => value ?? '—' },
    { title: t('customers.email'), dataIndex: 'email', render: (value) => value ?? '—' },
    { title: t('customers.region'), dataIndex: 'region', render: (value) => value ?? '—' },
    { title: t('customers.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
  ];

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        extra={
          can('customers.write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="create-customer"
            >
              {t('customers.create')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('customers.searchPlaceholder')}
          onSearch={(q) => setQuery((current) => ({ ...current, q: q.trim() || undefined }))}
          style={{ width: 300 }}
          data-testid="customer-search"
        />
        <Select
          allowClear
          placeholder={t('customers.filterTier')}
          style={{ width: 140 }}
          options={[
            { value: 'vip', label: t('customers.tier.vip') },
            { value: 'regular', label: t('customers.tier.regular') },
          ]}
          onChange={(tier?: CustomerTier) => setQuery((current) => ({ ...current, tier }))}
        />
        <Input.Search
          allowClear
          placeholder={t('customers.filterRegion')}
          onSearch={(region) => setQuery((current) => ({ ...current, region: region.trim() || undefined }))}
          style={{ width: 200 }}
        />
        {items[0]?.masked && <MaskedHint />}
      </Flex>
      <Table<Customer>
        rowKey="id"
        data-testid="customers-table"
        columns={columns}
        dataSource={items}
        loading={customers.isFetching && !customers.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      <Flex justify="center" style={{ marginTop: 16 }}>
        {customers.hasNextPage ? (
          <Button onClick={() => void customers.fetchNextPage()} loading={customers.isFetchingNextPage}>
            {t('customers.loadMore')}
          </Button>
        ) : (
          items.length > 0 && (
            <Typography.Text type="secondary">
              {t('customers.allLoaded', { count: items.length })}
            </Typography.Text>
          )
        )}
      </Flex>
      {creating && <CustomerFormModal onClose={() => setCreating(false)} />}
    </>
  );
}
