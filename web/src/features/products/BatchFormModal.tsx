import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { productsApi } from './api';
import { productKeys } from './queries';

type Values = { batchNumber: string; manufacturedOn?: Dayjs; quantity?: number | null };

export function BatchFormModal({ productId, onClose }: { productId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();

  const save = useMutation({
    mutationFn: (values: Values) =>
      productsApi.addBatch(productId, {
        batchNumber: values.batchNumber.trim(),
        manufacturedOn: values.manufacturedOn ? values.manufacturedOn.format('YYYY-MM-DD') : null,
        quantity: values.quantity ?? null,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: productKeys.detail(productId) });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('products.batches.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'batch-form-submit' }}
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="batchNumber"
          label={t('products.batches.batchNumber')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="manufacturedOn" label={t('products.batches.manufacturedOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="quantity" label={t('products.batches.quantity')}>
          <InputNumber min={0} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
