import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Empty,
  Popconfirm,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHasPermission } from '../auth/session';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { calendarKeys, calendarsApi, useCalendar, useCalendars } from './api';
import { CalendarSettingsForm } from './CalendarSettingsForm';
import { CreateCalendarModal } from './CreateCalendarModal';
import { MonthView } from './MonthView';
import { TryItPanel } from './TryItPanel';
import type { BusinessCalendar } from './types';

/**
 * Settings › Business calendars (R5.2): working hours per weekday and time zone, the State Council
 * holidays and make-up days, the calendar's own days in a month view, and a "try it" box for due times.
 */
export default function CalendarsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const canManage = useHasPermission()('settings.manage');
  const calendars = useCalendars();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const items = calendars.data?.items ?? [];
  const currentId = selectedId && items.some((item) => item.id === selectedId) ? selectedId : items[0]?.id;
  const detail = useCalendar(currentId);

  const refresh = () => queryClient.invalidateQueries({ queryKey: calendarKeys.all });

  const makeDefault = useMutation({
    mutationFn: (calendar: BusinessCalendar) => calendarsApi.update(calendar.id, { isDefault: true }),
    onSuccess: async () => {
      await refresh();
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error),
  });

  const remove = useMutation({
    mutationFn: (calendar: BusinessCalendar) => calendarsApi.remove(calendar.id),
    onSuccess: async () => {
      setSelectedId(null);
      await refresh();
      void message.success(t('common.deleted'));
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<BusinessCalendar> = [
    {
      title: t('calendars.name'),
      dataIndex: 'name',
      render: (name: string, calendar) => (
        <Space size={4} wrap>
          <Typography.Text strong={calendar.id === currentId}>{name}</Typography.Text>
          {calendar.isDefault && <Tag color="green">{t('calendars.default')}</Tag>}
          {calendar.is24x7 && <Tag color="purple">7×24</Tag>}
        </Space>
      ),
    },
    {
      title: t('calendars.key'),
      dataIndex: 'key',
      render: (key: string) => <Typography.Text code>{key}</Typography.Text>,
    },
    { title: t('calendars.timeZone'), dataIndex: 'timeZone' },
    {
      title: t('calendars.usesChinaHolidays'),
      key: 'usesChinaHolidays',
      render: (_, calendar) => (calendar.usesChinaHolidays && !calendar.is24x7 ? t('calendars.yes') : '—'),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, calendar: BusinessCalendar) => (
              <Space size={0} onClick={(event) => event.stopPropagation()}>
                <Button
                  type="link"
                  size="small"
                  disabled={calendar.isDefault}
                  loading={makeDefault.isPending && makeDefault.variables?.id === calendar.id}
                  onClick={() => makeDefault.mutate(calendar)}
                >
                  {t('calendars.makeDefault')}
                </Button>
                <Popconfirm
                  title={t('calendars.deleteConfirm', { name: calendar.name })}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove.mutate(calendar)}
                  disabled={calendar.isDefault}
                >
                  <Button type="link" size="small" danger disabled={calendar.isDefault}>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const calendar = detail.data;
  return (
    <>
      <PageHeader
        title={t('calendars.title')}
        extra={
          canManage && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('calendars.create')}
            </Button>
          )
        }
      />
      <Table<BusinessCalendar>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={calendars.isFetching}
        pagination={false}
        size="small"
        scroll={{ x: 'max-content' }}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: currentId ? [currentId] : [],
          onChange: (keys) => setSelectedId(String(keys[0])),
        }}
        onRow={(row) => ({ onClick: () => setSelectedId(row.id), style: { cursor: 'pointer' } })}
        data-testid="calendars-table"
      />
      <Card style={{ marginTop: 16 }} title={calendar?.name} size="small">
        {!currentId ? (
          <Empty />
        ) : !calendar ? (
          <Spin />
        ) : (
          <Tabs
            key={calendar.id}
            items={[
              {
                key: 'month',
                label: t('calendars.tabs.month'),
                children: <MonthView calendar={calendar} canManage={canManage} />,
              },
              {
                key: 'settings',
                label: t('calendars.tabs.settings'),
                children: <CalendarSettingsForm calendar={calendar} canManage={canManage} />,
              },
              ...(canManage
                ? [
                    {
                      key: 'try',
                      label: t('calendars.tabs.tryIt'),
                      children: <TryItPanel calendar={calendar} />,
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {creating && (
        <CreateCalendarModal
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setSelectedId(created.id);
          }}
        />
      )}
    </>
  );
}
