import { ExclamationCircleOutlined, SendOutlined, WarningOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../common/format';
import { useMilestoneName } from './time';

type Rendered = { icon: ReactNode; color?: string; title: ReactNode; body?: ReactNode };

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/**
 * The timeline entries the SLA sweep writes (kind `system`, `data.sla`): a warning before the due time,
 * a breach with the automatic actions taken, a progress update that fell due. Null for other entries.
 */
export function useRenderSlaEvent(
  userName: (id: string) => string,
): (data: Record<string, unknown>) => Rendered | null {
  const { t } = useTranslation();
  const milestoneName = useMilestoneName();
  return (data) => {
    const milestone = milestoneName(str(data.milestone) ?? '');
    const due = str(data.dueAt);
    switch (data.sla) {
      case 'warning':
        return {
          icon: <WarningOutlined />,
          color: 'orange',
          title: t('sla.timeline.warning', { milestone, percent: data.percent }),
          body: due ? (
            <Typography.Text type="secondary">
              {t('sla.timeline.due', { time: formatDateTime(due) })}
            </Typography.Text>
          ) : undefined,
        };
      case 'breached': {
        const actions = (data.actions ?? {}) as {
          priority?: { from?: string; to?: string };
          owner?: { to?: string };
          watcher?: string;
        };
        const done = [
          actions.priority && t('sla.timeline.raisedPriority', actions.priority),
          actions.owner?.to && t('sla.timeline.reassigned', { name: userName(actions.owner.to) }),
          actions.watcher && t('sla.timeline.watcher', { name: userName(actions.watcher) }),
        ].filter(Boolean);
        return {
          icon: <ExclamationCircleOutlined />,
          color: 'red',
          title: t('sla.timeline.breached', { milestone }),
          body: (
            <Typography.Text type="secondary">
              {[due && t('sla.timeline.due', { time: formatDateTime(due) }), ...done]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          ),
        };
      }
      case 'progress_update_due':
        return {
          icon: <SendOutlined />,
          color: 'orange',
          title: t('sla.timeline.progressDue'),
          body: data.autoUpdate ? (
            <Typography.Text type="secondary">{t('sla.timeline.autoUpdate')}</Typography.Text>
          ) : undefined,
        };
      default:
        return null;
    }
  };
}
