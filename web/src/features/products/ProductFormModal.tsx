import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useShowError } from '../common/errors';
import { productsApi } from './api';
import { productKeys, useProductCategories } from './queries';
import type { ProductDetail } from './types';

type Values = {
  model: string;
  name: string;
  category: string;
  productLine?: string;
  warrantyMonths: number;
  isActive: boolean;
};

/** Adds a product model (no `product`) or edits one. Mounted only while open. */
export function ProductFormModal({ product, onClose }: { product?: ProductDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const showError = useShowError();
  const categories = useProductCategories();

  const save = useMutation({
    mutationFn: (values: Values) => {
      const input = {
        model: values.model.trim(),
        name: values.name.trim(),
        category: values.category.trim(),
        productLine: values.productLine?.trim() ?? '',
        warrantyMonths: values.warrantyMonths,
        isActive: values.isActive,
      };
      return product ? productsApi.update(product.id, input) : productsApi.create(input);
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(productKeys.detail(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: productKeys.all });
      void message.success(t(product ? 'common.saved' : 'products.created'));
      onClose();
      if (!product) navigate(`/customers/products/${saved.id}`);
    },
    onError: (error) => showError(error, form),
  });

  const initialValues: Partial<Values> = product
    ? {
        model: product.model,
        name: product.name,
        category: product.category,
        productLine: product.productLine,
        warrantyMonths: product.warrantyMonths,
        isActive: product.isActive,
      }
    : { warrantyMonths: 12, isActive: true };

  return (
    <Modal
      open
      title={product ? t('products.edit', { model: product.model }) : t('products.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'product-form-submit' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => save.mutate(values)}
        data-testid="product-form"
      >
        <Form.Item name="model" label={t('products.model')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="name" label={t('products.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('products.category')}
          rules={[{ required: true, whitespace: true }]}
        >
          <AutoComplete
            options={categories.data?.items.map((category) => ({ value: category }))}
            showSearch={{ filterOption: true }}
          />
        </Form.Item>
        <Form.Item name="productLine" label={t('products.productLine')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="warrantyMonths"
          label={t('products.warrantyMonths')}
          rules={[{ required: true }]}
          extra={t('products.warrantyHelp')}
        >
          <InputNumber min={0} max={600} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="isActive" label={t('products.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
