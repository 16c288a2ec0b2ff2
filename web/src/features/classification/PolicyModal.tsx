import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { classificationApi } from './api';
import { classificationKeys, useLocalizedName, usePolicy, usePriorities } from './queries';
import type { Policy } from './types';

type Values = Omit<Policy, 'complaintPriorityFloor' | 'vipPriorityFloor'> & {
  complaintPriorityFloor?: string;
  vipPriorityFloor?: string;
};

/** The complaint-word and VIP policy of R2.4, applied after the rules. Mounted only while open. */
export function PolicyModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const policy = usePolicy();
  const priorities = usePriorities();
  const nameOf = useLocalizedName();

  const save = useMutation({
    mutationFn: (values: Values) =>
      classificationApi.policy.update({
        complaintWords: values.complaintWords ?? [],
        complaintPriorityFloor: values.complaintPriorityFloor ?? null,
        angryWordCount: values.angryWordCount,
        complaintTag: values.complaintTag ?? '',
        vipPriorityFloor: values.vipPriorityFloor ?? null,
      }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(classificationKeys.policy, saved);
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  const priorityOptions = (priorities.data?.items ?? [])
    .filter((priority) => priority.isActive)
    .map((priority) => ({ value: priority.code, label: `${priority.code} ${nameOf(priority)}` }));

  return (
    <Modal
      open
      width={640}
      title={t('classification.policy.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: !policy.data }}
    >
      <Typography.Paragraph type="secondary">{t('classification.policy.help')}</Typography.Paragraph>
      {policy.data ? (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            ...policy.data,
            complaintPriorityFloor: policy.data.complaintPriorityFloor ?? undefined,
            vipPriorityFloor: policy.data.vipPriorityFloor ?? undefined,
          }}
          onFinish={(values) => save.mutate(values)}
        >
          <Form.Item name="complaintWords" label={t('classification.policy.complaintWords')}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item
            name="complaintPriorityFloor"
            label={t('classification.policy.complaintPriorityFloor')}
            extra={t('classification.policy.floorHelp')}
          >
            <Select allowClear options={priorityOptions} />
          </Form.Item>
          <Form.Item
            name="angryWordCount"
            label={t('classification.policy.angryWordCount')}
            extra={t('classification.policy.angryWordCountHelp')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={20} precision={0} />
          </Form.Item>
          <Form.Item
            name="complaintTag"
            label={t('classification.policy.complaintTag')}
            rules={[{ max: 40 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="vipPriorityFloor"
            label={t('classification.policy.vipPriorityFloor')}
            extra={t('classification.policy.floorHelp')}
          >
            <Select allowClear options={priorityOptions} />
          </Form.Item>
        </Form>
      ) : (
        <Spin />
      )}
    </Modal>
  );
}
