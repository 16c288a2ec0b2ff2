import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHasPermission } from '../auth/session';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { routingApi, routingKeys } from './api';
import { SkillsModal } from './SkillsModal';
import { type GroupRouting, type MemberRouting, ROUTING_STRATEGIES, type RoutingStrategy } from './types';

function GroupCard({
  group,
  canManage,
  onEditSkills,
}: {
  group: GroupRouting;
  canManage: boolean;
  onEditSkills: (member: MemberRouting) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();

  const setStrategy = useMutation({
    mutationFn: (strategy: RoutingStrategy) => routingApi.setStrategy(group.id, strategy),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: routingKeys.overview });
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error),
  });

  const setAccepts = useMutation({
    mutationFn: (member: MemberRouting) =>
      routingApi.updateUser(member.userId, { acceptsAssignments: !member.acceptsAssignments }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: routingKeys.overview });
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<MemberRouting> = [
    {
      title: t('routing.member'),
      key: 'member',
      render: (_, member) => (
        <Space size={4} wrap>
          <Typography.Text type={member.isActive ? undefined : 'secondary'}>
            {member.displayName} ({member.username})
          </Typography.Text>
          {!member.isActive && <Tag>{t('routing.disabledUser')}</Tag>}
          {group.lead?.id === member.userId && <Tag color="gold">{t('routing.lead')}</Tag>}
          {group.lastAssignedUserId === member.userId && <Tag color="cyan">{t('routing.lastAssigned')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('routing.openCount'),
      dataIndex: 'openCount',
      align: 'right',
      onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
    },
    {
      title: t('routing.productLines'),
      key: 'productLines',
      render: (_, member) => member.productLines.map((line) => <Tag key={line}>{line}</Tag>),
    },
    {
      title: t('routing.regions'),
      key: 'regions',
      render: (_, member) => member.regions.map((region) => <Tag key={region}>{region}</Tag>),
    },
    {
      title: t('routing.acceptsAssignments'),
      key: 'accepts',
      render: (_, member) => (
        <Switch
          size="small"
          checked={member.acceptsAssignments}
          disabled={!canManage}
          loading={setAccepts.isPending && setAccepts.variables?.userId === member.userId}
          onChange={() => setAccepts.mutate(member)}
          aria-label={t('routing.acceptsAssignments')}
        />
      ),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, member: MemberRouting) => (
              <Button type="link" size="small" onClick={() => onEditSkills(member)}>
                {t('routing.editSkills')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      data-testid={`routing-group-${group.key}`}
      title={
        <Space size={8} wrap>
          <span>{group.name}</span>
          {group.kind === 'department' && <Tag color="blue">{t('routing.department')}</Tag>}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('routing.leadLabel', { name: group.lead?.displayName ?? '—' })}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space size={8}>
          <Typography.Text type="secondary">{t('routing.strategyLabel')}</Typography.Text>
          <Select<RoutingStrategy>
            size="small"
            style={{ minWidth: 160 }}
            value={group.routingStrategy}
            disabled={!canManage}
            loading={setStrategy.isPending}
            onChange={(strategy) => setStrategy.mutate(strategy)}
            options={ROUTING_STRATEGIES.map((strategy) => ({
              value: strategy,
              label: t(`routing.strategies.${strategy}`),
            }))}
            aria-label={t('routing.strategyLabel')}
          />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t(`routing.strategyHelp.${group.routingStrategy}`)}
      </Typography.Paragraph>
      {group.members.length === 0 ? (
        <Typography.Text type="secondary">{t('routing.noMembers')}</Typography.Text>
      ) : (
        <Table<MemberRouting>
          rowKey="userId"
          size="small"
          columns={columns}
          dataSource={group.members}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Card>
  );
}

/** Settings › Routing (R3.2): each group's strategy, its members' open load, skills and availability. */
export default function RoutingPage() {
  const { t } = useTranslation();
  const canManage = useHasPermission()('groups.manage');
  const overview = useQuery({ queryKey: routingKeys.overview, queryFn: routingApi.overview });
  const [editing, setEditing] = useState<MemberRouting | null>(null);

  // Groups first (they receive tickets), then departments; each by name.
  const groups = [...(overview.data?.groups ?? [])].sort((a, b) =>
    a.kind === b.kind ? a.name.localeCompare(b.name, 'zh-CN') : a.kind === 'group' ? -1 : 1,
  );

  return (
    <>
      <PageHeader title={t('routing.title')} />
      <Typography.Paragraph type="secondary">{t('routing.help')}</Typography.Paragraph>
      {overview.isPending ? (
        <Spin />
      ) : groups.length === 0 ? (
        <Empty description={t('routing.noGroups')} />
      ) : (
        <Flex vertical gap={16}>
          {groups.map((group) => (
            <GroupCard key={group.id} group={group} canManage={canManage} onEditSkills={setEditing} />
          ))}
        </Flex>
      )}
      {editing && <SkillsModal member={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
