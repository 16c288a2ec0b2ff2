import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Role } from '../../../api/types';
import { useShowError } from '../../common/errors';
import { keys } from '../queries';
import { PermissionPicker } from './PermissionPicker';

type Values = { key: string; name: string; description?: string; permissions: string[] };

/** Creates a role (no `role`) or edits one. Mounted only while open. */
export function RoleDrawer({ role, onClose }: { role?: Role; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();

  const save = useMutation({
    mutationFn: ({ key, ...values }: Values) =>
      role ? api.roles.update(role.id, values) : api.roles.create({ key, ...values }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.roles });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Drawer
      open
      size={640}
      title={role ? t('roles.edit', { name: role.name }) : t('roles.create')}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={role ?? { permissions: [] }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="key"
          label={t('roles.key')}
          extra={role ? undefined : t('roles.keyHelp')}
          rules={[{ required: true }, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('roles.keyHelp') }]}
        >
          <Input disabled={Boolean(role)} />
        </Form.Item>
        <Form.Item name="name" label={t('roles.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('roles.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="permissions" label={t('roles.permissions')}>
          <PermissionPicker />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
