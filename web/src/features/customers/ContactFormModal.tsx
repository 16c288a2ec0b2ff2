import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { customersApi } from './api';
import { customerKeys } from './queries';
import type { ContactInput } from './types';

type Values = { name: string; title?: string; phone?: string; email?: string };

const blank = (value: string | undefined) => (value?.trim() ? value.trim() : null);

export function ContactFormModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();

  const save = useMutation({
    mutationFn: (values: Values) => {
      const input: ContactInput = {
        name: values.name.trim(),
        title: blank(values.title),
        phone: blank(values.phone),
        email: blank(values.email),
      };
      return customersApi.addContact(customerId, input);
    },
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
      title={t('customers.contacts.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'contact-form-submit' }}
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="name"
          label={t('customers.contacts.name')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="title" label={t('customers.contacts.title')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label={t('customers.phone')}>
          <Input maxLength={40} inputMode="tel" />
        </Form.Item>
        <Form.Item name="email" label={t('customers.email')} rules={[{ type: 'email' }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
