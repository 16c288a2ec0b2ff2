import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Input, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { User, UserQuery, UserStatus } from '../../../api/types';
import { useShowError } from '../../common/errors';
import { formatDateTime } from '../../common/format';
import { PageHeader } from '../../common/PageHeader';
import { AgentCsatCell, useAgentCsat } from '../../surveys/AgentCsat';
import { useRoles, useUsers } from '../queries';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormModal } from './UserFormModal';
import { UserStatusTag } from './UserStatusTag';

const STATUSES: UserStatus[] = ['active', 'disabled', 'locked'];

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | null;

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const [query, setQuery] = useState<UserQuery>({});
  const [dialog, setDialog] = useState<Dialog>(null);
  const users = useUsers(query);
  const roles = useRoles();

  const unlock = useMutation({
    mutationFn: (user: User) => api.users.unlock(user.id),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      void message.success(t('users.unlocked', { name: user.username }));
    },
    onError: (error) => showError(error),
  });

  const agentCsat = useAgentCsat();
  const columns: TableColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username' },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    { title: t('users.role'), key: 'role', render: (_, user) => user.role.name },
    {
      title: t('users.groups'),
      key: 'groups',
      render: (_, user) => user.groups.map((group) => <Tag key={group.id}>{group.name}</Tag>),
    },
    { title: t('users.statusLabel'), key: 'status', render: (_, user) => <UserStatusTag user={user} /> },
    { title: t('users.lastSignIn'), dataIndex: 'lastSignInAt', render: formatDateTime },
    ...(agentCsat
      ? [
          {
            title: t('surveys.agent.column'),
            key: 'csat',
            render: (_: unknown, user: User) => <AgentCsatCell figures={agentCsat(user.id)} />,
          },
        ]
      : []),
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, user) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user })}>
            {t('common.edit')}
          </Button>
          {user.isLocked && (
            <Button type="link" size="small" loading={unlock.isPending} onClick={() => unlock.mutate(user)}>
              {t('users.unlock')}
            </Button>
          )}
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', user })}>
            {t('users.resetPassword')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('settings.nav.users')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ kind: 'create' })}
            data-testid="create-user"
          >
            {t('users.create')}
          </Button>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('users.searchPlaceholder')}
          onSearch={(q) => setQuery((current) => ({ ...current, q: q || undefined }))}
          style={{ width: 260 }}
        />
        <Select
          allowClear
          placeholder={t('users.filterRole')}
          style={{ width: 180 }}
          loading={roles.isPending}
          options={roles.data?.items.map((role) => ({ value: role.id, label: role.name }))}
          onChange={(roleId?: string) => setQuery((current) => ({ ...current, roleId }))}
        />
        <Select
          allowClear
          placeholder={t('users.filterStatus')}
          style={{ width: 140 }}
          options={STATUSES.map((status) => ({ value: status, label: t(`users.status.${status}`) }))}
          onChange={(status?: UserStatus) => setQuery((current) => ({ ...current, status }))}
        />
      </Flex>
      <Table<User>
        rowKey="id"
        data-testid="users-table"
        columns={columns}
        dataSource={users.data?.items}
        loading={users.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
      {dialog?.kind === 'create' && <UserFormModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <UserFormModal user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'password' && (
        <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
