import { CopyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { notificationKeys, notificationsApi, useCatalogue } from './api';
import { TargetList, TargetName, useTargetControlColumns } from './targetList';
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
  const endpoints = useQuery({
    queryKey: notificationKeys.endpoints,
    queryFn: notificationsApi.endpoints.list,
  });
  const [editing, setEditing] = useState<{ endpoint?: WebhookEndpoint } | null>(null);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const controls = useTargetControlColumns<WebhookEndpoint>({
    api: notificationsApi.endpoints,
    queryKey: notificationKeys.endpoints,
    onEdit: (endpoint) => setEditing({ endpoint }),
    deleteConfirm: (endpoint) => t('notifications.webhooks.deleteConfirm', { name: endpoint.name }),
  });

  const columns: TableColumnsType<WebhookEndpoint> = [
    {
      title: t('notifications.webhooks.name'),
      key: 'name',
      render: (_, endpoint) => <TargetName target={endpoint} url={endpoint.url} />,
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
    ...controls,
  ];

  return (
    <>
      <TargetList<WebhookEndpoint>
        intro={t('notifications.webhooks.intro')}
        createLabel={t('notifications.webhooks.create')}
        createTestId="create-endpoint"
        onCreate={() => setEditing({})}
        rows={endpoints.data?.items ?? []}
        loading={endpoints.isFetching}
        columns={columns}
        emptyText={t('notifications.webhooks.empty')}
        tableTestId="endpoints-table"
        style={{ marginBottom: 24 }}
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
