import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Group } from '../../../api/types';
import { useShowError } from '../../common/errors';
import { PageHeader } from '../../common/PageHeader';
import { keys, useGroups } from '../queries';
import { GroupFormModal } from './GroupFormModal';

type GroupNode = Group & { children?: GroupNode[] };

/** Nests groups under their parents; groups whose parent is missing stay at the top. */
function toTree(groups: Group[]): GroupNode[] {
  const nodes = new Map<string, GroupNode>(groups.map((group) => [group.id, { ...group }]));
  const roots: GroupNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children = [...(parent.children ?? []), node];
    else roots.push(node);
  }
  return roots;
}

type Dialog = { group?: Group } | null;

export default function GroupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const groups = useGroups();
  const [dialog, setDialog] = useState<Dialog>(null);

  const remove = useMutation({
    mutationFn: (group: Group) => api.groups.remove(group.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.groups });
      void message.success(t('common.deleted'));
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<GroupNode> = [
    { title: t('groups.name'), dataIndex: 'name' },
    {
      title: t('groups.kindLabel'),
      dataIndex: 'kind',
      render: (kind: Group['kind']) => (
        <Tag color={kind === 'department' ? 'blue' : 'default'}>{t(`groups.kind.${kind}`)}</Tag>
      ),
    },
    { title: t('groups.key'), dataIndex: 'key' },
    { title: t('groups.lead'), key: 'lead', render: (_, group) => group.lead?.displayName ?? '—' },
    {
      title: t('groups.members'),
      key: 'members',
      render: (_, group) => (
        <Tooltip title={group.members.map((member) => member.displayName).join('、')}>
          {t('groups.memberCount', { count: group.members.length })}
        </Tooltip>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, group) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDialog({ group })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('groups.deleteConfirm', { name: group.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove.mutate(group)}
          >
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('settings.nav.groups')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({})}>
            {t('groups.create')}
          </Button>
        }
      />
      <Table<GroupNode>
        rowKey="id"
        columns={columns}
        dataSource={toTree(groups.data?.items ?? [])}
        loading={groups.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      {dialog && <GroupFormModal group={dialog.group} onClose={() => setDialog(null)} />}
    </>
  );
}
