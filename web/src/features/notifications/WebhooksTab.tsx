import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { notificationKeys, notificationsApi, useCatalogue } from './api';
import type { CreatedWebhookEndpoint, WebhookEndpoint } from './types';

type EndpointValues = { name: string; url: string; events: string[]; secret?: string; isActive: boolean };

function EndpointFormModal({
  endpoint,
  onClose,
  onCreated,
}: {
  endpoint?: WebhookEndpoint;
  onClose: () => void;
  onCreated: (endpoint: CreatedWebhookEndpoint) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EndpointValues>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const catalogue = useCatalogue();

  const save = useMutation({
    mutationFn: async (values: EndpointValues) => {
      const secret = values.secret?.trim() ? values.secret.trim() : undefined;
      if (!endpoint) return notificationsApi.endpoints.create({ ...values, secret });
      await notificationsApi.endpoints.update(endpoint.id, {
        name: values.name,
        url: values.url,
        events: values.events,
        isActive: values.isActive,
        ...(secret ? { secret } : {}),
      });
      return null;
    },
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: notificationKeys.endpoints });
      if (created) onCreated(created);
      else {
        void message.success(t('common.saved'));
        onClose();
      }
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      width={600}
      title={
        endpoint
          ? t('notifications.webhooks.editTitle', { name: endpoint.name })
          : t('notifications.webhooks.create')
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'endpoint-submit' }}
    >
      <Form<EndpointValues>
        form={form}
        layout="vertical"
        initialValues={endpoint ?? { events: [], isActive: true }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('notifications.webhooks.name')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input placeholder="ERP" />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('notifications.webhooks.url')}
          rules={[{ required: true }, { type: 'url', message: t('notifications.urlInvalid') }]}
        >
          <Input placeholder="https://erp.example.com/aftercare/events" />
        </Form.Item>
        <Form.Item
          name="events"
          label={t('notifications.webhooks.events')}
          extra={t('notifications.webhooks.eventsHelp')}
        >
          <Select
            mode="multiple"
            allowClear
            options={(catalogue.data?.webhookEvents ?? []).map((event) => ({
              value: event,
              label: `${event} · ${t(`notifications.events.${event}`)}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="secret"
          label={t('notifications.webhooks.secret')}
          extra={endpoint ? t('notifications.webhooks.secretKeep') : t('notifications.webhooks.secretHelp')}
          rules={[{ min: 16, message: t('notifications.webhooks.secretTooShort') }]}
        >
          <Input.Password autoComplete="off" />
        </Form.Item>
        <Form.Item name="isActive" label={t('notifications.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SecretOnceModal({ endpoint, onClose }: { endpoint: CreatedWebhookEndpoint; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(endpoint.secret);
      void message.success(t('notifications.webhooks.secretCopied'));
    } catch {
      void message.error(t('notifications.webhooks.copyFailed'));
    }
  };
  return (
    <Modal
      open
      width={600}
      title={t('notifications.webhooks.createdTitle', { name: endpoint.name })}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('notifications.webhooks.secretDone')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        title={t('notifications.webhooks.secretOnce')}
        style={{ marginBottom: 16 }}
      />
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Input
          readOnly
          value={endpoint.secret}
          style={{ fontFamily: 'monospace' }}
          data-testid="endpoint-secret"
        />
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('notifications.webhooks.copy')}
        </Button>
      </Space.Compact>
      <SigningHelp />
    </Modal>
  );
}

/** How a receiver checks a delivery. */
function SigningHelp() {
  const { t } = useTranslation();
  return (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
      {t('notifications.webhooks.signingHelp')}
      <pre style={{ fontSize: 12, margin: '8px 0 0', whiteSpace: 'pre-wrap' }}>
        {`X-Aftercare-Timestamp: <unix seconds>
X-Aftercare-Signature: sha256=hex(HMAC_SHA256(secret, "<timestamp>.<body>"))
X-Aftercare-Delivery: <delivery id, the same on every retry>
X-Aftercare-Event: ticket.created

{"event":"ticket.created","occurredAt":"…","ticket":{"id":"…","number":"202405-001",…},"data":{…}}`}
      </pre>
    </Typography.Paragraph>
  );
}

/** Outgoing webhooks: integrators' endpoints that receive the ticket events they subscribe to, signed. */
export function WebhooksTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const endpoints = useQuery({
    queryKey: notificationKeys.endpoints,
    queryFn: notificationsApi.endpoints.list,
  });
  const [editing, setEditing] = useState<{ endpoint?: WebhookEndpoint } | null>(null);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationKeys.endpoints });

  const toggle = useMutation({
    mutationFn: (endpoint: WebhookEndpoint) =>
      notificationsApi.endpoints.update(endpoint.id, { isActive: !endpoint.isActive }),
    onSuccess: async () => {
      await refresh();
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error),
  });
  const remove = useMutation({
    mutationFn: (endpoint: WebhookEndpoint) => notificationsApi.endpoints.remove(endpoint.id),
    onSuccess: async () => {
      await refresh();
      void message.success(t('common.deleted'));
    },
    onError: (error) => showError(error),
  });
  const test = useMutation({
    mutationFn: (endpoint: WebhookEndpoint) => notificationsApi.endpoints.test(endpoint.id),
    onSuccess: () => {
      void message.success(t('notifications.testQueued'));
      void queryClient.invalidateQueries({ queryKey: notificationKeys.deliveries });
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<WebhookEndpoint> = [
    {
      title: t('notifications.webhooks.name'),
      key: 'name',
      render: (_, endpoint) => (
        <Flex vertical>
          <Typography.Text strong type={endpoint.isActive ? undefined : 'secondary'}>
            {endpoint.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {endpoint.url}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('notifications.webhooks.events'),
      key: 'events',
      render: (_, endpoint) =>
        endpoint.events.length === 0 ? (
          <Typography.Text type="secondary">{t('notifications.webhooks.noEvents')}</Typography.Text>
        ) : (
          <Flex wrap gap={4}>
            {endpoint.events.map((event) => (
              <Tag key={event}>{event}</Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: t('notifications.active'),
      key: 'isActive',
      render: (_, endpoint) => (
        <Switch
          size="small"
          checked={endpoint.isActive}
          loading={toggle.isPending && toggle.variables?.id === endpoint.id}
          onChange={() => toggle.mutate(endpoint)}
          aria-label={t('notifications.active')}
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, endpoint) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing({ endpoint })}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            loading={test.isPending && test.variables?.id === endpoint.id}
            onClick={() => test.mutate(endpoint)}
          >
            {t('notifications.test')}
          </Button>
          <Popconfirm
            title={t('notifications.webhooks.deleteConfirm', { name: endpoint.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove.mutate(endpoint)}
          >
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="start" gap={16} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('notifications.webhooks.intro')}
        </Typography.Paragraph>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({})}
          data-testid="create-endpoint"
        >
          {t('notifications.webhooks.create')}
        </Button>
      </Flex>
      <Table<WebhookEndpoint>
        rowKey="id"
        columns={columns}
        dataSource={endpoints.data?.items ?? []}
        loading={endpoints.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('notifications.webhooks.empty') }}
        style={{ marginBottom: 24 }}
        data-testid="endpoints-table"
      />
      <SigningHelp />
      {editing && (
        <EndpointFormModal
          endpoint={editing.endpoint}
          onClose={() => setEditing(null)}
          onCreated={(endpoint) => {
            setEditing(null);
            setCreated(endpoint);
          }}
        />
      )}
      {created && <SecretOnceModal endpoint={created} onClose={() => setCreated(null)} />}
    </>
  );
}
