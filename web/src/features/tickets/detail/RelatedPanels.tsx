import { BranchesOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../common/format';
import { ticketsApi } from '../api';
import { useTicketAction } from '../queries';
import { StatusTag } from '../TicketTags';
import type { TicketStatus } from '../types';
import { useTicketContext } from './context';
import { Stack } from './RequestPanels';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 疑似重复 (R1.5): same customer, order or serial, recently; merge this ticket into one of them. */
export function DuplicatesPanel() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { detail, routeKey, can, isClosed } = useTicketContext();
  const ticket = detail.ticket;
  const merge = useTicketAction(routeKey, (into: string) => ticketsApi.merge(ticket.id, into));
  if (!detail.possibleDuplicates.length) return null;
  return (
    <Card
      size="small"
      title={t('tickets.panels.duplicates', { count: detail.possibleDuplicates.length })}
      styles={{ header: { background: '#fff7e6' } }}
      data-testid="duplicates-panel"
    >
      <Stack
        items={detail.possibleDuplicates}
        render={(duplicate) => (
          <Flex vertical gap={2}>
            <Flex justify="space-between" align="center" gap={8}>
              <Link to={`/tickets/${duplicate.number}`}>{duplicate.number}</Link>
              <StatusTag status={duplicate.status as TicketStatus} />
            </Flex>
            <Typography.Text ellipsis={{ tooltip: duplicate.title }}>{duplicate.title}</Typography.Text>
            <Flex justify="space-between" align="center">
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`tickets.duplicates.reason.${duplicate.reason}`, { defaultValue: duplicate.reason })} ·{' '}
                {formatDateTime(duplicate.receivedAt)}
              </Typography.Text>
              {can('tickets.update') && !isClosed && (
                <Button
                  size="small"
                  icon={<BranchesOutlined />}
                  onClick={() =>
                    modal.confirm({
                      title: t('tickets.duplicates.mergeConfirm', {
                        from: ticket.number,
                        into: duplicate.number,
                      }),
                      content: t('tickets.actions.mergeHint'),
                      okText: t('tickets.actions.merge'),
                      okButtonProps: { danger: true },
                      cancelText: t('common.cancel'),
                      onOk: () => merge.mutateAsync(duplicate.id),
                    })
                  }
                >
                  {t('tickets.duplicates.merge')}
                </Button>
              )}
            </Flex>
          </Flex>
        )}
      />
    </Card>
  );
}

/** 关联工单: related, duplicate, follow-up and merged tickets, both ways. */
export function LinksPanel() {
  const { t } = useTranslation();
  const { detail, can, openDialog } = useTicketContext();
  const links = detail.links.map((link) => ({
    ...link,
    id: `${link.ticketId}:${link.kind}:${link.direction}`,
  }));
  return (
    <Card
      size="small"
      title={t('tickets.panels.links', { count: links.length })}
      extra={
        can('tickets.update') && (
          <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => openDialog('link')}>
            {t('tickets.actions.link')}
          </Button>
        )
      }
      data-testid="links-panel"
    >
      {links.length === 0 ? (
        <Typography.Text type="secondary">{t('tickets.links.none')}</Typography.Text>
      ) : (
        <Stack
          items={links}
          render={(link) => (
            <Flex vertical gap={2}>
              <Flex justify="space-between" align="center" gap={8}>
                <span>
                  <Tag bordered={false}>
                    {t(`tickets.links.kinds.${link.kind}.${link.direction}`, { defaultValue: link.kind })}
                  </Tag>
                  <Link to={`/tickets/${link.number}`}>{link.number}</Link>
                </span>
                <StatusTag status={link.status as TicketStatus} />
              </Flex>
              <Typography.Text ellipsis={{ tooltip: link.title }}>{link.title}</Typography.Text>
            </Flex>
          )}
        />
      )}
    </Card>
  );
}

/** 附件: every file on the ticket, to open or download. */
export function AttachmentsPanel() {
  const { t } = useTranslation();
  const { detail } = useTicketContext();
  if (!detail.attachments.length) return null;
  return (
    <Card size="small" title={t('tickets.panels.attachments', { count: detail.attachments.length })}>
      <Stack
        items={detail.attachments}
        render={(file) => (
          <Flex justify="space-between" gap={8}>
            <a href={file.url} target="_blank" rel="noreferrer">
              <PaperClipOutlined /> {file.fileName}
            </a>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {formatSize(file.sizeBytes)}
            </Typography.Text>
          </Flex>
        )}
      />
    </Card>
  );
}
