import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Role } from '../../../api/types';
import { useShowError } from '../../common/errors';
import { PageHeader } from '../../common/PageHeader';
import { keys, useRoles } from '../queries';
import { RoleDrawer } from './RoleDrawer';

type Dialog = { role?: Role } | null;

export default function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const roles = useRoles();
  const [dialog, setDialog] = useState<Dialog>(null);

  const remove = useMutation({
    mutationFn: (role: Role) => api.roles.remove(role.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.roles });
      void message.success(t('common.deleted'));
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.name'),
      dataIndex: 'name',
      render: (name: string, role) => (
        <Space>
          {name}
          {role.isSystem && <Tag>{t('roles.system')}</Tag>}
        </Space>
      ),
    },
    { title: t('roles.key'), dataIndex: 'key' },
    { title: t('roles.description'), dataIndex: 'description' },
    { title: t('roles.permissionCount'), key: 'permissions', render: (_, role) => role.permissions.length },
    { title: t('roles.userCount'), dataIndex: 'userCount' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, role) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDialog({ role })}>
            {t('common.edit')}
          </Button>
          {!role.isSystem && (
            <Popconfirm
              title={t('roles.deleteConfirm', { name: role.name })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate(role)}
            >
              <Button type="link" size="small" danger>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('settings.nav.roles')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({})}>
            {t('roles.create')}
          </Button>
        }
      />
      <Table<Role>
        rowKey="id"
        columns={columns}
        dataSource={roles.data?.items}
        loading={roles.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      {dialog && <RoleDrawer role={dialog.role} onClose={() => setDialog(null)} />}
    </>
  );
}
