import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import { useTicketSurvey } from './api';
import { ScoreTag, useScoreText } from './labels';
import type { Survey } from './types';

const STATUS_COLORS: Record<Survey['status'], string> = {
  scheduled: 'default',
  sent: 'processing',
  answered: 'success',
  expired: 'warning',
};

/** 满意度回访 on the ticket page (R6): when it goes or went out, the answers, and the follow-up of a low score. */
export function TicketSurveyPanel({ ticketId, status }: { ticketId: string; status: string }) {
  const { t } = useTranslation();
  const query = useTicketSurvey(ticketId, status);
  const isClosed = status === 'closed';
  const scoreText = useScoreText();
  const survey = query.data?.survey;
  if (!survey && !isClosed) return null;
  return (
    <Card size="small" title={t('surveys.panel.title')} data-testid="survey-panel" loading={query.isPending}>
      {!survey ? (
        <Typography.Text type="secondary">{t('surveys.panel.none')}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          <Flex gap={4} wrap align="center">
            <Tag color={STATUS_COLORS[survey.status]} data-testid="survey-status">
              {t(`surveys.status.${survey.status}`)}
            </Tag>
            {survey.channel && <Tag bordered={false}>{t(`surveys.channel.${survey.channel}`)}</Tag>}
            {survey.status === 'answered' && (
              <ScoreTag
                scale={survey.scale}
                score={survey.overallScore}
                band={survey.band}
                isLow={survey.isLow}
              />
            )}
          </Flex>
          <Descriptions size="small" column={1}>
            {survey.status === 'scheduled' && (
              <Descriptions.Item label={t('surveys.panel.sendAt')}>
                {formatDateTime(survey.sendAt)}
              </Descriptions.Item>
            )}
            {survey.sentAt && (
              <Descriptions.Item label={t('surveys.panel.sentAt')}>
                {formatDateTime(survey.sentAt)}
              </Descriptions.Item>
            )}
            {survey.remindedAt && (
              <Descriptions.Item label={t('surveys.panel.remindedAt')}>
                {formatDateTime(survey.remindedAt)}
              </Descriptions.Item>
            )}
            {survey.answeredAt ? (
              <Descriptions.Item label={t('surveys.panel.answeredAt')}>
                {formatDateTime(survey.answeredAt)}
              </Descriptions.Item>
            ) : (
              survey.expiresAt && (
                <Descriptions.Item label={t('surveys.panel.expiresAt')}>
                  {formatDateTime(survey.expiresAt)}
                </Descriptions.Item>
              )
            )}
          </Descriptions>
          {survey.answers.map((answer) => (
            <Flex key={answer.key} vertical gap={2} data-testid="survey-answer" data-key={answer.key}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {answer.label}
              </Typography.Text>
              {answer.kind === 'score' ? (
                <Typography.Text strong>{scoreText(survey.scale, answer.score)}</Typography.Text>
              ) : (
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{answer.text}</Typography.Text>
              )}
            </Flex>
          ))}
          {survey.followUp && (
            <Flex vertical gap={2} data-testid="survey-follow-up">
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('surveys.panel.followUp')}
              </Typography.Text>
              <Typography.Text>
                {survey.followUp.status === 'done'
                  ? t('surveys.panel.followUpDone', {
                      name: survey.followUp.completedBy?.displayName ?? '—',
                      time: formatDateTime(survey.followUp.completedAt),
                    })
                  : t('surveys.panel.followUpOpen', {
                      name: survey.followUp.assignee?.displayName ?? t('surveys.supervisors'),
                      time: formatDateTime(survey.followUp.dueAt),
                    })}
              </Typography.Text>
              {survey.followUp.causeTags.length > 0 && (
                <Flex gap={4} wrap>
                  {survey.followUp.causeTags.map((tag) => (
                    <Tag key={tag}>{tag}</Tag>
                  ))}
                  {survey.followUp.remedyType && survey.followUp.remedyType !== 'none' && (
                    <Tag color="purple" bordered={false}>
                      {t(`surveys.remedy.${survey.followUp.remedyType}`)}
                      {survey.followUp.remedyAmount !== null && ` ¥${survey.followUp.remedyAmount}`}
                    </Tag>
                  )}
                </Flex>
              )}
              {survey.followUp.status === 'open' && (
                <Link to="/survey-follow-ups">{t('surveys.panel.openFollowUps')}</Link>
              )}
            </Flex>
          )}
        </Flex>
      )}
    </Card>
  );
}
