import { CustomerServiceOutlined, SmileOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../common/format';

type Rendered = { icon: ReactNode; color?: string; title: ReactNode; body?: ReactNode };

/**
 * The timeline entries the survey module writes (kind `system`, `data.survey`): sent, reminded, expired,
 * answered, and the follow-up of a low score. Null for other entries.
 */
export function useRenderSurveyEvent(
  userName: (id: string) => string,
): (data: Record<string, unknown>, body: string) => Rendered | null {
  const { t } = useTranslation();
  return (data, body) => {
    switch (data.survey) {
      case 'sent':
        return {
          icon: <SmileOutlined />,
          color: 'blue',
          title: t('surveys.timeline.sent', {
            channel: t(`surveys.channel.${String(data.channel)}`, { defaultValue: String(data.channel) }),
          }),
          body:
            typeof data.expiresAt === 'string' ? (
              <Typography.Text type="secondary">
                {t('surveys.timeline.expires', { time: formatDateTime(data.expiresAt) })}
              </Typography.Text>
            ) : undefined,
        };
      case 'reminded':
        return { icon: <SmileOutlined />, color: 'blue', title: t('surveys.timeline.reminded') };
      case 'expired':
        return { icon: <SmileOutlined />, color: 'gray', title: t('surveys.timeline.expired') };
      case 'answered':
        return {
          icon: <SmileOutlined />,
          color: data.isLow ? 'red' : 'green',
          title: t(data.isLow ? 'surveys.timeline.answeredLow' : 'surveys.timeline.answered', {
            score: typeof data.overallScore === 'number' ? data.overallScore : '—',
          }),
        };
      case 'follow_up_opened':
        return {
          icon: <CustomerServiceOutlined />,
          color: 'orange',
          title: t('surveys.timeline.followUpOpened', {
            name:
              typeof data.assigneeUserId === 'string'
                ? userName(data.assigneeUserId)
                : t('surveys.supervisors'),
          }),
          body:
            typeof data.dueAt === 'string' ? (
              <Typography.Text type="secondary">
                {t('surveys.timeline.due', { time: formatDateTime(data.dueAt) })}
              </Typography.Text>
            ) : undefined,
        };
      case 'follow_up_done': {
        const tags = Array.isArray(data.causeTags) ? (data.causeTags as string[]) : [];
        const remedy = typeof data.remedyType === 'string' ? t(`surveys.remedy.${data.remedyType}`) : null;
        const amount = typeof data.remedyAmount === 'number' ? ` ¥${data.remedyAmount}` : '';
        return {
          icon: <CustomerServiceOutlined />,
          color: 'green',
          title: t('surveys.timeline.followUpDone'),
          body: (
            <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
              {[tags.join('、'), remedy && `${remedy}${amount}`, body].filter(Boolean).join(' · ')}
            </Typography.Text>
          ),
        };
      }
      default:
        return null;
    }
  };
}
