import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Flex,
  Popconfirm,
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
import { PageHeader } from '../common/PageHeader';
import { absoluteUrl, intakeApi, intakeKeys, useWebhookSources } from './api';
import { SecretModal } from './SecretModal';
import { SigningGuide } from './SigningGuide';
import type { WebhookSource, WebhookSourceWithSecret } from './types';
import { WebhookSourceFormModal } from './WebhookSourceFormModal';

type Dialog = { source?: WebhookSource } | null;

/** Settings › Webhook sources (R1.1): integrators that relay WeChat, social-media or shop messages as tickets. */
export default function WebhookSourcesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const sources = useWebhookSources();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [secret, setSecret] = useState<{ source: WebhookSourceWithSecret; rotated: boolean } | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: intakeKeys.sources });

  const toggle = useMutation({
    mutationFn: (source: WebhookSource) =>
      intakeApi.sources.update(source.id, { isActive: !source.isActive }),
    onSuccess: async () => {
      await refresh();
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error),
  });

  const rotate = useMutation({
    mutationFn: (source: WebhookSource) => intakeApi.sources.update(source.id, { rotateSecret: true }),
    onSuccess: async (source) => {
      await refresh();
      if (source.secret) setSecret({ source: { ...source, secret: source.secret }, rotated: true });
    },
    onError: (error) => showError(error),
  });

  const remove = useMutation({
    mutationFn: (source: WebhookSource) => intakeApi.sources.remove(source.id),
    onSuccess: async () => {
      await refresh();
      void message.success(t('common.deleted'));
    },
    onError: (error) => showError(error),
  });

  const items = sources.data?.items ?? [];

  const columns: TableColumnsType<WebhookSource> = [
    {
      title: t('intake.sources.name'),
      key: 'name',
      render: (_, source) => (
        <Flex vertical>
          <Typography.Text strong type={source.isActive ? undefined : 'secondary'}>
            {source.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <code>{source.key}</code>
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('intake.sources.defaultType'),
      dataIndex: 'defaultType',
      render: (type: string) => <Tag>{t(`tickets.type.${type}`)}</Tag>,
    },
    {
      title: t('intake.sources.url'),
      key: 'url',
      width: 300,
      render: (_, source) => (
        <Typography.Text
          code
          copyable={{ text: absoluteUrl(source.url) }}
          style={{ fontSize: 12, wordBreak: 'break-all' }}
        >
          {absoluteUrl(source.url)}
        </Typography.Text>
      ),
    },
    {
      title: t('intake.sources.secret'),
      dataIndex: 'secretHint',
      render: (hint: string) => <code>{hint}</code>,
    },
    {
      title: t('intake.sources.active'),
      key: 'isActive',
      render: (_, source) => (
        <Switch
          size="small"
          checked={source.isActive}
          loading={toggle.isPending && toggle.variables?.id === source.id}
          onChange={() => toggle.mutate(source)}
          aria-label={t('intake.sources.active')}
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, source) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDialog({ source })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('intake.sources.rotateConfirm', { name: source.name })}
            description={t('intake.sources.rotateHint')}
            okText={t('intake.sources.rotate')}
            cancelText={t('common.cancel')}
            onConfirm={() => rotate.mutate(source)}
          >
            <Button type="link" size="small" loading={rotate.isPending && rotate.variables?.id === source.id}>
              {t('intake.sources.rotate')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('intake.sources.deleteConfirm', { name: source.name })}
            description={t('intake.sources.deleteHint')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove.mutate(source)}
          >
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const guideUrl = items[0]
    ? absoluteUrl(items[0].url)
    : absoluteUrl(`/api/v1/webhooks/inbound/${t('intake.guide.keyPlaceholder')}`);

  return (
    <>
      <PageHeader
        title={t('settings.nav.webhookSources')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({})}
            data-testid="create-webhook-source"
          >
            {t('intake.sources.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('intake.sources.intro')}</Typography.Paragraph>
      {items.some((source) => !source.url.startsWith('http')) && (
        <Alert type="info" showIcon title={t('intake.sources.noPublicUrl')} style={{ marginBottom: 16 }} />
      )}
      <Table<WebhookSource>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={sources.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('intake.sources.empty') }}
        style={{ marginBottom: 24 }}
        data-testid="webhook-sources-table"
      />
      <SigningGuide url={guideUrl} />
      {dialog && (
        <WebhookSourceFormModal
          source={dialog.source}
          onClose={() => setDialog(null)}
          onCreated={(source) => {
            setDialog(null);
            setSecret({ source, rotated: false });
          }}
        />
      )}
      {secret && (
        <SecretModal source={secret.source} rotated={secret.rotated} onClose={() => setSecret(null)} />
      )}
    </>
  );
}
