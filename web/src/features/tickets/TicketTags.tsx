import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerTier, Emotion, TicketStatus } from './types';

export const STATUS_COLORS: Record<TicketStatus, string> = {
  new: 'blue',
  classified: 'cyan',
  assigned: 'geekblue',
  in_progress: 'processing',
  waiting_customer: 'gold',
  waiting_third_party: 'orange',
  solution_proposed: 'purple',
  resolved: 'green',
  closed: 'default',
  reopened: 'volcano',
};

const EMOTION_COLORS: Record<Emotion, string | undefined> = {
  normal: undefined,
  anxious: 'gold',
  dissatisfied: 'orange',
  angry: 'red',
};

export function StatusTag({ status, subStatus }: { status: TicketStatus; subStatus?: string | null }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={STATUS_COLORS[status]} data-testid="status-tag">
      {t(`tickets.status.${status}`)}
    </Tag>
  );
  return subStatus ? <Tooltip title={subStatus}>{tag}</Tooltip> : tag;
}

export function priorityColor(priority: string): string | undefined {
  if (priority === 'P1') return 'red';
  if (priority === 'P2') return 'orange';
  return undefined;
}

export function PriorityTag({ priority, label }: { priority: string; label?: string }) {
  return (
    <Tag color={priorityColor(priority)} data-testid="priority-tag">
      {label ?? priority}
    </Tag>
  );
}

export function EmotionTag({ emotion, hideNormal }: { emotion: Emotion; hideNormal?: boolean }) {
  const { t } = useTranslation();
  if (hideNormal && emotion === 'normal') return null;
  return (
    <Tag color={EMOTION_COLORS[emotion]} data-testid="emotion-tag">
      {t(`tickets.emotion.${emotion}`)}
    </Tag>
  );
}

export function VipTag({ tier }: { tier: CustomerTier }) {
  return tier === 'vip' ? (
    <Tag color="gold" data-testid="vip-tag">
      VIP
    </Tag>
  ) : null;
}

/** 5 分 30 秒 / 5 min 30 s */
export function useFormatDuration(): (seconds: number | null | undefined) => string {
  const { t } = useTranslation();
  return (seconds) => {
    if (seconds === null || seconds === undefined) return '—';
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = seconds % 60;
    if (hours) return t('tickets.duration.hms', { hours, minutes, seconds: rest });
    if (minutes) return t('tickets.duration.ms', { minutes, seconds: rest });
    return t('tickets.duration.s', { seconds: rest });
  };
}
