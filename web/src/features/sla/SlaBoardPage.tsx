import { ReloadOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Collapse,
  Empty,
  Flex,
  Pagination,
  Result,
  Segmented,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type HTMLAttributes, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useHasPermission } from '../auth/session';
import { ErrorPage } from '../common/ErrorPage';
import { formatDateTime } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { PriorityTag, StatusTag } from '../tickets/TicketTags';
import type { TicketStatus } from '../tickets/types';
import { BOARD_REFRESH_MS, lastBoardPage, useSlaBoard } from './api';
import { useFormatRemaining, useMilestoneName, useNow } from './time';
import type { Board as BoardAnswer, BoardItem } from './types';

const HORIZONS = [30, 60, 240, 1440] as const;
const DEFAULT_HORIZON = 60;
const PAGE_SIZES = [20, 50, 100, 200] as const;
const DEFAULT_PAGE_SIZE = 50;

type BoardState = 'breached' | 'at_risk';

type BoardTicket = {
  ticketId: string;
  number: string;
  title: string;
  priority: string;
  status: string;
  state: BoardState;
  /** The earliest due time among its listed milestones. */
  dueAt: string;
  milestones: { milestone: string; dueAt: string; remainingMs: number; state: BoardState }[];
};

/**
 * Time left on the milestone's own clock: wall-clock time runs on here between refreshes; business time
 * (which stands still out of hours) is the server's figure from the last refresh.
 */
const remainingOf = (item: BoardItem, now: number) =>
  item.isBusinessTime ? item.remainingMs : Date.parse(item.dueAt) - now;

type Counts = { breached: number; atRisk: number };
type OwnerBucket = { key: string; name: string | null; tickets: BoardTicket[] } & Counts;
type GroupBucket = { key: string; name: string | null; owners: OwnerBucket[] } & Counts;

const countOf = (tickets: BoardTicket[]): Counts => ({
  breached: tickets.filter((ticket) => ticket.state === 'breached').length,
  atRisk: tickets.filter((ticket) => ticket.state === 'at_risk').length,
});
const byUrgency = (a: Counts & { name: string | null }, b: Counts & { name: string | null }) =>
  b.breached - a.breached || b.atRisk - a.atRisk || (a.name ?? '').localeCompare(b.name ?? '', 'zh-CN');

/**
 * The board's rows are milestones; the supervisor thinks in tickets: one row per ticket with its late and
 * soon-due milestones, under its group and then its owner (R5.5). `now` is the server's time.
 */
function arrange(items: BoardItem[], now: number): { groups: GroupBucket[] } {
  const tickets = new Map<
    string,
    BoardTicket & {
      groupId: string | null;
      groupName: string | null;
      ownerId: string | null;
      ownerName: string | null;
    }
  >();
  for (const item of items) {
    const remainingMs = remainingOf(item, now);
    const state: BoardState = item.state === 'breached' || remainingMs < 0 ? 'breached' : 'at_risk';
    let ticket = tickets.get(item.ticketId);
    if (!ticket) {
      ticket = {
        ticketId: item.ticketId,
        number: item.number,
        title: item.title,
        priority: item.priority,
        status: item.status,
        state,
        dueAt: item.dueAt,
        milestones: [],
        groupId: item.groupId,
        groupName: item.groupName,
        ownerId: item.ownerUserId,
        ownerName: item.ownerName,
      };
      tickets.set(item.ticketId, ticket);
    }
    ticket.milestones.push({ milestone: item.milestone, dueAt: item.dueAt, remainingMs, state });
    if (state === 'breached') ticket.state = 'breached';
    if (Date.parse(item.dueAt) < Date.parse(ticket.dueAt)) ticket.dueAt = item.dueAt;
  }
  const groups = new Map<string, { name: string | null; owners: Map<string, OwnerBucket> }>();
  for (const ticket of tickets.values()) {
    const groupKey = ticket.groupId ?? '';
    let group = groups.get(groupKey);
    if (!group) {
      group = { name: ticket.groupName, owners: new Map() };
      groups.set(groupKey, group);
    }
    const ownerKey = ticket.ownerId ?? '';
    let owner = group.owners.get(ownerKey);
    if (!owner) {
      owner = { key: ownerKey, name: ticket.ownerName, tickets: [], breached: 0, atRisk: 0 };
      group.owners.set(ownerKey, owner);
    }
    ticket.milestones.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    owner.tickets.push(ticket);
  }
  const result: GroupBucket[] = [...groups].map(([key, group]) => {
    const owners = [...group.owners.values()].map((owner) => {
      owner.tickets.sort(
        (a, b) =>
          (a.state === b.state ? 0 : a.state === 'breached' ? -1 : 1) ||
          Date.parse(a.dueAt) - Date.parse(b.dueAt),
      );
      return { ...owner, ...countOf(owner.tickets) };
    });
    // Nobody owns it: the most urgent to act on, so first.
    owners.sort((a, b) => (a.key === '' ? -1 : b.key === '' ? 1 : byUrgency(a, b)));
    return {
      key,
      name: group.name,
      owners,
      breached: owners.reduce((sum, owner) => sum + owner.breached, 0),
      atRisk: owners.reduce((sum, owner) => sum + owner.atRisk, 0),
    };
  });
  result.sort(byUrgency);
  return { groups: result };
}

