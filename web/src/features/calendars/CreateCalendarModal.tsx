import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { calendarKeys, calendarsApi } from './api';
import { useTimeZoneOptions } from './CalendarSettingsForm';
import type { CalendarDetail } from './types';

type Values = { key: string; name: string; timeZone: string; is24x7: boolean; usesChinaHolidays: boolean };

/** A new calendar: Monday–Friday 09:00–12:00 and 13:30–18:00 (or all day when 7×24), editable afterwards. */
export function CreateCalendarModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (calendar: CalendarDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const timeZones = useTimeZoneOptions();
  const is24x7 = Form.useWatch('is24x7', form);

  const create = useMutation({
    mutationFn: (values: Values) =>
      calendarsApi.create({ ...values, usesChinaHolidays: values.is24x7 ? false : values.usesChinaHolidays }),
    onSuccess: async (calendar) => {
      await queryClient.invalidateQueries({ queryKey: calendarKeys.all });
      void message.success(t('calendars.created'));
      onCreated(calendar);
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('calendars.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ timeZone: 'Asia/Shanghai', is24x7: false, usesChinaHolidays: true }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item
          name="key"
          label={t('calendars.key')}
          extra={t('calendars.keyHelp')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('calendars.keyHelp') }]}
        >
          <Input placeholder="field_service" />
        </Form.Item>
        <Form.Item name="name" label={t('calendars.name')} rules={[{ required: true, max: 80 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="timeZone" label={t('calendars.timeZone')} rules={[{ required: true }]}>
          <Select showSearch options={timeZones} />
        </Form.Item>
        <Form.Item
          name="is24x7"
          label={t('calendars.is24x7')}
          extra={t('calendars.is24x7Help')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <Form.Item name="usesChinaHolidays" label={t('calendars.usesChinaHolidays')} valuePropName="checked">
          <Switch disabled={is24x7} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
