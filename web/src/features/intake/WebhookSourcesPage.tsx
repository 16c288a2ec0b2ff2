import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Popconfirm, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isPendingFor, RowActions, switchColumn, useRowMutation } from '../common/adminTable';
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
  const queryClient = useQueryClient();
  const showError = useShowError();
  const sources = useWebhookSources();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [secret, setSecret] = useState<{ source: WebhookSourceWithSecret; rotated: boolean } | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: intakeKeys.sources });

  const toggle = useRowMutation(
    (source: WebhookSource) => intakeApi.sources.update(source.id, { isActive: !source.isActive }),
    { refresh, done: t('common.saved') },
  );

  const rotate = useMutation({
    mutationFn: (source: WebhookSource) => intakeApi.sources.update(source.id, { rotateSecret: true }),
    onSuccess: async (source) => {
      await refresh();
      if (source.secret) setSecret({ source: { ...source, secret: source.secret }, rotated: true });
    },
    onError: (error) => showError(error),
  });

  const remove = useRowMutation((source: WebhookSource) => intakeApi.sources.remove(source.id), {
    refresh,
    done: t('common.deleted'),
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
    switchColumn<WebhookSource>({
      title: t('intake.sources.active'),
      key: 'isActive',
      checked: (source) => source.isActive,
      toggle,
    }),
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, source) => (
        <RowActions
          onEdit={() => setDialog({ source })}
          deleteConfirm={t('intake.sources.deleteConfirm', { name: source.name })}
          deleteHint={t('intake.sources.deleteHint')}
          onDelete={() => remove.mutate(source)}
        >
          <Popconfirm
            title={t('intake.sources.rotateConfirm', { name: source.name })}
            description={t('intake.sources.rotateHint')}
            okText={t('intake.sources.rotate')}
            cancelText={t('common.cancel')}
            onConfirm={() => rotate.mutate(source)}
          >
            <Button type="link" size="small" loading={isPendingFor(rotate, source)}>
              {t('intake.sources.rotate')}
            </Button>
          </Popconfirm>
        </RowActions>
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
