import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User, UserStatus } from '../../../api/types';
import { formatDateTime } from '../../common/format';

function statusOf(user: User): UserStatus {
  if (user.isLocked) return 'locked';
  return user.isActive ? 'active' : 'disabled';
}

const COLORS: Record<UserStatus, string> = { active: 'green', disabled: 'default', locked: 'red' };

export function UserStatusTag({ user }: { user: User }) {
  const { t } = useTranslation();
  const status = statusOf(user);
  const tag = <Tag color={COLORS[status]}>{t(`users.status.${status}`)}</Tag>;
  if (status !== 'locked' || !user.lockedUntil) return tag;
  const until = t('users.lockedUntil', { time: formatDateTime(user.lockedUntil) });
  return (
    <Tooltip title={until}>
      {tag}
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{until}</div>
    </Tooltip>
  );
}
