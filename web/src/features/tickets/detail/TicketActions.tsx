import {
  CheckCircleOutlined,
  CheckOutlined,
  CloseOutlined,
  DownOutlined,
  FlagOutlined,
  LockOutlined,
  RedoOutlined,
  SwapOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { App, Button, Dropdown, type MenuProps, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ticketsApi } from '../api';
import { useTicketAction } from '../queries';
import { MANUAL_STATUSES } from '../types';
import { type DialogKind, useTicketContext } from './context';

/** The action bar: what this person may do with this ticket in its current state. */
export function TicketActions() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { detail, routeKey, me, can, isOwner, isClosed, isFinished, openDialog } = useTicketContext();
  const ticket = detail.ticket;
  const accept = useTicketAction(routeKey, () => ticketsApi.accept(ticket.id));
  const assignToMe = useTicketAction(routeKey, () =>
    ticketsApi.assign(ticket.id, { groupId: ticket.group?.id ?? null, ownerId: me.id }),
  );
  const classify = useTicketAction(routeKey, () => ticketsApi.classify(ticket.id));

  if (!can('tickets.update')) return null;

  const pendingForMe = isOwner && ticket.assignmentState === 'pending';
  const mayAssign = !isFinished && (can('tickets.assign') || isOwner);
  const manualStatuses = MANUAL_STATUSES.filter((status) => ticket.allowedStatuses.includes(status));
  const mayResolve = ticket.allowedStatuses.includes('resolved');
  const mayClose = ticket.status === 'resolved' && can('tickets.close');
  const mayReopen = ticket.allowedStatuses.includes('reopened') && ticket.closeReason !== 'merged';

  const more: MenuProps['items'] = [
    !isClosed && { key: 'subStatus', label: t('tickets.actions.subStatus') },
    !isClosed && { key: 'classify', label: t('tickets.actions.classify') },
    !isClosed && { key: 'classification', label: t('tickets.actions.reclassify') },
    { type: 'divider' as const },
    !isClosed && { key: 'plan', label: t('tickets.plans.propose') },
    !isClosed && { key: 'collaboration', label: t('tickets.collaboration.request') },
    !isFinished && { key: 'escalation', label: t('tickets.escalations.request') },
    { type: 'divider' as const },
    { key: 'link', label: t('tickets.actions.link') },
    !isClosed && { key: 'merge', label: t('tickets.actions.merge'), danger: true },
  ].filter(Boolean) as MenuProps['items'];

  const onMore: MenuProps['onClick'] = ({ key }) => {
    if (key === 'classify') {
      modal.confirm({
        title: t('tickets.actions.classifyConfirm'),
        content: t('tickets.actions.classifyHint'),
        okText: t('tickets.actions.classify'),
        cancelText: t('common.cancel'),
        onOk: () => classify.mutateAsync(undefined),
      });
    } else {
      openDialog(key as DialogKind);
    }
  };

  return (
    <Space wrap data-testid="ticket-actions">
      {pendingForMe && (
        <>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={accept.isPending}
            onClick={() => accept.mutate(undefined)}
            data-testid="action-accept"
          >
            {t('tickets.actions.accept')}
          </Button>
          <Button
            danger
            icon={<CloseOutlined />}
            onClick={() => openDialog('decline')}
            data-testid="action-decline"
          >
            {t('tickets.actions.decline')}
          </Button>
        </>
      )}
      {mayAssign && can('tickets.assign') && !isOwner && (
        <Button
          icon={<UserAddOutlined />}
          loading={assignToMe.isPending}
          onClick={() => assignToMe.mutate(undefined)}
          data-testid="action-assign-me"
        >
          {t('tickets.actions.assignToMe')}
        </Button>
      )}
      {mayAssign && (
        <Button icon={<SwapOutlined />} onClick={() => openDialog('assign')} data-testid="action-assign">
          {ticket.owner ? t('tickets.actions.transfer') : t('tickets.actions.assign')}
        </Button>
      )}
      {manualStatuses.length > 0 && (
        <Button icon={<FlagOutlined />} onClick={() => openDialog('status')} data-testid="action-status">
          {t('tickets.actions.setStatus')}
        </Button>
      )}
      {mayResolve && (
        <Button
          type={pendingForMe ? 'default' : 'primary'}
          icon={<CheckCircleOutlined />}
          onClick={() => openDialog('resolve')}
          data-testid="action-resolve"
        >
          {t('tickets.actions.resolve')}
        </Button>
      )}
      {mayClose && (
        <Button
          type="primary"
          icon={<LockOutlined />}
          onClick={() => openDialog('close')}
          data-testid="action-close"
        >
          {t('tickets.actions.close')}
        </Button>
      )}
      {mayReopen && (
        <Button icon={<RedoOutlined />} onClick={() => openDialog('reopen')} data-testid="action-reopen">
          {t('tickets.actions.reopen')}
        </Button>
      )}
      <Dropdown menu={{ items: more, onClick: onMore }} trigger={['click']}>
        <Button data-testid="action-more">
          {t('tickets.actions.more')} <DownOutlined />
        </Button>
      </Dropdown>
    </Space>
  );
}
