import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useShowError } from '../common/errors';
import { customersApi } from './api';
import { customerKeys } from './queries';
import type { CustomerDetail, CustomerInput, CustomerKind, CustomerTier } from './types';

type Values = {
  customerNumber?: string;
  kind: CustomerKind;
  name: string;
  companyName?: string;
  phone?: string;
  email?: string;
  tier: CustomerTier;
  region?: string;
  address?: string;
  notes?: string;
};

const EDITABLE = [
  'kind',
  'name',
  'companyName',
  'phone',
  'email',
  'tier',
  'region',
  'address',
  'notes',
] as const;

/** Blank optional text is no value. */
const blank = (value: string | undefined) => (value?.trim() ? value.trim() : null);

function toInput(values: Values): CustomerInput {
  return {
    kind: values.kind,
    name: values.name.trim(),
    companyName: blank(values.companyName),
    phone: blank(values.phone),
    email: blank(values.email),
    tier: values.tier,
    region: blank(values.region),
    address: blank(values.address),
    notes: values.notes?.trim() ?? '',
  };
}

/**
 * Creates a customer (no `customer`) or edits one. An edit sends only the fields that changed, so values
 * shown masked are never sent back. Mounted only while open.
 */
export function CustomerFormModal({ customer, onClose }: { customer?: CustomerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const showError = useShowError();
  const kind = Form.useWatch('kind', form);

  const initialValues: Partial<Values> = customer
    ? {
        kind: customer.kind,
        name: customer.name,
        companyName: customer.companyName ?? undefined,
        phone: customer.phone ?? undefined,
        email: customer.email ?? undefined,
        tier: customer.tier,
        region: customer.region ?? undefined,
        address: customer.address ?? undefined,
        notes: customer.notes,
      }
    : { kind: 'person', tier: 'regular' };

  const save = useMutation({
    mutationFn: (values: Values) => {
      const input = toInput(values);
      if (!customer) {
        return customersApi.create({ ...input, customerNumber: blank(values.customerNumber) ?? undefined });
      }
      const before = toInput({ ...(initialValues as Values) });
      const changes: CustomerInput = {};
      for (const key of EDITABLE) {
        if (input[key] !== before[key]) Object.assign(changes, { [key]: input[key] });
      }
      return customersApi.update(customer.id, changes);
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(customerKeys.detail(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      void message.success(t(customer ? 'common.saved' : 'customers.created'));
      onClose();
      if (!customer) navigate(`/customers/${saved.id}`);
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={customer ? t('customers.edit', { number: customer.customerNumber }) : t('customers.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'customer-form-submit' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => save.mutate(values)}
        data-testid="customer-form"
      >
        {!customer && (
          <Form.Item name="customerNumber" label={t('customers.customerNumber')}>
            <Input placeholder={t('customers.customerNumberAuto')} autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('customers.kindLabel')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'person', label: t('customers.kind.person') },
              { value: 'company', label: t('customers.kind.company') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={kind === 'company' ? t('customers.contactName') : t('customers.name')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="companyName"
          label={t('customers.companyName')}
          rules={[{ required: kind === 'company', whitespace: true }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label={t('customers.phone')}>
          <Input maxLength={40} inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('customers.email')}
          rules={customer?.masked ? [] : [{ type: 'email' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="tier" label={t('customers.tierLabel')}>
          <Select
            options={[
              { value: 'regular', label: t('customers.tier.regular') },
              { value: 'vip', label: t('customers.tier.vip') },
            ]}
          />
        </Form.Item>
        <Form.Item name="region" label={t('customers.region')}>
          <Input maxLength={100} placeholder={t('customers.regionPlaceholder')} />
        </Form.Item>
        <Form.Item name="address" label={t('customers.address')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="notes" label={t('customers.notes')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
