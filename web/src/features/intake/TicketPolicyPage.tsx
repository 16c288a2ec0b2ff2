import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Flex, Form, InputNumber, Row, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useHasPermission } from '../auth/session';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { intakeApi, intakeKeys, useTicketPolicy } from './api';
import { DEFAULT_TICKET_POLICY, type TicketPolicy } from './types';

/** One setting: its label, what it does (with the SPEC rule) and the number field. */
function PolicyField({
  name,
  label,
  help,
  rule,
  children,
}: {
  name: keyof TicketPolicy;
  label: string;
  help: string;
  rule: string;
  children: ReactNode;
}) {
  return (
    <Form.Item
      name={name}
      label={
        <Flex gap={8} align="baseline">
          {label}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {rule}
          </Typography.Text>
        </Flex>
      }
      extra={help}
      rules={[{ required: true }]}
    >
      {children}
    </Form.Item>
  );
}

/** Settings › Ticket policy: auto-close silence, reopen window, major-plan threshold, duplicate window. */
export default function TicketPolicyPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TicketPolicy>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const canManage = useHasPermission()('settings.manage');
  const policy = useTicketPolicy();

  const save = useMutation({
    mutationFn: (values: TicketPolicy) => intakeApi.ticketPolicy.update(values),
    onSuccess: (saved) => {
      queryClient.setQueryData(intakeKeys.ticketPolicy, saved);
      form.setFieldsValue(saved);
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error, form),
  });

  const days = t('intake.policy.days');

  return (
    <>
      <PageHeader title={t('settings.nav.ticketPolicy')} />
      <Typography.Paragraph type="secondary">{t('intake.policy.intro')}</Typography.Paragraph>
      {policy.isError && <Alert type="error" showIcon title={t('errors.network')} />}
      {policy.data ? (
        <Form<TicketPolicy>
          form={form}
          layout="vertical"
          disabled={!canManage}
          initialValues={policy.data}
          onFinish={(values) => save.mutate(values)}
          style={{ maxWidth: 880 }}
          data-testid="ticket-policy-form"
        >
          <Row gutter={32}>
            <Col xs={24} lg={12}>
              <PolicyField
                name="autoCloseDays"
                label={t('intake.policy.autoCloseDays')}
                help={t('intake.policy.autoCloseDaysHelp')}
                rule="R4.5"
              >
                <InputNumber min={1} max={90} precision={0} suffix={days} style={{ width: 180 }} />
              </PolicyField>
            </Col>
            <Col xs={24} lg={12}>
              <PolicyField
                name="reopenWindowDays"
                label={t('intake.policy.reopenWindowDays')}
                help={t('intake.policy.reopenWindowDaysHelp')}
                rule="R4.5"
              >
                <InputNumber min={0} max={365} precision={0} suffix={days} style={{ width: 180 }} />
              </PolicyField>
            </Col>
            <Col xs={24} lg={12}>
              <PolicyField
                name="majorCompensationThreshold"
                label={t('intake.policy.majorCompensationThreshold')}
                help={t('intake.policy.majorCompensationThresholdHelp')}
                rule="R4.4"
              >
                <InputNumber
                  min={0}
                  max={10_000_000}
                  precision={2}
                  step={100}
                  suffix={t('intake.policy.yuan')}
                  style={{ width: 220 }}
                />
              </PolicyField>
            </Col>
            <Col xs={24} lg={12}>
              <PolicyField
                name="duplicateWindowDays"
                label={t('intake.policy.duplicateWindowDays')}
                help={t('intake.policy.duplicateWindowDaysHelp')}
                rule="R1.5"
              >
                <InputNumber min={1} max={365} precision={0} suffix={days} style={{ width: 180 }} />
              </PolicyField>
            </Col>
          </Row>
          {canManage && (
            <Flex gap={8}>
              <Button
                type="primary"
                htmlType="submit"
                loading={save.isPending}
                data-testid="ticket-policy-save"
              >
                {t('common.save')}
              </Button>
              <Button onClick={() => form.setFieldsValue(DEFAULT_TICKET_POLICY)}>
                {t('intake.policy.restoreDefaults')}
              </Button>
              <Button onClick={() => form.resetFields()}>{t('intake.policy.discard')}</Button>
            </Flex>
          )}
        </Form>
      ) : (
        !policy.isError && <Spin />
      )}
    </>
  );
}
