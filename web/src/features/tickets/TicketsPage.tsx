import {
  DeleteOutlined,
  InboxOutlined,
  PlusOutlined,
  ReloadOutlined,
  SaveOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  Form,
  Input,
  Menu,
  Modal,
  Popconfirm,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useHasPermission, useMe } from '../auth/session';
import { useShowError } from '../common/errors';
import { formatDateTime } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { SlaBadge } from '../sla/SlaBadge';
import { ticketsApi } from './api';
import { BulkActions } from './BulkActions';
import { clean, filtersFromParams, paramsFromFilters } from './filters';
import { InboxFilters } from './InboxFilters';
import { ticketKeys, useLocalizedName, useTickets, useTicketViews } from './queries';
import { EmotionTag, PriorityTag, StatusTag, VipTag } from './TicketTags';
import { QUICK_VIEWS, type QuickView, type TicketFilters, type TicketSummary } from './types';

const VIEW_ICONS: Record<QuickView, ReactNode> = {
  mine: <UserOutlined />,
  my_groups: <TeamOutlined />,
  unassigned: <InboxOutlined />,
  all: <UnorderedListOutlined />,
};

function SaveViewModal({ filters, onClose }: { filters: TicketFilters; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; isShared?: boolean }>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const [, setParams] = useSearchParams();
  const save = useMutation({
    mutationFn: (values: { name: string; isShared?: boolean }) =>
      ticketsApi.views.create({ name: values.name.trim(), filters, isShared: values.isShared ?? false }),
    onSuccess: async (view) => {
      void message.success(t('tickets.views.saved'));
      await queryClient.invalidateQueries({ queryKey: ticketKeys.views });
      setParams(paramsFromFilters(filters, { sv: view.id }));
      onClose();
    },
    onError: (error) => showError(error, form),
  });
  return (
    <Modal
      open
      title={t('tickets.views.saveTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'save-view-submit' }}
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="name"
          label={t('tickets.views.name')}
          rules={[{ required: true, whitespace: true, max: 60, message: t('tickets.views.nameRequired') }]}
        >
          <Input autoFocus maxLength={60} data-testid="view-name" />
        </Form.Item>
        <Form.Item name="isShared" valuePropName="checked">
          <Checkbox>{t('tickets.views.shared')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Quick views and saved views, on the left of the inbox. */
function ViewsMenu({
  filters,
  savedViewId,
  onSelect,
}: {
  filters: TicketFilters;
  savedViewId: string | null;
  onSelect: (filters: TicketFilters, savedViewId?: string) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const views = useTicketViews();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const { message } = App.useApp();
  const remove = useMutation({
    mutationFn: ticketsApi.views.remove,
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: ticketKeys.views });
    },
    onError: (error) => showError(error),
  });
  const saved = views.data?.items ?? [];
  const selected = savedViewId ? `saved:${savedViewId}` : `quick:${filters.view ?? 'all'}`;

  return (
    <Card size="small" styles={{ body: { padding: 4 } }} data-testid="ticket-views">
      <Menu
        mode="inline"
        selectedKeys={[selected]}
        style={{ borderInlineEnd: 'none' }}
        onClick={({ key }) => {
          const [kind, id] = key.split(':') as [string, string];
          if (kind === 'quick') onSelect({ view: id as QuickView, sort: filters.sort });
          const view = saved.find((item) => item.id === id);
          if (kind === 'saved' && view) onSelect(clean(view.filters), view.id);
        }}
        items={[
          {
            type: 'group',
            key: 'quick',
            label: t('tickets.views.quick'),
            children: QUICK_VIEWS.map((view) => ({
              key: `quick:${view}`,
              icon: VIEW_ICONS[view],
              label: <span data-testid={`view-${view}`}>{t(`tickets.views.${view}`)}</span>,
            })),
          },
          {
            type: 'group',
            key: 'saved',
            label: t('tickets.views.savedHeading'),
            children: saved.length
              ? saved.map((view) => ({
                  key: `saved:${view.id}`,
                  label: (
                    <Flex justify="space-between" align="center" gap={4}>
                      <Typography.Text ellipsis style={{ maxWidth: 140 }}>
                        {view.name}
                      </Typography.Text>
                      {view.isShared && (
                        <Tag style={{ marginInlineEnd: 0 }}>{t('tickets.views.sharedTag')}</Tag>
                      )}
                      {view.userId === me.id && (
                        <Popconfirm
                          title={t('tickets.views.deleteConfirm', { name: view.name })}
                          okText={t('common.delete')}
                          cancelText={t('common.cancel')}
                          onConfirm={(event) => {
                            event?.stopPropagation();
                            remove.mutate(view.id);
                          }}
                          onCancel={(event) => event?.stopPropagation()}
                        >
                          <Button
                            type="text"
                            size="small"
                            icon={<DeleteOutlined />}
                            aria-label={t('common.delete')}
                            onClick={(event) => event.stopPropagation()}
                          />
                        </Popconfirm>
                      )}
                    </Flex>
                  ),
                }))
              : [
                  {
                    key: 'saved:none',
                    disabled: true,
                    label: (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('tickets.views.none')}
                      </Typography.Text>
                    ),
                  },
                ],
          },
        ]}
      />
    </Card>
  );
}

/**
 * The loaded tickets by the due time of their next SLA milestone, soonest (most overdue) first; then those whose
 * clock is paused, by the time they had left; then those with nothing due.
 */
function bySlaDue(tickets: TicketSummary[]): TicketSummary[] {
  const rank = (ticket: TicketSummary): [number, number] => {
    const sla = ticket.sla;
    const next = sla?.next;
    if (!sla || !next || next.remainingMs === null) return [2, 0];
    if (sla.state === 'paused') return [1, next.remainingMs];
    return [0, Date.parse(next.dueAt)];
  };
  return [...tickets].sort((a, b) => {
    const [groupA, keyA] = rank(a);
    const [groupB, keyB] = rank(b);
    return groupA - groupB || keyA - keyB;
  });
}

/** 工单收件箱: quick and saved views, filters in the address, bulk actions, more on demand. */
export default function TicketsPage() {
  const { t } = useTranslation();
  const can = useHasPermission();
  const navigate = useNavigate();
  const localized = useLocalizedName();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const savedViewId = params.get('sv');
  const tickets = useTickets(filters);
  const loaded = tickets.data?.pages.flatMap((page) => page.items) ?? [];
  const items = filters.sort === 'sla_due' ? bySlaDue(loaded) : loaded;
  const [selected, setSelected] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const apply = (next: TicketFilters, viewId?: string) => {
    setSelected([]);
    setParams(paramsFromFilters(clean(next), viewId ? { sv: viewId } : {}));
  };

  const columns: TableColumnsType<TicketSummary> = [
    {
      title: t('tickets.fields.number'),
      dataIndex: 'number',
      width: 120,
      fixed: 'left',
      render: (number: string, ticket) => (
        <Link to={`/tickets/${ticket.number}`} onClick={(event) => event.stopPropagation()}>
          {number}
        </Link>
      ),
    },
    {
      title: t('tickets.fields.title'),
      dataIndex: 'title',
      width: 280,
      render: (title: string, ticket) => (
        <Flex vertical gap={2}>
          <Typography.Text ellipsis={{ tooltip: title }} style={{ maxWidth: 264 }} strong>
            {title}
          </Typography.Text>
          {(ticket.tags.length > 0 || ticket.emotion !== 'normal') && (
            <Flex gap={2} wrap>
              <EmotionTag emotion={ticket.emotion} hideNormal />
              {ticket.tags.slice(0, 3).map((tag) => (
                <Tag key={tag} bordered={false} style={{ fontSize: 11 }}>
                  {tag}
                </Tag>
              ))}
            </Flex>
          )}
        </Flex>
      ),
    },
    {
      title: t('tickets.fields.status'),
      dataIndex: 'status',
      width: 110,
      render: (_, ticket) => <StatusTag status={ticket.status} subStatus={ticket.subStatus} />,
    },
    {
      title: t('tickets.fields.priority'),
      dataIndex: 'priority',
      width: 80,
      render: (priority: string) => <PriorityTag priority={priority} />,
    },
    {
      title: t('tickets.fields.sla'),
      key: 'sla',
      width: 150,
      render: (_, ticket) => <SlaBadge sla={ticket.sla} isOverdue={ticket.isOverdue} />,
    },
    {
      title: t('tickets.fields.category'),
      key: 'category',
      width: 140,
      render: (_, ticket) => (ticket.category ? localized(ticket.category) : '—'),
    },
    {
      title: t('tickets.fields.customer'),
      key: 'customer',
      width: 170,
      render: (_, ticket) =>
        ticket.customer ? (
          <Space size={4}>
            <span>{ticket.customer.companyName ?? ticket.customer.name}</span>
            <VipTag tier={ticket.customer.tier} />
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('tickets.fields.owner'),
      key: 'owner',
      width: 120,
      render: (_, ticket) =>
        ticket.owner ? (
          <Space size={4}>
            <span>{ticket.owner.displayName}</span>
            {ticket.assignmentState === 'pending' && (
              <Tooltip title={t('tickets.assignment.pending')}>
                <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                  {t('tickets.assignment.pendingShort')}
                </Tag>
              </Tooltip>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('tickets.unassigned')}</Typography.Text>
        ),
    },
    {
      title: t('tickets.fields.group'),
      key: 'group',
      width: 130,
      render: (_, ticket) => ticket.group?.name ?? '—',
    },
    {
      title: t('tickets.fields.receivedAt'),
      dataIndex: 'receivedAt',
      width: 140,
      render: formatDateTime,
    },
  ];

  const viewTitle = savedViewId ? t('tickets.views.custom') : t(`tickets.views.${filters.view ?? 'all'}`);

  return (
    <>
      <PageHeader
        title={t('tickets.title')}
        extra={
          <Space>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void tickets.refetch()}
              loading={tickets.isRefetching && !tickets.isFetchingNextPage}
            >
              {t('tickets.refresh')}
            </Button>
            {can('tickets.create') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/tickets/new')}
                data-testid="new-ticket"
              >
                {t('tickets.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Flex gap={16} align="flex-start">
        <div style={{ width: 220, flex: 'none' }}>
          <ViewsMenu filters={filters} savedViewId={savedViewId} onSelect={apply} />
        </div>
        <Flex vertical gap={12} style={{ flex: 1, minWidth: 0 }}>
          <Card size="small">
            <Flex vertical gap={8}>
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text strong>{viewTitle}</Typography.Text>
                <Button
                  size="small"
                  icon={<SaveOutlined />}
                  onClick={() => setSaving(true)}
                  data-testid="save-view"
                >
                  {t('tickets.views.save')}
                </Button>
              </Flex>
              <InboxFilters filters={filters} onChange={(next) => apply(next)} />
            </Flex>
          </Card>
          {selected.length > 0 && (
            <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
              <BulkActions
                ids={selected}
                numberOf={(id) => items.find((item) => item.id === id)?.number ?? id}
                onDone={() => setSelected([])}
              />
            </Card>
          )}
          <Table<TicketSummary>
            rowKey="id"
            size="middle"
            data-testid="tickets-table"
            columns={columns}
            dataSource={items}
            loading={tickets.isFetching && !tickets.isFetchingNextPage}
            pagination={false}
            scroll={{ x: 1310 }}
            rowSelection={
              can('tickets.update')
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys as string[]),
                    columnWidth: 40,
                  }
                : undefined
            }
            onRow={(ticket) => ({
              onClick: (event) => {
                const target = event.target as HTMLElement;
                if (target.closest('.ant-table-selection-column, a, button')) return;
                navigate(`/tickets/${ticket.number}`);
              },
              style: { cursor: 'pointer' },
            })}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={filters.q ? t('tickets.emptySearch', { q: filters.q }) : t('tickets.empty')}
                />
              ),
            }}
          />
          <Flex justify="center">
            {tickets.hasNextPage ? (
              <Button
                onClick={() => void tickets.fetchNextPage()}
                loading={tickets.isFetchingNextPage}
                data-testid="load-more"
              >
                {t('tickets.loadMore')}
              </Button>
            ) : (
              items.length > 0 && (
                <Typography.Text type="secondary">
                  {t('tickets.allLoaded', { count: items.length })}
                </Typography.Text>
              )
            )}
          </Flex>
        </Flex>
      </Flex>
      {saving && <SaveViewModal filters={filters} onClose={() => setSaving(false)} />}
    </>
  );
}
