import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiToken, CreatedToken } from '../../api/types';
import { keys, usePermissionLabel } from '../admin/queries';
import { useHasPermission } from '../auth/session';
import { useShowError } from '../common/errors';
import { formatDateTime } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { CreateTokenModal } from './CreateTokenModal';

function TokenStatus({ token }: { token: ApiToken }) {
  const { t } = useTranslation();
  if (token.revokedAt) return <Tag>{t('tokens.status.revoked')}</Tag>;
  if (token.expiresAt && dayjs(token.expiresAt).isBefore(dayjs())) {
    return <Tag color="orange">{t('tokens.status.expired')}</Tag>;
  }
  return <Tag color="green">{t('tokens.status.active')}</Tag>;
}

/** Shows a newly created token; the server never returns it again. */
function NewTokenModal({ token, onClose }: { token: CreatedToken; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      void message.success(t('tokens.copied'));
    } catch {
      void message.error(t('tokens.copyFailed'));
    }
  };
  return (
    <Modal
      open
      title={t('tokens.createdTitle', { name: token.name })}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('tokens.done')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('tokens.onceWarning')} style={{ marginBottom: 16 }} />
      <Space.Compact style={{ width: '100%' }}>
        <Input readOnly value={token.token} data-testid="new-token" />
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('tokens.copy')}
        </Button>
      </Space.Compact>
    </Modal>
  );
}

export default function TokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const label = usePermissionLabel();
  const can = useHasPermission();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const tokens = useQuery({ queryKey: keys.tokens, queryFn: api.tokens.list });

  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api.tokens.revoke(token.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.tokens });
      void message.success(t('tokens.revoked'));
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<ApiToken> = [
    { title: t('tokens.name'), dataIndex: 'name' },
    {
      title: t('tokens.prefix'),
      dataIndex: 'tokenPrefix',
      render: (prefix: string) => <code>{prefix}…</code>,
    },
    {
      title: t('tokens.scopes'),
      dataIndex: 'scopes',
      render: (scopes: string[]) => scopes.map((scope) => <Tag key={scope}>{label(scope)}</Tag>),
    },
    { title: t('tokens.statusLabel'), key: 'status', render: (_, token) => <TokenStatus token={token} /> },
    { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
    { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: formatDateTime },
    { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: formatDateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, token) =>
        !token.revokedAt && (
          <Popconfirm
            title={t('tokens.revokeConfirm', { name: token.name })}
            okText={t('tokens.revoke')}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke.mutate(token)}
          >
            <Button type="link" size="small" danger>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('settings.nav.tokens')}
        extra={
          // The server lets only holders of tokens.manage create tokens; everyone may list and revoke their own.
          can('tokens.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('tokens.create')}
            </Button>
          )
        }
      />
      <Table<ApiToken>
        rowKey="id"
        columns={columns}
        dataSource={tokens.data?.items}
        loading={tokens.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      {creating && (
        <CreateTokenModal
          onClose={() => setCreating(false)}
          onCreated={(token) => {
            setCreating(false);
            setCreated(token);
          }}
        />
      )}
      {created && <NewTokenModal token={created} onClose={() => setCreated(null)} />}
    </>
  );
}
