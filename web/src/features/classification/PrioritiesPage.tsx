import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Switch, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHasPermission } from '../auth/session';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { classificationApi } from './api';
import { classificationKeys, usePriorities } from './queries';
import type { Priority } from './types';

const RANK_COLOURS = ['red', 'orange', 'blue', 'default'];

type Values = { name: string; nameEn?: string; description?: string };

function PriorityFormModal({ priority, onClose }: { priority: Priority; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();

  const save = useMutation({
    mutationFn: (values: Values) =>
      classificationApi.priorities.update(priority.code, {
        name: values.name,
        nameEn: values.nameEn ?? '',
        description: values.description ?? '',
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: classificationKeys.priorities });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('classification.priorities.edit', { code: priority.code })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={priority}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('classification.priorities.name')}
          rules={[{ required: true, max: 40 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('classification.priorities.nameEn')} rules={[{ max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('classification.priorities.description')}
          rules={[{ max: 500 }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Settings › Priorities (R2.2): names and descriptions of P1… and which are in use. */
export default function PrioritiesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const canManage = useHasPermission()('settings.manage');
  const priorities = usePriorities();
  const [editing, setEditing] = useState<Priority | null>(null);

  const toggle = useMutation({
    mutationFn: (priority: Priority) =>
      classificationApi.priorities.update(priority.code, { isActive: !priority.isActive }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: classificationKeys.priorities });
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<Priority> = [
    {
      title: t('classification.priorities.code'),
      dataIndex: 'code',
      render: (code: string, priority) => (
        <Tag color={RANK_COLOURS[priority.rank - 1] ?? 'default'}>{code}</Tag>
      ),
    },
    { title: t('classification.priorities.name'), dataIndex: 'name' },
    { title: t('classification.priorities.nameEn'), dataIndex: 'nameEn' },
    { title: t('classification.priorities.description'), dataIndex: 'description' },
    {
      title: t('classification.priorities.active'),
      key: 'isActive',
      render: (_, priority) => (
        <Switch
          size="small"
          checked={priority.isActive}
          disabled={!canManage}
          loading={toggle.isPending && toggle.variables?.code === priority.code}
          onChange={() => toggle.mutate(priority)}
          aria-label={t('classification.priorities.active')}
        />
      ),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, priority: Priority) => (
              <Button type="link" size="small" onClick={() => setEditing(priority)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader title={t('classification.nav.priorities')} />
      <Table<Priority>
        rowKey="code"
        columns={columns}
        dataSource={priorities.data?.items ?? []}
        loading={priorities.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      {editing && <PriorityFormModal priority={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
