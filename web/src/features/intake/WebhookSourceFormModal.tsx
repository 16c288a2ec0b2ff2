import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { TICKET_TYPES, type TicketType } from '../tickets/types';
import { intakeApi, intakeKeys } from './api';
import type { WebhookSource, WebhookSourceWithSecret } from './types';

type Values = { key: string; name: string; defaultType: TicketType };

/** Adds a source (its secret goes to `onCreated`, shown once) or edits one's name and default type. */
export function WebhookSourceFormModal({
  source,
  onClose,
  onCreated,
}: {
  source?: WebhookSource;
  onClose: () => void;
  onCreated: (source: WebhookSourceWithSecret) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();

  const save = useMutation({
    mutationFn: async (values: Values) => {
      if (!source) return intakeApi.sources.create(values);
      await intakeApi.sources.update(source.id, { name: values.name, defaultType: values.defaultType });
      return null;
    },
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: intakeKeys.sources });
      if (created) {
        onCreated(created);
      } else {
        void message.success(t('common.saved'));
        onClose();
      }
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={source ? t('intake.sources.editTitle', { name: source.name }) : t('intake.sources.create')}
      okText={source ? t('common.save') : t('intake.sources.createSubmit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'webhook-source-submit' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={source ?? { defaultType: 'consultation' }}
        onFinish={(values) => save.mutate(values)}
        data-testid="webhook-source-form"
      >
        <Form.Item
          name="key"
          label={t('intake.sources.key')}
          extra={source ? t('intake.sources.keyFixed') : t('intake.sources.keyHelp')}
          rules={[
            { required: true },
            { pattern: /^[a-z][a-z0-9_-]{1,39}$/, message: t('intake.sources.keyPattern') },
          ]}
        >
          <Input
            disabled={Boolean(source)}
            placeholder="wechat"
            maxLength={40}
            style={{ fontFamily: 'monospace' }}
            data-testid="webhook-source-key"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('intake.sources.name')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input placeholder={t('intake.sources.namePlaceholder')} data-testid="webhook-source-name" />
        </Form.Item>
        <Form.Item
          name="defaultType"
          label={t('intake.sources.defaultType')}
          extra={t('intake.sources.defaultTypeHelp')}
          rules={[{ required: true }]}
        >
          <Select
            options={TICKET_TYPES.map((value) => ({ value, label: t(`tickets.type.${value}`) }))}
            data-testid="webhook-source-type"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
