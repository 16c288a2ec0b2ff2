import { Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useHasPermission } from '../auth/session';
import { useCsat } from './api';

/** The agents' CSAT over the last twelve months, one request for a whole list of users. */
export function useAgentCsat():
  | ((userId: string) => { average: number | null; answered: number } | null)
  | null {
  const can = useHasPermission();
  const allowed = can('reports.read');
  const query = useCsat(
    {
      from: dayjs().subtract(12, 'month').format('YYYY-MM-DD'),
      to: dayjs().add(1, 'day').format('YYYY-MM-DD'),
      interval: 'month',
      by: 'agent',
    },
    allowed,
  );
  if (!allowed || !query.data) return null;
  const byAgent = new Map(query.data.breakdown.map((row) => [row.id, row]));
  return (userId) => {
    const row = byAgent.get(userId);
    return row ? { average: row.average, answered: row.answered } : null;
  };
}

/** 满意度 in the users list: average score (0–100) and how many answers it rests on. */
export function AgentCsatCell({ figures }: { figures: { average: number | null; answered: number } | null }) {
  const { t } = useTranslation();
  if (!figures || figures.answered === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={t('surveys.agent.tooltip')}>
      <span data-testid="agent-csat">
        {t('surveys.agent.cell', {
          average: Math.round((figures.average ?? 0) * 10) / 10,
          count: figures.answered,
        })}
      </span>
    </Tooltip>
  );
}
