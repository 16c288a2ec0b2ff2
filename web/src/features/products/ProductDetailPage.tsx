import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Descriptions,
  Flex,
  Result,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useHasPermission } from '../auth/session';
import { formatDateTime } from '../common/format';
import { TicketHistoryCard } from '../customers/TicketHistoryCard';
import { BatchFormModal } from './BatchFormModal';
import { ProductFormModal } from './ProductFormModal';
import { useProduct } from './queries';
import type { Batch } from './types';

type Dialog = 'edit' | 'batch' | null;

/** One product model: its data, batches with how many units of each were registered, and its tickets. */
export default function ProductDetailPage() {
  const { productId = '' } = useParams();
  const { t } = useTranslation();
  const can = useHasPermission();
  const canManage = can('products.manage');
  const product = useProduct(productId);
  const [dialog, setDialog] = useState<Dialog>(null);

  if (product.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (product.isError) {
    const missing = product.error instanceof ApiError && product.error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('products.notFound') : t('errors.network')}
        extra={<Link to="/customers/products">{t('products.backToList')}</Link>}
      />
    );
  }
  const data = product.data;

  const batchColumns: TableColumnsType<Batch> = [
    { title: t('products.batches.batchNumber'), dataIndex: 'batchNumber' },
    {
      title: t('products.batches.manufacturedOn'),
      dataIndex: 'manufacturedOn',
      render: (value) => value ?? '—',
    },
    { title: t('products.batches.quantity'), dataIndex: 'quantity', render: (value) => value ?? '—' },
    { title: t('products.purchaseCount'), dataIndex: 'purchaseCount' },
    { title: t('products.batches.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Space>
          <Link to="/customers/products">
            <ArrowLeftOutlined /> {t('products.backToList')}
          </Link>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {data.model}
          </Typography.Title>
          {!data.isActive && <Tag>{t('products.inactiveTag')}</Tag>}
        </Space>
        {canManage && (
          <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="edit-product">
            {t('common.edit')}
          </Button>
        )}
      </Flex>
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'model', label: t('products.model'), children: data.model },
            { key: 'name', label: t('products.name'), children: data.name },
            { key: 'category', label: t('products.category'), children: data.category },
            { key: 'line', label: t('products.productLine'), children: data.productLine || '—' },
            {
              key: 'warranty',
              label: t('products.warrantyMonths'),
              children: t('products.months', { count: data.warrantyMonths }),
            },
            { key: 'purchases', label: t('products.purchaseCount'), children: data.purchaseCount },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('products.batches.heading')}
        extra={
          canManage && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setDialog('batch')}
              data-testid="add-batch"
            >
              {t('products.batches.add')}
            </Button>
          )
        }
      >
        <Table<Batch>
          rowKey="id"
          size="small"
          data-testid="batches-table"
          columns={batchColumns}
          dataSource={data.batches}
          pagination={false}
          locale={{ emptyText: t('products.batches.none') }}
        />
      </Card>
      <TicketHistoryCard filter={{ productId }} total={data.ticketCount} />
      {dialog === 'edit' && <ProductFormModal product={data} onClose={() => setDialog(null)} />}
      {dialog === 'batch' && <BatchFormModal productId={productId} onClose={() => setDialog(null)} />}
    </Flex>
  );
}
