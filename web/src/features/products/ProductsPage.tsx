import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useHasPermission } from '../auth/session';
import { PageHeader } from '../common/PageHeader';
import { ProductFormModal } from './ProductFormModal';
import { useProductCategories, useProducts } from './queries';
import type { Product, ProductQuery } from './types';

/** 产品: the catalogue of models with category, product line and warranty months (R11.2). */
export default function ProductsPage() {
  const { t } = useTranslation();
  const can = useHasPermission();
  const [query, setQuery] = useState<Omit<ProductQuery, 'cursor'>>({});
  const [creating, setCreating] = useState(false);
  const products = useProducts(query);
  const categories = useProductCategories();
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];

  const columns: TableColumnsType<Product> = [
    {
      title: t('products.model'),
      dataIndex: 'model',
      render: (model: string, product) => <Link to={`/customers/products/${product.id}`}>{model}</Link>,
    },
    { title: t('products.name'), dataIndex: 'name' },
    { title: t('products.category'), dataIndex: 'category' },
    { title: t('products.productLine'), dataIndex: 'productLine', render: (value: string) => value || '—' },
    {
      title: t('products.warrantyMonths'),
      dataIndex: 'warrantyMonths',
      render: (months: number) => t('products.months', { count: months }),
    },
    {
      title: t('products.status'),
      dataIndex: 'isActive',
      render: (active: boolean) =>
        active ? <Tag color="green">{t('products.activeTag')}</Tag> : <Tag>{t('products.inactiveTag')}</Tag>,
    },
    { title: t('products.purchaseCount'), dataIndex: 'purchaseCount' },
  ];

  return (
    <>
      <PageHeader
        title={t('products.title')}
        extra={
          can('products.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="create-product"
            >
              {t('products.create')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('products.searchPlaceholder')}
          onSearch={(q) => setQuery((current) => ({ ...current, q: q.trim() || undefined }))}
          style={{ width: 260 }}
        />
        <Select
          allowClear
          placeholder={t('products.filterCategory')}
          style={{ width: 180 }}
          loading={categories.isPending}
          options={categories.data?.items.map((category) => ({ value: category, label: category }))}
          onChange={(category?: string) => setQuery((current) => ({ ...current, category }))}
        />
        <Select
          allowClear
          placeholder={t('products.filterStatus')}
          style={{ width: 140 }}
          options={[
            { value: 'true', label: t('products.activeTag') },
            { value: 'false', label: t('products.inactiveTag') },
          ]}
          onChange={(active?: 'true' | 'false') => setQuery((current) => ({ ...current, active }))}
        />
      </Flex>
      <Table<Product>
        rowKey="id"
        data-testid="products-table"
        columns={columns}
        dataSource={items}
        loading={products.isFetching && !products.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      {products.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={() => void products.fetchNextPage()} loading={products.isFetchingNextPage}>
            {t('customers.loadMore')}
          </Button>
        </Flex>
      )}
      {creating && <ProductFormModal onClose={() => setCreating(false)} />}
    </>
  );
}
