import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { productsApi } from '../products/api';
import { productKeys } from '../products/queries';
import { customersApi } from './api';
import { customerKeys } from './queries';

type Values = {
  productId: string;
  serialNumber?: string;
  orderNumber?: string;
  channel?: string;
  purchasedOn?: Dayjs;
  batchNumber?: string;
};

const blank = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/** Registers a purchase: product (searched by model or name), serial, order, channel, date, batch. */
export function PurchaseFormModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const [search, setSearch] = useState('');
  const products = useQuery({
    queryKey: productKeys.options(search),
    queryFn: () => productsApi.list({ q: search || undefined, active: 'true', limit: 20 }),
  });

  const save = useMutation({
    mutationFn: (values: Values) =>
      customersApi.addPurchase(customerId, {
        productId: values.productId,
        serialNumber: blank(values.serialNumber),
        orderNumber: blank(values.orderNumber),
        channel: blank(values.channel),
        purchasedOn: values.purchasedOn ? values.purchasedOn.format('YYYY-MM-DD') : null,
        batchNumber: blank(values.batchNumber),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: customerKeys.detail(customerId) });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('customers.purchases.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'purchase-form-submit' }}
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="productId" label={t('customers.purchases.product')} rules={[{ required: true }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: setSearch }}
            loading={products.isFetching}
            placeholder={t('customers.purchases.productPlaceholder')}
            options={products.data?.items.map((product) => ({
              value: product.id,
              label: `${product.model} · ${product.name}`,
            }))}
            data-testid="purchase-product"
          />
        </Form.Item>
        <Form.Item name="serialNumber" label={t('customers.purchases.serialNumber')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="orderNumber" label={t('customers.purchases.orderNumber')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="channel" label={t('customers.purchases.channel')}>
          <Input maxLength={60} placeholder={t('customers.purchases.channelPlaceholder')} />
        </Form.Item>
        <Form.Item name="purchasedOn" label={t('customers.purchases.purchasedOn')}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(date) => date.isAfter(dayjs(), 'day')}
            data-testid="purchase-date"
          />
        </Form.Item>
        <Form.Item name="batchNumber" label={t('customers.purchases.batchNumber')}>
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
