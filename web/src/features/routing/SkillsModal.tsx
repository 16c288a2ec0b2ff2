import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { routingApi, routingKeys } from './api';
import type { MemberRouting } from './types';

type Values = { productLines: string[]; regions: string[]; acceptsAssignments: boolean };

/** A user's skills for skill routing (R3.2) and whether they take new assignments. */
export function SkillsModal({ member, onClose }: { member: MemberRouting; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();

  const save = useMutation({
    mutationFn: (values: Values) => routingApi.updateUser(member.userId, values),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: routingKeys.overview });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('routing.skills.title', { name: member.displayName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={member}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="productLines"
          label={t('routing.productLines')}
          extra={t('routing.skills.productLinesHelp')}
        >
          <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="regions" label={t('routing.regions')} extra={t('routing.skills.regionsHelp')}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item
          name="acceptsAssignments"
          label={t('routing.acceptsAssignments')}
          extra={t('routing.skills.acceptsHelp')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
