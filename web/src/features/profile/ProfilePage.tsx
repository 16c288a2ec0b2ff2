import { useMutation } from '@tanstack/react-query';
import { App, Button, Descriptions, Divider, Form, Input, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe, useUpdateSessionUser } from '../auth/session';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';

type ProfileValues = { displayName: string; email?: string; phone?: string };
type PasswordValues = { currentPassword: string; newPassword: string; confirm: string };

function ProfileForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<ProfileValues>();
  const showError = useShowError();
  const updateSessionUser = useUpdateSessionUser();

  const save = useMutation({
    mutationFn: (values: ProfileValues) =>
      api.auth.updateMe({
        displayName: values.displayName,
        email: values.email?.trim() || null,
        phone: values.phone?.trim() || null,
      }),
    onSuccess: ({ user }) => {
      updateSessionUser(user);
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Form<ProfileValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 420 }}
      initialValues={{
        displayName: me.displayName,
        email: me.email ?? undefined,
        phone: me.phone ?? undefined,
      }}
      onFinish={(values) => save.mutate(values)}
    >
      <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email' }]}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label={t('users.phone')}>
        <Input />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<PasswordValues>();
  const showError = useShowError();

  const change = useMutation({
    mutationFn: (values: PasswordValues) =>
      api.auth.changePassword(values.currentPassword, values.newPassword),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('profile.passwordChanged'));
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Form<PasswordValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 420 }}
      onFinish={(values) => change.mutate(values)}
    >
      {/* Lets password managers tell whose password changes. */}
      <input type="text" autoComplete="username" value={me.username} readOnly hidden />
      <Form.Item name="currentPassword" label={t('profile.currentPassword')} rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('users.newPassword')}
        rules={[{ required: true }, { min: 8, message: t('users.passwordTooShort', { min: 8 }) }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('users.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('users.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button htmlType="submit" loading={change.isPending}>
        {t('profile.changePassword')}
      </Button>
    </Form>
  );
}

export default function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <PageHeader title={t('settings.nav.profile')} />
      <Descriptions column={1} size="small" style={{ marginBottom: 24, maxWidth: 520 }}>
        <Descriptions.Item label={t('users.username')}>{me.username}</Descriptions.Item>
        <Descriptions.Item label={t('users.role')}>{me.role.name}</Descriptions.Item>
        <Descriptions.Item label={t('users.groups')}>
          {me.groups.length ? me.groups.map((group) => <Tag key={group.id}>{group.name}</Tag>) : '—'}
        </Descriptions.Item>
      </Descriptions>
      <ProfileForm />
      <Divider />
      <PasswordForm />
    </>
  );
}
