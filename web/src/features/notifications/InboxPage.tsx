import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Segmented, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { notificationKeys, notificationsApi, useUnreadCount } from './api';
import { NotificationItem } from './NotificationItem';
import { notificationTarget } from './target';
import type { InboxNotification } from './types';

/** All my notifications, newest first, a page at a time. */
export default function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const unread = useUnreadCount();
  const pages = useInfiniteQuery({
    queryKey: [...notificationKeys.inbox, 'page', filter],
    queryFn: ({ pageParam }) =>
      notificationsApi.inbox.list({ unread: filter === 'unread', cursor: pageParam, limit: 30 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
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

  const open = (item: InboxNotification) => {
    if (item.readAt === null) markRead.mutate([item.id]);
    const target = notificationTarget(item);
    if (target) navigate(target);
  };

  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Card>
      <PageHeader
        title={t('notifications.inbox.title')}
        extra={
          <Flex gap={12} align="center">
            <Segmented
              value={filter}
              onChange={(value) => setFilter(value as 'all' | 'unread')}
              options={[
                { value: 'all', label: t('notifications.inbox.all') },
                {
                  value: 'unread',
                  label: t('notifications.inbox.unread', { count: unread.data?.unread ?? 0 }),
                },
              ]}
            />
            <Button
              onClick={() => markAll.mutate()}
              loading={markAll.isPending}
              disabled={(unread.data?.unread ?? 0) === 0}
            >
              {t('notifications.bell.markAllRead')}
            </Button>
          </Flex>
        }
      />
      {pages.isLoading ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : items.length === 0 ? (
        <Empty description={t('notifications.bell.empty')} />
      ) : (
        <Flex vertical data-testid="inbox-list">
          {items.map((item) => (
            <NotificationItem key={item.id} notification={item} onOpen={open} />
          ))}
        </Flex>
      )}
      {pages.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
            {t('notifications.loadMore')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
