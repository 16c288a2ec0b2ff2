import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { CreatedToken } from '../../api/types';
import { keys, usePermissionLabel, usePermissions } from '../admin/queries';
import { useMe } from '../auth/session';
import { useShowError } from '../common/errors';

type Values = { name: string; scopes: string[]; expiresInDays?: number | null };

/** Asks for name, scopes and expiry; hands the created token (shown once) to `onCreated`. */
export function CreateTokenModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (token: CreatedToken) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const me = useMe();
  const label = usePermissionLabel();
  const catalogue = usePermissions();

  // A token can carry only permissions its owner holds; the catalogue gives their order.
  const catalogueKeys = catalogue.data?.items.map((permission) => permission.key) ?? [];
  const scopes = [
    ...catalogueKeys.filter((key) => me.permissions.includes(key)),
    ...me.permissions.filter((key) => !catalogueKeys.includes(key)),
  ];

  const create = useMutation({
    mutationFn: ({ expiresInDays, ...values }: Values) =>
      api.tokens.create({ ...values, expiresInDays: expiresInDays ?? undefined }),
    onSuccess: async (token) => {
      await queryClient.invalidateQueries({ queryKey: keys.tokens });
      onCreated(token);
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('tokens.create')}
      okText={t('tokens.createSubmit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ scopes: [], expiresInDays: 90 }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true }]}>
          <Input placeholder={t('tokens.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="scopes" label={t('tokens.scopes')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={scopes.map((key) => ({ value: key, label: label(key) }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} extra={t('tokens.expiresHelp')}>
          <InputNumber min={1} max={3650} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
