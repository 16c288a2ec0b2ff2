import { PauseCircleOutlined } from '@ant-design/icons';
import { Card, Divider, Flex, Tag, Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../common/format';
import { useSlaPolicies } from './api';
import { STATE_COLORS, useFormatRemaining, useFormatTarget, useMilestoneName, useNow } from './time';
import { MILESTONES, type SlaMilestone, type SlaState, type TicketSla } from './types';

const order = (milestone: string) => {
  const index = MILESTONES.indexOf(milestone as (typeof MILESTONES)[number]);
  return index === -1 ? MILESTONES.length : index;
};

/** What a milestone's clock shows now: running calendar clocks count down with the wall clock. */
function liveOf(row: SlaMilestone, now: number): { state: string; remaining: number | null } {
  if (row.metAt || row.remainingMs === null) return { state: row.state, remaining: null };
  const remaining = row.isBusinessTime || row.pausedAt ? row.remainingMs : Date.parse(row.dueAt) - now;
  const state = remaining < 0 && (row.state === 'ok' || row.state === 'warning') ? 'breached' : row.state;
  return { state, remaining };
}

function MilestoneRow({ row }: { row: SlaMilestone }) {
  const { t } = useTranslation();
  const now = useNow();
  const name = useMilestoneName();
  const formatTarget = useFormatTarget();
  const formatRemaining = useFormatRemaining();
  const { state, remaining } = liveOf(row, now);
  const color = STATE_COLORS[state as SlaState] ?? 'default';
  const small = { fontSize: 12 } as const;
  return (
    <Flex vertical gap={2} data-testid="sla-milestone" data-milestone={row.milestone} data-state={state}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong>
          {name(row.milestone)}
          {row.milestone === 'progress_update' && row.cycle > 1 && (
            <Typography.Text type="secondary" style={{ ...small, marginInlineStart: 6 }}>
              {t('sla.panel.cycle', { cycle: row.cycle })}
            </Typography.Text>
          )}
        </Typography.Text>
        <Flex gap={4} align="center">
          {row.pausedAt && !row.metAt && (
            <Tag icon={<PauseCircleOutlined />} style={{ marginInlineEnd: 0 }} data-testid="sla-paused">
              {t('sla.panel.paused')}
            </Tag>
          )}
          <Tag color={color} style={{ marginInlineEnd: 0 }}>
            {t(`sla.state.${state}`, { defaultValue: state })}
          </Tag>
        </Flex>
      </Flex>
      <Typography.Text type="secondary" style={small}>
        {t('sla.panel.target', {
          target: formatTarget(row.targetMinutes),
          clock: row.isBusinessTime ? t('sla.clock.business') : t('sla.clock.calendar'),
        })}
        {' · '}
        {t('sla.panel.due', { time: formatDateTime(row.dueAt) })}
      </Typography.Text>
      <Flex gap={12} wrap style={small}>
        {row.metAt ? (
          <Typography.Text type="secondary" style={small}>
            {t('sla.panel.met', { time: formatDateTime(row.metAt) })}
          </Typography.Text>
        ) : (
          remaining !== null &&
          !(state === 'breached' && remaining >= 0) && (
            <Typography.Text
              type={remaining < 0 ? 'danger' : state === 'warning' ? 'warning' : undefined}
              style={small}
            >
              {row.pausedAt
                ? t('sla.panel.pausedAt', {
                    time: formatDateTime(row.pausedAt),
                    left: formatRemaining(remaining, row.isBusinessTime),
                  })
                : formatRemaining(remaining, row.isBusinessTime)}
            </Typography.Text>
          )
        )}
        {row.breachedAt && (
          <Typography.Text type="danger" style={small}>
            {t('sla.panel.breachedAt', { time: formatDateTime(row.breachedAt) })}
          </Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}

/** 服务时效: each milestone of the ticket with its target, due time, met or breach time and state (R5). */
export function MilestonePanel({ sla }: { sla: TicketSla | null | undefined }) {
  const { t } = useTranslation();
  const policies = useSlaPolicies();
  const policy = policies.data?.items.find((item) => item.id === sla?.policyId);
  const rows = [...(sla?.milestones ?? [])].sort((a, b) => order(a.milestone) - order(b.milestone));
  return (
    <Card
      size="small"
      title={t('sla.panel.title')}
      extra={
        policy && (
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 180, fontSize: 12 }}>
            {policy.name}
          </Typography.Text>
        )
      }
      data-testid="sla-panel"
    >
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t('sla.panel.empty')}</Typography.Text>
      ) : (
        rows.map((row, index) => (
          <Fragment key={row.milestone}>
            {index > 0 && <Divider style={{ margin: '8px 0' }} />}
            <MilestoneRow row={row} />
          </Fragment>
        ))
      )}
    </Card>
  );
}
