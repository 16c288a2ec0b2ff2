import { useMutation } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Switch, type TableColumnType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from './errors';

/** What a settings table needs to know of a mutation that acts on one of its rows. */
export type RowMutation<Row> = {
  isPending: boolean;
  variables?: Row | undefined;
  mutate: (row: Row) => void;
};

/** Whether the mutation is running for this very row (so only its button or switch spins). */
export function isPendingFor<Row extends { id: string }>(mutation: RowMutation<Row>, row: Row): boolean {
  return mutation.isPending && mutation.variables?.id === row.id;
}

/**
 * A change to one row of a settings list: on success the list is reloaded and `done` is shown,
 * on failure the server's problem is shown.
 */
export function useRowMutation<Row, Result>(
  mutationFn: (row: Row) => Promise<Result>,
  { refresh, done }: { refresh: () => Promise<unknown>; done: string },
) {
  const { message } = App.useApp();
  const showError = useShowError();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await refresh();
      void message.success(done);
    },
    onError: (error) => showError(error),
  });
}

/** The on/off column of a settings table: a small switch that flips the row through `toggle`. */
export function switchColumn<Row extends { id: string }>({
  title,
  key,
  checked,
  toggle,
  disabled,
  width,
  testId,
}: {
  /** The column title, also the switch's accessible name. */
  title: string;
  key: string;
  checked: (row: Row) => boolean;
  toggle: RowMutation<Row>;
  disabled?: boolean;
  width?: number;
  testId?: (row: Row) => string;
}): TableColumnType<Row> {
  return {
    title,
    key,
    width,
    render: (_, row) => (
      <Switch
        size="small"
        checked={checked(row)}
        disabled={disabled}
        loading={isPendingFor(toggle, row)}
        onChange={() => toggle.mutate(row)}
        aria-label={title}
        data-testid={testId?.(row)}
      />
    ),
  };
}

/** A danger "Delete" link that asks first. */
export function DeleteLink({
  confirm,
  hint,
  onConfirm,
}: {
  /** The question, naming what goes. */
  confirm: string;
  /** What deleting it means, under the question. */
  hint?: string;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Popconfirm
      title={confirm}
      description={hint}
      okText={t('common.delete')}
      cancelText={t('common.cancel')}
      onConfirm={onConfirm}
    >
      <Button type="link" size="small" danger>
        {t('common.delete')}
      </Button>
    </Popconfirm>
  );
}

/** A small link button for a row action. */
export function RowLink({
  onClick,
  loading,
  disabled,
  testId,
  children,
}: {
  onClick: () => void;
  loading?: boolean;
  disabled?: boolean;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Button
      type="link"
      size="small"
      disabled={disabled}
      loading={loading}
      onClick={onClick}
      data-testid={testId}
    >
      {children}
    </Button>
  );
}

/**
 * The actions cell of a settings table: `leading` controls, Edit, the row's own actions (`children`),
 * then Delete behind a confirmation.
 */
export function RowActions({
  onEdit,
  editTestId,
  deleteConfirm,
  deleteHint,
  onDelete,
  leading,
  children,
  wrap,
}: {
  onEdit: () => void;
  editTestId?: string;
  deleteConfirm: string;
  deleteHint?: string;
  onDelete: () => void;
  leading?: ReactNode;
  children?: ReactNode;
  wrap?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Space size={0} wrap={wrap}>
      {leading}
      <RowLink onClick={onEdit} testId={editTestId}>
        {t('common.edit')}
      </RowLink>
      {children}
      <DeleteLink confirm={deleteConfirm} hint={deleteHint} onConfirm={onDelete} />
    </Space>
  );
}
