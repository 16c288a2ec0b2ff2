import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Locale, User } from '../../../api/types';
import { useShowError } from '../../common/errors';
import { useGroups, useRoles } from '../queries';

type Values = {
  username: string;
  displayName: string;
  password: string;
  roleId: string;
  groupIds: string[];
  email?: string;
  phone?: string;
  locale: Locale;
  isActive: boolean;
};

/** Blank optional text is no value rather than an empty string. */
function optional(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

/** Creates a user (no `user`) or edits one. Mounted only while open. */
export function UserFormModal({ user, onClose }: { user?: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const roles = useRoles();
  const groups = useGroups();
  const isNew = !user;

  const save = useMutation({
    mutationFn: (values: Values) => {
      const common = {
        displayName: values.displayName,
        roleId: values.roleId,
        groupIds: values.groupIds,
        locale: values.locale,
      };
      return user
        ? api.users.update(user.id, {
            ...common,
            email: optional(values.email) ?? null,
            phone: optional(values.phone) ?? null,
            isActive: values.isActive,
          })
        : api.users.create({
            ...common,
            username: values.username,
            password: values.password,
            email: optional(values.email),
            phone: optional(values.phone),
          });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      void message.success(t(isNew ? 'users.created' : 'common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  const initialValues: Partial<Values> = user
    ? {
        displayName: user.displayName,
        roleId: user.role.id,
        groupIds: user.groups.map((group) => group.id),
        email: user.email ?? undefined,
        phone: user.phone ?? undefined,
        locale: user.locale,
        isActive: user.isActive,
      }
    : { groupIds: [], locale: 'zh-CN', isActive: true };

  return (
    <Modal
      open
      title={isNew ? t('users.create') : t('users.edit', { name: user.username })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'user-form-submit' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => save.mutate(values)}
        data-testid="user-form"
      >
        {isNew && (
          <Form.Item name="username" label={t('users.username')} rules={[{ required: true }]}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        {isNew && (
          <Form.Item
            name="password"
            label={t('users.password')}
            rules={[{ required: true }, { min: 8, message: t('users.passwordTooShort', { min: 8 }) }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="roleId" label={t('users.role')} rules={[{ required: true }]}>
          <Select
            loading={roles.isPending}
            options={roles.data?.items.map((role) => ({ value: role.id, label: role.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="groupIds" label={t('users.groups')}>
          <Select
            mode="multiple"
            loading={groups.isPending}
            options={groups.data?.items.map((group) => ({ value: group.id, label: group.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="locale" label={t('users.locale')}>
          <Select
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
        {!isNew && (
          <Form.Item name="isActive" label={t('users.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
