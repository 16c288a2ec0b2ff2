import { Badge, Flex, Typography } from 'antd';
import { formatDateTime } from '../common/format';
import type { InboxNotification } from './types';

/** One notification: subject, body and time; unread ones carry a dot. */
export function NotificationItem({
  notification,
  onOpen,
  compact = false,
}: {
  notification: InboxNotification;
  onOpen: (notification: InboxNotification) => void;
  compact?: boolean;
}) {
  const unread = notification.readAt === null;
  return (
    <Flex
      gap={8}
      role="button"
      tabIndex={0}
      onClick={() => onOpen(notification)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') onOpen(notification);
      }}
      style={{ padding: '8px 12px', cursor: 'pointer', borderRadius: 6 }}
      data-testid="notification-item"
      data-unread={unread}
    >
      <Badge dot={unread} offset={[0, 6]}>
        <span style={{ display: 'inline-block', width: 6 }} />
      </Badge>
      <Flex vertical style={{ minWidth: 0, flex: 1 }}>
        <Typography.Text strong={unread} ellipsis={compact ? { tooltip: notification.subject } : false}>
          {notification.subject}
        </Typography.Text>
        <Typography.Paragraph
          type="secondary"
          style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-line' }}
          ellipsis={compact ? { rows: 2 } : false}
        >
          {notification.body}
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(notification.createdAt)}
          {notification.ticket ? ` · ${notification.ticket.number}` : ''}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
