import { useMutation } from '@tanstack/react-query';
import { Button, DatePicker, Descriptions, Form, InputNumber, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { calendarsApi } from './api';
import type { CalendarDetail, Computation } from './types';

type Values = { start: Dayjs; minutes: number };

/** The zone's offset from UTC at `instant`, in milliseconds. */
function zoneOffset(timeZone: string, instant: number): number {
  const fields: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  for (const part of format.formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields.year!,
    fields.month! - 1,
    fields.day!,
    fields.hour!,
    fields.minute!,
    fields.second!,
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant of a wall-clock date and time read in `timeZone` (not the browser's zone). */
function wallTimeIn(timeZone: string, wall: Dayjs): string {
  const asUtc = Date.UTC(wall.year(), wall.month(), wall.date(), wall.hour(), wall.minute());
  const guess = asUtc - zoneOffset(timeZone, asUtc);
  return new Date(asUtc - zoneOffset(timeZone, guess)).toISOString();
}

/** `YYYY-MM-DD HH:mm` and the weekday of an instant in the calendar's zone. */
function useFormatInZone(timeZone: string): (iso: string) => string {
  const { i18n } = useTranslation();
  return (iso) => {
    const date = new Date(iso);
    const text = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(date);
    const weekday = new Intl.DateTimeFormat(i18n.language, { timeZone, weekday: 'short' }).format(date);
    return `${text} ${weekday}`;
  };
}

/** "Try it": the due time a number of business minutes after a start, on the saved calendar. */
export function TryItPanel({ calendar }: { calendar: CalendarDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const showError = useShowError();
  const inZone = useFormatInZone(calendar.timeZone);
  const minutes = Form.useWatch('minutes', form);

  const run = useMutation({
    mutationFn: (values: Values): Promise<Computation> =>
      calendarsApi.compute(calendar.id, wallTimeIn(calendar.timeZone, values.start), values.minutes),
    onError: (error) => showError(error, form),
  });

  const result = run.data;
  return (
    <div data-testid="calendar-try-it">
      <Typography.Paragraph type="secondary">{t('calendars.tryIt.help')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="inline"
        initialValues={{ start: dayjs().second(0).millisecond(0), minutes: 240 }}
        onFinish={(values) => run.mutate(values)}
        style={{ rowGap: 8 }}
      >
        <Form.Item
          name="start"
          label={t('calendars.tryIt.start', { timeZone: calendar.timeZone })}
          rules={[{ required: true }]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item
          name="minutes"
          label={t('calendars.tryIt.minutes')}
          rules={[{ required: true }]}
          extra={
            typeof minutes === 'number'
              ? t('calendars.tryIt.hoursHint', { hours: +(minutes / 60).toFixed(2) })
              : null
          }
        >
          <InputNumber min={0} max={525_600} precision={0} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={run.isPending}>
            {t('calendars.tryIt.submit')}
          </Button>
        </Form.Item>
      </Form>
      {result && (
        <Descriptions
          size="small"
          column={1}
          bordered
          style={{ marginTop: 16 }}
          data-testid="calendar-try-it-result"
        >
          <Descriptions.Item label={t('calendars.tryIt.due')}>
            <Space>
              <Typography.Text strong>{inZone(result.due)}</Typography.Text>
              <Typography.Text type="secondary">{calendar.timeZone}</Typography.Text>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('calendars.tryIt.check')}>
            {result.businessMinutesBetween}
          </Descriptions.Item>
          <Descriptions.Item label={t('calendars.tryIt.startIsWorkingTime')}>
            {result.startIsWorkingTime ? t('calendars.tryIt.yes') : t('calendars.tryIt.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('calendars.tryIt.nextOpening')}>
            {inZone(result.nextOpening)}
          </Descriptions.Item>
        </Descriptions>
      )}
    </div>
  );
}
