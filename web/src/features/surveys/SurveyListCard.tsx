import { Card, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useHasPermission } from '../auth/session';
import { formatDateTime } from '../common/format';
import { useSurveys } from './api';
import { ScoreTag } from './labels';
import type { Survey } from './types';

/** 满意度评价: the surveys of a customer's (or an agent's) tickets with their scores (R6, R11.1). */
export function SurveyListCard({ filter }: { filter: { customerId?: string; agentId?: string } }) {
  const { t } = useTranslation();
  const can = useHasPermission();
  const readsTickets = can('tickets.read_all') || can('tickets.read_group');
  const surveys = useSurveys({ ...filter, limit: 50 });
  if (!readsTickets) return null;

  const answered = (surveys.data?.items ?? []).filter((survey) => survey.overallScore !== null);
  const average = answered.length
    ? Math.round(
        (answered.reduce((sum, survey) => sum + (survey.overallScore ?? 0), 0) / answered.length) * 10,
      ) / 10
    : null;

  const columns: TableColumnsType<Survey> = [
    {
      title: t('surveys.list.ticket'),
      dataIndex: ['ticket', 'number'],
      render: (number: string, survey) => <Link to={`/tickets/${survey.ticket.id}`}>{number}</Link>,
    },
    { title: t('surveys.list.title'), dataIndex: ['ticket', 'title'], ellipsis: true },
    {
      title: t('surveys.list.status'),
      dataIndex: 'status',
      render: (status: Survey['status']) => <Tag bordered={false}>{t(`surveys.status.${status}`)}</Tag>,
    },
    {
      title: t('surveys.list.score'),
      key: 'score',
      render: (_: unknown, survey) =>
        survey.status === 'answered' ? (
          <ScoreTag
            scale={survey.scale}
            score={survey.overallScore}
            band={survey.band}
            isLow={survey.isLow}
          />
        ) : (
          '—'
        ),
    },
    {
      title: t('surveys.list.agent'),
      dataIndex: ['agent', 'displayName'],
      render: (name: string | undefined) => name ?? '—',
    },
    {
      title: t('surveys.list.answeredAt'),
      dataIndex: 'answeredAt',
      render: (value: string | null) => formatDateTime(value),
    },
  ];

  return (
    <Card
      size="small"
      title={t('surveys.list.heading')}
      extra={
        average !== null && (
          <Typography.Text type="secondary">
            {t('surveys.list.average', { average, count: answered.length })}
          </Typography.Text>
        )
      }
      data-testid="survey-list"
    >
      {surveys.isError ? (
        <Typography.Text type="danger">{t('errors.network')}</Typography.Text>
      ) : (
        <Table<Survey>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={surveys.data?.items}
          loading={surveys.isPending}
          pagination={false}
          locale={{ emptyText: t('surveys.list.none') }}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Card>
  );
}
