import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Empty, Flex, Input, Result, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { PageHeader } from '../common/PageHeader';
import { MaskedHint, TierTag, WarrantyTag } from '../customers/CustomerTags';
import { productsApi } from './api';
import { productKeys } from './queries';

/** 序列号查询: who bought a unit, what it is, and whether it is under warranty (R11.2, R8.1). */
export default function SerialLookupPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const serial = params.get('serial')?.trim() ?? '';
  const lookup = useQuery({
    queryKey: productKeys.serial(serial),
    queryFn: () => productsApi.lookUpSerial(serial),
    enabled: serial !== '',
  });
  const notFound = lookup.error instanceof ApiError && lookup.error.status === 404;
  const result = lookup.data;

  return (
    <>
      <PageHeader title={t('serials.title')} />
      <Input.Search
        allowClear
        enterButton={t('common.search')}
        defaultValue={serial}
        placeholder={t('serials.placeholder')}
        onSearch={(value) => setParams(value.trim() ? { serial: value.trim() } : {})}
        style={{ maxWidth: 420, marginBottom: 16 }}
        data-testid="serial-search"
      />
      {serial === '' ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('serials.hint')} />
      ) : lookup.isPending ? (
        <Spin style={{ display: 'block', margin: 48 }} />
      ) : notFound ? (
        <Result status="404" title={t('serials.notFound', { serial })} />
      ) : lookup.isError || !result ? (
        <Result status="error" title={t('errors.network')} />
      ) : (
        <Flex vertical gap={16} data-testid="serial-result">
          <Card size="small" title={t('serials.warranty')}>
            <Space>
              <WarrantyTag inWarranty={result.purchase.inWarranty} endsOn={result.purchase.warrantyEndsOn} />
              {result.purchase.warrantyEndsOn &&
                t('customers.warranty.until', { date: result.purchase.warrantyEndsOn })}
            </Space>
          </Card>
          <Card size="small" title={t('serials.product')}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                {
                  key: 'serial',
                  label: t('customers.purchases.serialNumber'),
                  children: result.serialNumber,
                },
                {
                  key: 'model',
                  label: t('products.model'),
                  children: result.product ? (
                    <Link to={`/customers/products/${result.product.id}`}>{result.product.model}</Link>
                  ) : (
                    '—'
                  ),
                },
                { key: 'name', label: t('products.name'), children: result.product?.name ?? '—' },
                {
                  key: 'warrantyMonths',
                  label: t('products.warrantyMonths'),
                  children: result.product
                    ? t('products.months', { count: result.product.warrantyMonths })
                    : '—',
                },
                {
                  key: 'batch',
                  label: t('customers.purchases.batchNumber'),
                  children: result.purchase.batchNumber ?? '—',
                },
                {
                  key: 'order',
                  label: t('customers.purchases.orderNumber'),
                  children: result.purchase.orderNumber ?? '—',
                },
                {
                  key: 'channel',
                  label: t('customers.purchases.channel'),
                  children: result.purchase.channel ?? '—',
                },
                {
                  key: 'date',
                  label: t('customers.purchases.purchasedOn'),
                  children: result.purchase.purchasedOn ?? '—',
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('serials.owner')} extra={result.customer.masked && <MaskedHint />}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                {
                  key: 'name',
                  label: t('customers.name'),
                  children: (
                    <Space size={4}>
                      <Link to={`/customers/${result.customer.id}`}>{result.customer.name}</Link>
                      <TierTag tier={result.customer.tier} />
                    </Space>
                  ),
                },
                {
                  key: 'number',
                  label: t('customers.customerNumber'),
                  children: result.customer.customerNumber,
                },
                { key: 'phone', label: t('customers.phone'), children: result.customer.phone ?? '—' },
                { key: 'region', label: t('customers.region'), children: result.customer.region ?? '—' },
              ]}
            />
          </Card>
        </Flex>
      )}
    </>
  );
}
