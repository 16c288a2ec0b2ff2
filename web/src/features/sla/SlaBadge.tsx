import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  PauseCircleOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../common/format';
import { liveRemaining, liveState, STATE_COLORS, useFormatRemaining, useMilestoneName, useNow } from './time';
import type { SlaState, SlaSummary } from './types';

const ICONS: Record<SlaState, ReactNode> = {
  ok: <ClockCircleOutlined />,
  warning: <WarningOutlined />,
  breached: <ExclamationCircleOutlined />,
  paused: <PauseCircleOutlined />,
  met: <CheckCircleOutlined />,
  met_late: <CheckCircleOutlined />,
};

/**
 * 时效标记 (R5): green while on time, amber near the due time, red when overdue, grey when paused or met;
 * shows the time left on the next milestone ("剩 2小时15分" / "超时 35分") and whether it counts working hours.
 */
export function SlaBadge({
  sla,
  isOverdue = false,
  layout = 'vertical',
}: {
  sla: SlaSummary | null | undefined;
  /** The ticket was marked overdue (a milestone breached): shown red even when the next one is on time. */
  isOverdue?: boolean;
  layout?: 'vertical' | 'horizontal';
}) {
  const { t } = useTranslation();
  const now = useNow();
  const formatRemaining = useFormatRemaining();
  const milestoneName = useMilestoneName();

  if (!sla) {
    return (
      <Typography.Text type="secondary" data-testid="sla-badge" data-state="none">
        {isOverdue ? <Tag color="error">{t('sla.badge.overdueFlag')}</Tag> : '—'}
      </Typography.Text>
    );
  }

  const remaining = liveRemaining(sla, now);
  const state = liveState(sla, remaining);
  const next = sla.next;
  const running = state === 'ok' || state === 'warning' || state === 'breached';
  let text: string;
  const businessClock = next?.isBusinessTime ?? false;
  if (state === 'met' || state === 'met_late' || !next) text = t(`sla.state.${state}`);
  else if (state === 'paused')
    text =
      remaining === null
        ? t('sla.state.paused')
        : t('sla.badge.paused', { time: formatRemaining(remaining, businessClock) });
  // Breached but no business time has passed since (e.g. after hours): nothing to count yet.
  else if (remaining === null || (state === 'breached' && remaining >= 0)) text = t(`sla.state.${state}`);
  else text = formatRemaining(remaining, businessClock);
  const flagged = isOverdue && state !== 'breached' && state !== 'met_late';

  const tooltip = next ? (
    <Flex vertical gap={2}>
      <span>
        {t('sla.badge.tooltip', {
          milestone: milestoneName(next.milestone),
          due: formatDateTime(next.dueAt),
        })}
      </span>
      <span>{next.isBusinessTime ? t('sla.badge.businessTip') : t('sla.badge.calendarTip')}</span>
      {flagged && <span>{t('sla.badge.overdueTip')}</span>}
    </Flex>
  ) : (
    t(`sla.state.${state}`)
  );

  const business = businessClock && (running || state === 'paused');
  const tag = (
    <Tag color={STATE_COLORS[state]} icon={ICONS[state]} style={{ marginInlineEnd: 0 }}>
      {text}
    </Tag>
  );
  const hint = business && (
    <Typography.Text type="secondary" style={{ fontSize: 11, lineHeight: '16px', whiteSpace: 'nowrap' }}>
      {t('sla.badge.business')}
    </Typography.Text>
  );

  return (
    <Tooltip title={tooltip}>
      <Flex
        vertical={layout === 'vertical'}
        gap={layout === 'vertical' ? 0 : 6}
        align={layout === 'vertical' ? 'flex-start' : 'center'}
        data-testid="sla-badge"
        data-state={flagged ? `${state} overdue` : state}
        style={{ display: 'inline-flex' }}
      >
        {tag}
        {layout === 'horizontal' ? (
          <>
            {flagged && (
              <Tag color="error" style={{ marginInlineEnd: 0 }} data-testid="sla-overdue-flag">
                {t('sla.badge.overdueFlag')}
              </Tag>
            )}
            {hint}
          </>
        ) : (
          (business || flagged) && (
            <Flex gap={6} align="center">
              {hint}
              {flagged && (
                <Typography.Text
                  type="danger"
                  strong
                  style={{ fontSize: 11, lineHeight: '16px', whiteSpace: 'nowrap' }}
                  data-testid="sla-overdue-flag"
                >
                  {t('sla.badge.overdueFlag')}
                </Typography.Text>
              )}
            </Flex>
          )
        )}
      </Flex>
    </Tooltip>
  );
}
