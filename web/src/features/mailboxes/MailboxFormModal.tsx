import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGroups } from '../admin/queries';
import { useShowError } from '../common/errors';
import { mailboxApi, mailboxKeys } from './api';
import {
  type ConnectionTestResult,
  DEFAULT_PORTS,
  MAILBOX_SECURITIES,
  type Mailbox,
  type MailboxInput,
  type MailboxSecurity,
} from './types';

type Values = Omit<MailboxInput, 'address' | 'defaultGroupId'> & {
  address?: string;
  defaultGroupId?: string;
};

/** What a connection test says, in words an administrator can act on. */
export function ConnectionTestAlert({ result }: { result: ConnectionTestResult }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        title={t('mailboxes.test.ok', { messages: result.messages, unseen: result.unseen })}
        description={result.supportsIdle ? t('mailboxes.test.idle') : t('mailboxes.test.noIdle')}
        data-testid="mailbox-test-result"
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      title={t(`mailboxes.test.problem.${result.problem}`)}
      description={result.detail}
      data-testid="mailbox-test-result"
    />
  );
}

/** Adds a mailbox or changes one; the password is write-only (left empty, an edit keeps it). */
export function MailboxFormModal({ mailbox, onClose }: { mailbox?: Mailbox; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const groups = useGroups();
  const [testResult, setTestResult] = useState<ConnectionTestResult | null>(null);

  const toInput = (values: Values): MailboxInput => ({
    ...values,
    password: values.password || undefined,
    address: values.address?.trim() || null,
    defaultGroupId: values.defaultGroupId ?? null,
  });

  const save = useMutation({
    mutationFn: (values: Values) =>
      mailbox ? mailboxApi.update(mailbox.id, toInput(values)) : mailboxApi.create(toInput(values)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: mailboxKeys.all });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  const test = useMutation({
    mutationFn: async () => {
      const values = await form.validateFields(['host', 'port', 'security', 'username', 'folder']);
      const password = form.getFieldValue('password') as string | undefined;
      return mailboxApi.testConnection({
        host: values.host,
        port: values.port,
        security: values.security,
        username: values.username,
        folder: values.folder,
        ...(password ? { password } : {}),
        ...(mailbox ? { mailboxId: mailbox.id } : {}),
      });
    },
    onMutate: () => setTestResult(null),
    onSuccess: setTestResult,
    onError: (error) => {
      // Fields the form itself refused are already marked; anything else comes from the server.
      if (!(error && typeof error === 'object' && 'errorFields' in error)) showError(error, form);
    },
  });

  const initialValues: Partial<Values> = mailbox
    ? {
        name: mailbox.name,
        host: mailbox.host,
        port: mailbox.port,
        security: mailbox.security,
        username: mailbox.username,
        folder: mailbox.folder,
        address: mailbox.address ?? undefined,
        defaultGroupId: mailbox.defaultGroup?.id,
        isEnabled: mailbox.isEnabled,
        pollIntervalMinutes: mailbox.pollIntervalMinutes,
      }
    : { security: 'tls', port: 993, folder: 'INBOX', isEnabled: true, pollIntervalMinutes: 1 };

  return (
    <Modal
      open
      width={640}
      title={mailbox ? t('mailboxes.editTitle', { name: mailbox.name }) : t('mailboxes.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'mailbox-submit' }}
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          <Button onClick={() => test.mutate()} loading={test.isPending} data-testid="mailbox-test">
            {t('mailboxes.test.action')}
          </Button>
          <CancelBtn />
          <OkBtn />
        </>
      )}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => save.mutate(values)}
        onValuesChange={() => setTestResult(null)}
        data-testid="mailbox-form"
      >
        <Form.Item
          name="name"
          label={t('mailboxes.field.name')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input placeholder={t('mailboxes.field.namePlaceholder')} data-testid="mailbox-name" />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('mailboxes.field.address')}
          extra={t('mailboxes.field.addressHelp')}
          rules={[{ type: 'email', max: 200 }]}
        >
          <Input placeholder="service@example.com" data-testid="mailbox-address" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="host"
              label={t('mailboxes.field.host')}
              rules={[{ required: true, whitespace: true, max: 253 }]}
            >
              <Input placeholder="imap.exmail.qq.com" data-testid="mailbox-host" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="security" label={t('mailboxes.field.security')} rules={[{ required: true }]}>
              <Select<MailboxSecurity>
                options={MAILBOX_SECURITIES.map((value) => ({
                  value,
                  label: t(`mailboxes.security.${value}`),
                }))}
                onChange={(security) => form.setFieldValue('port', DEFAULT_PORTS[security])}
                data-testid="mailbox-security"
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="port" label={t('mailboxes.field.port')} rules={[{ required: true }]}>
              <InputNumber
                min={1}
                max={65535}
                precision={0}
                style={{ width: '100%' }}
                data-testid="mailbox-port"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="username"
              label={t('mailboxes.field.username')}
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input autoComplete="off" data-testid="mailbox-username" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="password"
              label={t('mailboxes.field.password')}
              extra={mailbox ? t('mailboxes.field.passwordKeep') : t('mailboxes.field.passwordHelp')}
              rules={mailbox ? [{ max: 500 }] : [{ required: true, max: 500 }]}
            >
              <Input.Password autoComplete="new-password" data-testid="mailbox-password" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="folder"
              label={t('mailboxes.field.folder')}
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input data-testid="mailbox-folder" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="pollIntervalMinutes"
              label={t('mailboxes.field.pollInterval')}
              extra={t('mailboxes.field.pollIntervalHelp')}
              rules={[{ required: true }]}
            >
              <InputNumber
                min={1}
                max={1440}
                precision={0}
                suffix={t('mailboxes.field.minutes')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="defaultGroupId"
          label={t('mailboxes.field.defaultGroup')}
          extra={t('mailboxes.field.defaultGroupHelp')}
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={groups.isLoading}
            options={(groups.data?.items ?? []).map((group) => ({ value: group.id, label: group.name }))}
            placeholder={t('mailboxes.field.defaultGroupNone')}
            data-testid="mailbox-group"
          />
        </Form.Item>
        <Form.Item name="isEnabled" label={t('mailboxes.field.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
      {testResult && <ConnectionTestAlert result={testResult} />}
    </Modal>
  );
}
