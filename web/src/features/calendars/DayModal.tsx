import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input, Modal, Radio, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { calendarKeys, calendarsApi } from './api';
import { defaultWorkdayHours, formatIntervals, HoursList } from './HoursList';
import type { CalendarDetail, DayKind, MonthDay, WorkingInterval } from './types';

type Values = { kind: DayKind; name: string; customHours: boolean; hours: WorkingInterval[] };

/** The name of a day in the UI language: the official holiday's English name in English. */
export function useDayName(): (day: MonthDay) => string | null {
  const { i18n } = useTranslation();
  return (day) => (i18n.language === 'en' && day.nameEn ? day.nameEn : day.name);
}

/** Adds, changes or removes the calendar's own day on one date (over the weekly hours and the official schedule). */
export function DayModal({
  calendar,
  day,
  onClose,
}: {
  calendar: CalendarDetail;
  day: MonthDay;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const nameOf = useDayName();
  const own = calendar.days.find((candidate) => candidate.date === day.date);
  const normalHours = defaultWorkdayHours(calendar.weeklyHours);
  const kind = Form.useWatch('kind', form);
  const customHours = Form.useWatch('customHours', form);

  const refresh = () => queryClient.invalidateQueries({ queryKey: calendarKeys.all });

  const save = useMutation({
    mutationFn: (values: Values) =>
      calendarsApi.putDay(calendar.id, day.date, {
        kind: values.kind,
        name: values.name?.trim() ?? '',
        hours: values.kind === 'workday' && values.customHours ? values.hours : null,
      }),
    onSuccess: async () => {
      await refresh();
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  const remove = useMutation({
    mutationFn: () => calendarsApi.removeDay(calendar.id, day.date),
    onSuccess: async () => {
      await refresh();
      void message.success(t('calendars.day.removed'));
      onClose();
    },
    onError: (error) => showError(error),
  });

  const name = nameOf(day);
  return (
    <Modal
      open
      title={t('calendars.day.title', { date: day.date, weekday: t(`calendars.weekdays.${day.weekday}`) })}
      onCancel={onClose}
      footer={[
        own && (
          <Button key="remove" danger loading={remove.isPending} onClick={() => remove.mutate()}>
            {t('calendars.day.remove')}
          </Button>
        ),
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="save" type="primary" loading={save.isPending} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>,
      ]}
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('calendars.day.current')}>
          {day.isWorkingDay
            ? t('calendars.status.working', { hours: formatIntervals(day.intervals) })
            : t('calendars.status.rest')}
          {name && <Tag style={{ marginInlineStart: 8 }}>{name}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('calendars.day.source')}>
          {t(`calendars.status.${day.source}`)}
        </Descriptions.Item>
      </Descriptions>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: own?.kind ?? (day.isWorkingDay ? 'holiday' : 'workday'),
          name: own?.name ?? '',
          customHours: Boolean(own?.hours),
          hours: own?.hours ?? normalHours,
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="kind" label={t('calendars.day.kind')}>
          <Radio.Group
            options={[
              { value: 'holiday', label: t('calendars.day.holiday') },
              { value: 'workday', label: t('calendars.day.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('calendars.day.name')} rules={[{ max: 40 }]}>
          <Input placeholder={t('calendars.day.namePlaceholder')} />
        </Form.Item>
        {kind === 'workday' && (
          <>
            <Form.Item
              name="customHours"
              label={t('calendars.day.customHours')}
              valuePropName="checked"
              extra={
                customHours
                  ? undefined
                  : t('calendars.day.normalHours', { hours: formatIntervals(normalHours) })
              }
            >
              <Switch />
            </Form.Item>
            {customHours && <HoursList name={['hours']} />}
          </>
        )}
      </Form>
    </Modal>
  );
}
