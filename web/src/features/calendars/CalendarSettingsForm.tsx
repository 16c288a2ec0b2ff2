import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Form, Input, Row, Select, Switch, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { calendarKeys, calendarsApi } from './api';
import { HoursList, WEEKDAY_ORDER } from './HoursList';
import type { CalendarDetail, WorkingInterval } from './types';

type Values = {
  name: string;
  timeZone: string;
  is24x7: boolean;
  usesChinaHolidays: boolean;
  weeklyHours: WorkingInterval[][];
};

/** IANA zones for the time-zone picker; the calendar's own zone is always offered. */
export function useTimeZoneOptions(current?: string) {
  return useMemo(() => {
    const zones = new Set<string>(Intl.supportedValuesOf?.('timeZone') ?? []);
    zones.add('Asia/Shanghai');
    if (current) zones.add(current);
    return [...zones].sort().map((zone) => ({ value: zone, label: zone }));
  }, [current]);
}

/** The calendar's name, time zone, switches and hours per weekday. */
export function CalendarSettingsForm({
  calendar,
  canManage,
}: {
  calendar: CalendarDetail;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const timeZones = useTimeZoneOptions(calendar.timeZone);
  const is24x7 = Form.useWatch('is24x7', form) ?? calendar.is24x7;
  const coverage = calendar.chinaHolidayCoverage;

  const save = useMutation({
    mutationFn: (values: Values) =>
      calendarsApi.update(calendar.id, {
        name: values.name,
        timeZone: values.timeZone,
        is24x7: values.is24x7,
        usesChinaHolidays: values.usesChinaHolidays,
        weeklyHours: values.weeklyHours,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: calendarKeys.all });
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Form<Values>
      key={`${calendar.id}-${calendar.updatedAt}`}
      form={form}
      layout="vertical"
      disabled={!canManage}
      initialValues={{
        name: calendar.name,
        timeZone: calendar.timeZone,
        is24x7: calendar.is24x7,
        usesChinaHolidays: calendar.usesChinaHolidays,
        weeklyHours: calendar.weeklyHours,
      }}
      onFinish={(values) => save.mutate(values)}
      data-testid="calendar-settings"
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('calendars.name')} rules={[{ required: true, max: 80 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="timeZone" label={t('calendars.timeZone')} rules={[{ required: true }]}>
            <Select showSearch options={timeZones} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="is24x7"
            label={t('calendars.is24x7')}
            extra={t('calendars.is24x7Help')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="usesChinaHolidays"
            label={t('calendars.usesChinaHolidays')}
            extra={
              coverage
                ? t('calendars.usesChinaHolidaysHelp', { first: coverage.firstYear, last: coverage.lastYear })
                : undefined
            }
            valuePropName="checked"
          >
            <Switch disabled={!canManage || is24x7} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5}>{t('calendars.hours.label')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {is24x7 ? t('calendars.hours.alwaysOpen') : t('calendars.hours.help')}
      </Typography.Paragraph>
      {WEEKDAY_ORDER.map((weekday) => (
        <Row key={weekday} gutter={12} style={{ marginBottom: 12 }} align="top">
          <Col flex="64px">
            <Typography.Text strong style={{ lineHeight: '24px' }}>
              {t(`calendars.weekdays.${weekday}`)}
            </Typography.Text>
          </Col>
          <Col flex="auto">
            <HoursList name={['weeklyHours', weekday]} disabled={!canManage || is24x7} />
          </Col>
        </Row>
      ))}
      {canManage && (
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}
