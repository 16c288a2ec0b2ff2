import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { notificationKeys, STREAM_URL } from './api';
import type { InboxNotification, UnreadCount } from './types';

/**
 * Follows the live notification stream while mounted: keeps the unread count in the query cache,
 * refreshes inbox lists when something arrives, and hands each new notification to `onNotification`.
 * The browser's EventSource reconnects by itself after a network break or a server restart.
 */
export function useNotificationStream(onNotification?: (notification: InboxNotification) => void): void {
  const queryClient = useQueryClient();
  const callback = useRef(onNotification);
  callback.current = onNotification;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(STREAM_URL, { withCredentials: true });
    const onUnread = (event: MessageEvent<string>) => {
      const count = JSON.parse(event.data) as UnreadCount;
      const previous = queryClient.getQueryData<UnreadCount>(notificationKeys.unread);
      queryClient.setQueryData(notificationKeys.unread, count);
      if (previous && previous.unread !== count.unread) {
        void queryClient.invalidateQueries({ queryKey: notificationKeys.inbox });
      }
    };
    const onNew = (event: MessageEvent<string>) => {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.inbox });
      callback.current?.(JSON.parse(event.data) as InboxNotification);
    };
    source.addEventListener('unread', onUnread);
    source.addEventListener('notification', onNew);
    return () => {
      source.removeEventListener('unread', onUnread);
      source.removeEventListener('notification', onNew);
      source.close();
    };
  }, [queryClient]);
}
