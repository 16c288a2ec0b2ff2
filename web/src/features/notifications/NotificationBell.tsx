import { BellOutlined, SettingOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Divider, Empty, Flex, Popover, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useShowError } from '../common/errors';
import { notificationKeys, notificationsApi, useUnreadCount } from './api';
import { NotificationItem } from './NotificationItem';
import { notificationTarget } from './target';
import type { InboxNotification } from './types';
import { useNotificationStream } from './useNotificationStream';

const LATEST = 10;

/**
 * The header bell: the unread count (live over Server-Sent Events), the latest notifications in a
 * dropdown, marking them read, and a toast when a new one arrives.
 */
export default function NotificationBell() {
  const { t } = useTranslation();
  const { notification: toast } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const latest = useQuery({
    queryKey: [...notificationKeys.inbox, 'latest'],
    queryFn: () => notificationsApi.inbox.list({ limit: LATEST }),
    enabled: open,
  });

  const afterRead = (count: { unread: number }) => {
    queryClient.setQueryData(notificationKeys.unread, count);
    void queryClient.invalidateQueries({ queryKey: notificationKeys.inbox });
  };
  const markRead = useMutation({
    mutationFn: (ids: string[]) => notificationsApi.inbox.markRead(ids),
    onSuccess: afterRead,
    onError: (error) => showError(error),
  });
  const markAll = useMutation({
    mutationFn: notificationsApi.inbox.markAllRead,
    onSuccess: afterRead,
    onError: (error) => showError(error),
  });

  const openNotification = (item: InboxNotification) => {
    if (item.readAt === null) markRead.mutate([item.id]);
    setOpen(false);
    const target = notificationTarget(item);
    if (target) navigate(target);
  };

  useNotificationStream((item) => {
    toast.info({
      key: item.id,
      title: item.subject,
      description: item.body,
      placement: 'topRight',
      duration: 6,
      onClick: () => openNotification(item),
    });
  });

  const count = unread.data?.unread ?? 0;
  const items = latest.data?.items ?? [];

  const content = (
    <Flex vertical style={{ width: 360, maxWidth: '90vw' }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ padding: '4px 12px' }}>
        <Typography.Text strong>{t('notifications.bell.title')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={count === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
          data-testid="notifications-mark-all"
        >
          {t('notifications.bell.markAllRead')}
        </Button>
      </Flex>
      <Divider style={{ margin: 0 }} />
      <div style={{ maxHeight: 420, overflowY: 'auto', padding: 4 }}>
        {latest.isLoading ? (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin />
          </Flex>
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.bell.empty')} />
        ) : (
          items.map((item) => (
            <NotificationItem key={item.id} notification={item} onOpen={openNotification} compact />
          ))
        )}
      </div>
      <Divider style={{ margin: 0 }} />
      <Flex justify="space-between" style={{ padding: '4px 4px 0' }}>
        <Button
          type="link"
          size="small"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          {t('notifications.bell.viewAll')}
        </Button>
        <Button
          type="link"
          size="small"
          icon={<SettingOutlined />}
          onClick={() => {
            setOpen(false);
            navigate('/settings/notifications');
          }}
        >
          {t('notifications.bell.settings')}
        </Button>
      </Flex>
    </Flex>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      content={content}
      arrow={false}
    >
      <Button
        type="text"
        aria-label={t('notifications.bell.label', { count })}
        data-testid="notification-bell"
        icon={
          <Badge count={count} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
