import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Table, type TableColumnsType, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { isPendingFor, RowActions, RowLink, switchColumn, useRowMutation } from '../common/adminTable';
import { useShowError } from '../common/errors';
import { notificationKeys } from './api';

/** A place staff alerts or ticket events are posted to: a group robot or an integrator's webhook endpoint. */
type Target = { id: string; name: string; isActive: boolean };

type TargetApi = {
  update: (id: string, input: { isActive: boolean }) => Promise<unknown>;
  remove: (id: string) => Promise<unknown>;
  test: (id: string) => Promise<unknown>;
};

/**
 * The columns robots and webhook endpoints end with: the on/off switch, and Edit · Test · Delete.
 * A test is queued as a delivery, so the delivery log is reloaded too.
 */
export function useTargetControlColumns<Row extends Target>({
  api,
  queryKey,
  onEdit,
  deleteConfirm,
}: {
  api: TargetApi;
  queryKey: readonly string[];
  onEdit: (row: Row) => void;
  deleteConfirm: (row: Row) => string;
}): TableColumnsType<Row> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const refresh = () => queryClient.invalidateQueries({ queryKey });

  const toggle = useRowMutation((row: Row) => api.update(row.id, { isActive: !row.isActive }), {
    refresh,
    done: t('common.saved'),
  });
  const remove = useRowMutation((row: Row) => api.remove(row.id), { refresh, done: t('common.deleted') });
  const test = useMutation({
    mutationFn: (row: Row) => api.test(row.id),
    onSuccess: () => {
      void message.success(t('notifications.testQueued'));
      void queryClient.invalidateQueries({ queryKey: notificationKeys.deliveries });
    },
    onError: (error) => showError(error),
  });

  return [
    switchColumn<Row>({
      title: t('notifications.active'),
      key: 'isActive',
      checked: (row) => row.isActive,
      toggle,
    }),
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <RowActions
          onEdit={() => onEdit(row)}
          deleteConfirm={deleteConfirm(row)}
          onDelete={() => remove.mutate(row)}
        >
          <RowLink loading={isPendingFor(test, row)} onClick={() => test.mutate(row)}>
            {t('notifications.test')}
          </RowLink>
        </RowActions>
      ),
    },
  ];
}

/** A target's name (dimmed while switched off) over the address it posts to. */
export function TargetName({ target, url }: { target: Target; url: string }) {
  return (
    <Flex vertical>
      <Typography.Text strong type={target.isActive ? undefined : 'secondary'}>
        {target.name}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
        {url}
      </Typography.Text>
    </Flex>
  );
}

/** A tab's explanation beside its create button, over the table of its targets. */
export function TargetList<Row extends Target>({
  intro,
  createLabel,
  createTestId,
  onCreate,
  rows,
  loading,
  columns,
  emptyText,
  tableTestId,
  style,
}: {
  intro: string;
  createLabel: string;
  createTestId: string;
  onCreate: () => void;
  rows: Row[];
  loading: boolean;
  columns: TableColumnsType<Row>;
  emptyText: string;
  tableTestId: string;
  style?: CSSProperties;
}) {
  return (
    <>
      <Flex justify="space-between" align="start" gap={16} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {intro}
        </Typography.Paragraph>
        <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid={createTestId}>
          {createLabel}
        </Button>
      </Flex>
      <Table<Row>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText }}
        style={style}
        data-testid={tableTestId}
      />
    </>
  );
}
