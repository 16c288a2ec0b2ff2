import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { User } from '../../../api/types';
import { useShowError } from '../../common/errors';

type Values = { password: string; confirm: string };

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useShowError();

  const reset = useMutation({
    mutationFn: ({ password }: Values) => api.users.setPassword(user.id, password),
    onSuccess: () => {
      void message.success(t('users.passwordReset'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('users.resetPasswordFor', { name: user.username })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={reset.isPending}
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => reset.mutate(values)}>
        <Form.Item
          name="password"
          label={t('users.newPassword')}
          rules={[{ required: true }, { min: 8, message: t('users.passwordTooShort', { min: 8 }) }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('users.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
