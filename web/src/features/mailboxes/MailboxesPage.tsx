import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isPendingFor, RowActions, RowLink, switchColumn, useRowMutation } from '../common/adminTable';
import { useShowError } from '../common/errors';
import { formatDateTime } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { mailboxApi, mailboxKeys, useMailboxes } from './api';
import { ConnectionTestAlert, MailboxFormModal } from './MailboxFormModal';
import { MailboxMessagesDrawer } from './MailboxMessagesDrawer';
import type { ConnectionTestResult, Mailbox } from './types';

type Dialog = { kind: 'form'; mailbox?: Mailbox } | { kind: 'messages'; mailbox: Mailbox } | null;

/** Settings › Mailboxes (R1.1): IMAP mailboxes whose mail opens tickets and adds customer replies. */
export default function MailboxesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const mailboxes = useMailboxes();
  const [dialog, setDialog] = useState<Dialog>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all });

  const toggle = useRowMutation(
    (mailbox: Mailbox) => mailboxApi.update(mailbox.id, { isEnabled: !mailbox.isEnabled }),
    { refresh, done: t('common.saved') },
  );

  const fetchNow = useMutation({
    mutationFn: (mailbox: Mailbox) => mailboxApi.fetchNow(mailbox.id),
    onSuccess: () => {
      void message.success(t('mailboxes.fetchQueued'));
      // The worker takes a moment; show the new status once it is likely there.
      setTimeout(() => void refresh(), 3000);
    },
    onError: (error) => showError(error),
  });

  const test = useMutation({
    mutationFn: (mailbox: Mailbox) =>
      mailboxApi.testConnection({
        mailboxId: mailbox.id,
        host: mailbox.host,
        port: mailbox.port,
        security: mailbox.security,
        username: mailbox.username,
        folder: mailbox.folder,
      }),
    onSuccess: (result: ConnectionTestResult, mailbox) => {
      void modal.info({
        title: t('mailboxes.test.resultTitle', { name: mailbox.name }),
        content: <ConnectionTestAlert result={result} />,
        width: 520,
      });
    },
    onError: (error) => showError(error),
  });

  const remove = useRowMutation((mailbox: Mailbox) => mailboxApi.remove(mailbox.id), {
    refresh,
    done: t('common.deleted'),
  });

  const columns: TableColumnsType<Mailbox> = [
    {
      title: t('mailboxes.field.name'),
      key: 'name',
      render: (_, mailbox) => (
        <Flex vertical>
          <Typography.Text strong type={mailbox.isEnabled ? undefined : 'secondary'}>
            {mailbox.name}
          </Typography.Text>
          {mailbox.address && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {mailbox.address}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('mailboxes.column.server'),
      key: 'server',
      render: (_, mailbox) => (
        <Flex vertical>
          <Typography.Text style={{ fontSize: 12 }}>
            <code>
              {mailbox.username}@{mailbox.host}:{mailbox.port}
            </code>
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`mailboxes.security.${mailbox.security}`)} · {mailbox.folder} ·{' '}
            {t('mailboxes.column.every', { count: mailbox.pollIntervalMinutes })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('mailboxes.field.defaultGroup'),
      key: 'group',
      render: (_, mailbox) =>
        mailbox.defaultGroup?.name ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: t('mailboxes.column.status'),
      key: 'status',
      render: (_, mailbox) => {
        const { status } = mailbox;
        return (
          <Flex vertical gap={2} data-testid="mailbox-status">
            {status.lastError ? (
              <Tooltip title={status.lastError}>
                <Tag color="red" style={{ width: 'fit-content' }}>
                  {t('mailboxes.status.error', { time: formatDateTime(status.lastErrorAt) })}
                </Tag>
              </Tooltip>
            ) : status.lastPolledAt ? (
              <Tag color="green" style={{ width: 'fit-content' }}>
                {t('mailboxes.status.ok')}
              </Tag>
            ) : (
              <Tag style={{ width: 'fit-content' }}>{t('mailboxes.status.never')}</Tag>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('mailboxes.status.lastPolled', { time: formatDateTime(status.lastPolledAt) })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('mailboxes.status.counts', {
                taken: status.messagesTaken,
                tickets: status.ticketsCreated,
                replies: status.repliesAdded,
                ignored: status.ignored,
              })}
              {status.failed > 0 && (
                <Typography.Text type="danger" style={{ fontSize: 12 }}>
                  {' '}
                  {t('mailboxes.status.failed', { count: status.failed })}
                </Typography.Text>
              )}
            </Typography.Text>
          </Flex>
        );
      },
    },
    switchColumn<Mailbox>({
      title: t('mailboxes.field.enabled'),
      key: 'isEnabled',
      checked: (mailbox) => mailbox.isEnabled,
      toggle,
    }),
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, mailbox) => (
        <RowActions
          wrap
          onEdit={() => setDialog({ kind: 'form', mailbox })}
          deleteConfirm={t('mailboxes.deleteConfirm', { name: mailbox.name })}
          deleteHint={t('mailboxes.deleteHint')}
          onDelete={() => remove.mutate(mailbox)}
        >
          <RowLink loading={isPendingFor(test, mailbox)} onClick={() => test.mutate(mailbox)}>
            {t('mailboxes.test.action')}
          </RowLink>
          <RowLink
            disabled={!mailbox.isEnabled}
            loading={isPendingFor(fetchNow, mailbox)}
            onClick={() => fetchNow.mutate(mailbox)}
          >
            {t('mailboxes.fetchNow')}
          </RowLink>
          <RowLink onClick={() => setDialog({ kind: 'messages', mailbox })}>
            {t('mailboxes.messages.action')}
          </RowLink>
        </RowActions>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('settings.nav.mailboxes')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ kind: 'form' })}
            data-testid="create-mailbox"
          >
            {t('mailboxes.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('mailboxes.intro')}</Typography.Paragraph>
      <Table<Mailbox>
        rowKey="id"
        columns={columns}
        dataSource={mailboxes.data?.items ?? []}
        loading={mailboxes.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('mailboxes.empty') }}
        data-testid="mailboxes-table"
      />
      {dialog?.kind === 'form' && (
        <MailboxFormModal mailbox={dialog.mailbox} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'messages' && (
        <MailboxMessagesDrawer mailbox={dialog.mailbox} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