function CountTags({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      {counts.breached > 0 && (
        <Tag color="error" style={{ marginInlineEnd: 0 }}>
          {t('sla.board.breachedCount', { count: counts.breached })}
        </Tag>
      )}
      {counts.atRisk > 0 && (
        <Tag color="warning" style={{ marginInlineEnd: 0 }}>
          {t('sla.board.atRiskCount', { count: counts.atRisk })}
        </Tag>
      )}
    </Space>
  );
}

function TicketTable({ tickets, showHeader }: { tickets: BoardTicket[]; showHeader: boolean }) {
  const { t } = useTranslation();
  const milestoneName = useMilestoneName();
  const formatRemaining = useFormatRemaining();
  const columns: TableColumnsType<BoardTicket> = [
    {
      title: t('tickets.fields.number'),
      dataIndex: 'number',
      width: 120,
      render: (number: string) => <Link to={`/tickets/${number}`}>{number}</Link>,
    },
    {
      title: t('tickets.fields.title'),
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, ticket) => <Link to={`/tickets/${ticket.number}`}>{title}</Link>,
    },
    {
      title: t('tickets.fields.priority'),
      dataIndex: 'priority',
      width: 80,
      render: (priority: string) => <PriorityTag priority={priority} />,
    },
    {
      title: t('tickets.fields.status'),
      dataIndex: 'status',
      width: 110,
      render: (status: string) => <StatusTag status={status as TicketStatus} />,
    },
    {
      title: t('sla.board.milestones'),
      key: 'milestones',
      width: 320,
      render: (_, ticket) => (
        <Flex gap={4} wrap>
          {ticket.milestones.map((item) => (
            <Tooltip key={item.milestone} title={t('sla.board.dueTip', { due: formatDateTime(item.dueAt) })}>
              <Tag color={item.state === 'breached' ? 'error' : 'warning'} style={{ marginInlineEnd: 0 }}>
                {milestoneName(item.milestone)} · {formatRemaining(item.remainingMs)}
              </Tag>
            </Tooltip>
          ))}
        </Flex>
      ),
    },
    {
      title: t('sla.board.dueAt'),
      dataIndex: 'dueAt',
      width: 140,
      render: (dueAt: string, ticket) => (
        <Typography.Text type={ticket.state === 'breached' ? 'danger' : 'warning'}>
          {formatDateTime(dueAt)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<BoardTicket>
      rowKey="ticketId"
      size="small"
      columns={columns}
      dataSource={tickets}
      pagination={false}
      showHeader={showHeader}
      tableLayout="fixed"
      scroll={{ x: 900 }}
      onRow={(ticket) =>
        ({
          'data-testid': 'board-ticket',
          'data-number': ticket.number,
          'data-state': ticket.state,
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}

/** 时效看板 (R5.5): overdue and soon-due tickets by group and owner, refreshed every 15 seconds. */
export default function SlaBoardPage() {
  const can = useHasPermission();
  if (!can('tickets.read_all') && !can('tickets.read_group')) return <ErrorPage status="403" />;
  return <Board />;
}

function Board() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('horizon'));
  const horizon = (HORIZONS as readonly number[]).includes(asked) ? asked : DEFAULT_HORIZON;
  const askedSize = Number(params.get('size'));
  const pageSize = (PAGE_SIZES as readonly number[]).includes(askedSize) ? askedSize : DEFAULT_PAGE_SIZE;
  // A page typed or kept in the URL beyond what the board pages to shows the last one it can.
  const page = Math.min(Math.max(1, Math.floor(Number(params.get('page'))) || 1), lastBoardPage(pageSize));
  const board = useSlaBoard(horizon, { page, pageSize });
  const clientNow = useNow();
  // The server's clock decides what is late: its time at the answer, plus what has passed here since.
  const now = board.data
    ? Date.parse(board.data.generatedAt) + Math.max(0, clientNow - board.dataUpdatedAt)
    : clientNow;
  const arranged = useMemo(() => arrange(board.data?.items ?? [], now), [board.data, now]);
  const totals = useMemo(() => boardTotals(board.data, now), [board.data, now]);
  // A refresh can leave fewer milestones than the page shown: back to the first page then.
  const pastTheEnd = board.data !== undefined && board.data.items.length === 0 && page > 1;
  useEffect(() => {
    if (pastTheEnd)
      setParams({ horizon: String(horizon), page: '1', size: String(pageSize) }, { replace: true });
  }, [pastTheEnd, horizon, pageSize, setParams]);
  const showPage = (next: { page?: number; pageSize?: number; horizon?: number }) =>
    setParams(
      {
        horizon: String(next.horizon ?? horizon),
        page: String(next.page ?? page),
        size: String(next.pageSize ?? pageSize),
      },
      { replace: true },
    );
  // Groups are open unless folded by hand, so a group that turns up on a refresh shows its tickets.
  const [folded, setFolded] = useState<string[]>([]);
  const keyOf = (group: GroupBucket) => group.key || 'none';

  return (
    <Flex vertical gap={16} data-testid="sla-board">
      <PageHeader
        title={t('sla.board.title')}
        extra={
          <Space wrap>
            <Typography.Text type="secondary">{t('sla.board.horizon')}</Typography.Text>
            <Segmented<number>
              value={horizon}
              onChange={(value) => showPage({ horizon: value, page: 1 })}
              options={HORIZONS.map((value) => ({ value, label: t(`sla.board.horizons.${value}`) }))}
              data-testid="board-horizon"
            />
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void board.refetch()}
              loading={board.isFetching}
              aria-label={t('tickets.refresh')}
            />
          </Space>
        }
      />
      <Flex gap={16} wrap align="stretch">
        <Card size="small" style={{ minWidth: 180 }}>
          <Statistic
            title={t('sla.board.breached')}
            value={totals.breached}
            styles={{ content: { color: totals.breached ? '#cf1322' : undefined } }}
            suffix={<CountUnit atLeast={totals.breachedAtLeast} />}
            data-testid="board-breached-total"
          />
        </Card>
        <Card size="small" style={{ minWidth: 180 }}>
          <Statistic
            title={t('sla.board.atRisk')}
            value={totals.atRisk}
            styles={{ content: { color: totals.atRisk ? '#d48806' : undefined } }}
            suffix={<CountUnit atLeast={totals.atRiskAtLeast} />}
            data-testid="board-at-risk-total"
          />
        </Card>
        <Flex vertical justify="center" style={{ flex: 1, minWidth: 240 }}>
          <Typography.Text type="secondary">{t('sla.board.help')}</Typography.Text>
          {board.data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="board-updated">
              {t('sla.board.updatedAt', {
                time: formatDateTime(board.data.generatedAt),
                seconds: BOARD_REFRESH_MS / 1000,
              })}
            </Typography.Text>
          )}
        </Flex>
      </Flex>
      {board.isError && !board.data ? (
        <Result status="error" title={t('errors.network')} />
      ) : arranged.groups.length === 0 ? (
        <Card>
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={board.isPending ? ' ' : t('sla.board.empty')}
            data-testid="board-empty"
          />
        </Card>
      ) : (
        <Collapse
          activeKey={arranged.groups.map(keyOf).filter((key) => !folded.includes(key))}
          onChange={(open) => {
            const active = Array.isArray(open) ? open : [open];
            setFolded(arranged.groups.map(keyOf).filter((key) => !active.includes(key)));
          }}
          items={arranged.groups.map((group) => ({
            key: keyOf(group),
            label: (
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Space>
                  <TeamOutlined />
                  <Typography.Text strong>{group.name ?? t('sla.board.noGroup')}</Typography.Text>
                </Space>
                <CountTags counts={group} />
              </Flex>
            ),
            style: {
              borderInlineStart: `4px solid ${group.breached ? '#ff4d4f' : '#faad14'}`,
            },
            children: (
              <Flex vertical gap={16} data-testid="board-group" data-group={group.name ?? ''}>
                {group.owners.map((owner, index) => (
                  <Flex vertical gap={6} key={owner.key || 'none'} data-testid="board-owner">
                    <Flex gap={8} align="center">
                      <UserOutlined />
                      {owner.name ? (
                        <Typography.Text strong>{owner.name}</Typography.Text>
                      ) : (
                        <Typography.Text type="warning" strong>
                          {t('sla.board.unassigned')}
                        </Typography.Text>
                      )}
                      <CountTags counts={owner} />
                    </Flex>
                    <TicketTable tickets={owner.tickets} showHeader={index === 0} />
                  </Flex>
                ))}
              </Flex>
            ),
          }))}
        />
      )}
      {board.data && totals.pagerTotal > 0 && (
        <Flex justify="flex-end">
          <Pagination
            current={page}
            pageSize={pageSize}
            total={totals.pagerTotal}
            pageSizeOptions={PAGE_SIZES.map(String)}
            showSizeChanger
            showTotal={() =>
              t(totals.exact ? 'sla.board.pageTotal' : 'sla.board.pageTotalAtLeast', {
                total: board.data.total,
              })
            }
            onChange={(next, size) =>
              showPage(size === pageSize ? { page: next } : { page: 1, pageSize: size })
            }
            data-testid="board-pagination"
          />
        </Flex>
      )}
    </Flex>
  );
}

function CountUnit({ atLeast }: { atLeast: boolean }) {
  const { t } = useTranslation();
  return (
    <span style={{ marginInlineStart: 4, fontSize: 14 }}>
      {atLeast ? '+ ' : ''}
      {t('sla.board.milestonesUnit')}
    </span>
  );
}

/**
 * The board's totals over every page: the server's counts, plus what turned late on this page since
 * (so a milestone going overdue moves between the totals live, as on the rows). A count at the server's
 * limit means at least that many; the pager then offers one page past the one shown while it is full.
 */
function boardTotals(board: BoardAnswer | undefined, now: number) {
  if (!board)
    return {
      breached: 0,
      atRisk: 0,
      breachedAtLeast: false,
      atRiskAtLeast: false,
      exact: true,
      pagerTotal: 0,
    };
  const turned = board.items.filter((item) => item.state === 'at_risk' && remainingOf(item, now) < 0).length;
  const breachedAtLeast = board.counts.breached >= board.countLimit;
  const atRiskAtLeast = board.counts.atRisk >= board.countLimit;
  const exact = !breachedAtLeast && !atRiskAtLeast;
  const shown = board.offset + board.items.length;
  return {
    breached: board.counts.breached + turned,
    atRisk: Math.max(0, board.counts.atRisk - turned),
    breachedAtLeast,
    atRiskAtLeast,
    exact,
    pagerTotal: Math.max(board.total, shown + (!exact && board.items.length === board.limit ? 1 : 0)),
  };
}
