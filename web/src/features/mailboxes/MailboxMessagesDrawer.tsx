import { Drawer, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import { useMailboxMessages } from './api';
import type { Mailbox, MailMessage, MailOutcome } from './types';

const OUTCOME_COLORS: Record<MailOutcome, string> = {
  processing: 'processing',
  ticket_created: 'green',
  reply_added: 'blue',
  ignored: 'default',
  failed: 'red',
  sent: 'default',
};

/** The latest mail taken from one mailbox: what became of each, and why a message was ignored. */
export function MailboxMessagesDrawer({ mailbox, onClose }: { mailbox: Mailbox; onClose: () => void }) {
  const { t } = useTranslation();
  const messages = useMailboxMessages(mailbox.id);

  const reasonOf = (message: MailMessage) => {
    if (!message.reason) return null;
    if (message.outcome === 'failed') return message.reason;
    return t(`mailboxes.reason.${message.reason}`, { defaultValue: message.reason });
  };

  const columns: TableColumnsType<MailMessage> = [
    {
      title: t('mailboxes.messages.receivedAt'),
      dataIndex: 'receivedAt',
      width: 150,
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('mailboxes.messages.from'),
      dataIndex: 'fromAddress',
      ellipsis: true,
      render: (value: string | null) => value ?? '—',
    },
    {
      title: t('mailboxes.messages.subject'),
      dataIndex: 'subject',
      ellipsis: true,
      render: (value: string, message) => (
        <Tooltip title={message.messageId}>
          <span>{value || t('mailboxes.messages.noSubject')}</span>
        </Tooltip>
      ),
    },
    {
      title: t('mailboxes.messages.outcome'),
      key: 'outcome',
      width: 220,
      render: (_, message) => {
        const reason = reasonOf(message);
        return (
          <>
            <Tag color={OUTCOME_COLORS[message.outcome]}>{t(`mailboxes.outcome.${message.outcome}`)}</Tag>
            {reason && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {reason}
              </Typography.Text>
            )}
          </>
        );
      },
    },
    {
      title: t('mailboxes.messages.ticket'),
      key: 'ticket',
      width: 120,
      render: (_, message) =>
        message.ticket ? <Link to={`/tickets/${message.ticket.number}`}>{message.ticket.number}</Link> : '—',
    },
  ];

  return (
    <Drawer
      open
      size={960}
      title={t('mailboxes.messages.title', { name: mailbox.name })}
      onClose={onClose}
      destroyOnHidden
      data-testid="mailbox-messages"
    >
      <Table<MailMessage>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={messages.data?.items ?? []}
        loading={messages.isFetching}
        pagination={false}
        locale={{ emptyText: t('mailboxes.messages.empty') }}
      />
    </Drawer>
  );
}
