import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, type FormRule, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkingInterval } from './types';

const TIME_OF_DAY = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Weekdays in the order a Chinese week is read: Monday first. */
export const WEEKDAY_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export const formatIntervals = (intervals: readonly WorkingInterval[]) =>
  intervals.map((interval) => `${interval.start}–${interval.end}`).join('，');

/** The hours a make-up day without its own gets: the first worked weekday from Monday on (as the server). */
export function defaultWorkdayHours(weeklyHours: WorkingInterval[][]): WorkingInterval[] {
  for (const weekday of WEEKDAY_ORDER) {
    const hours = weeklyHours[weekday] ?? [];
    if (hours.length > 0) return hours;
  }
  return [];
}

function IntervalInput({
  value,
  onChange,
  disabled,
}: {
  value?: WorkingInterval;
  onChange?: (value: WorkingInterval) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const current = value ?? { start: '', end: '' };
  return (
    <Flex align="center" gap={4}>
      <Input
        size="small"
        style={{ width: 68 }}
        placeholder="09:00"
        value={current.start}
        disabled={disabled}
        aria-label={t('calendars.hours.start')}
        onChange={(event) => onChange?.({ ...current, start: event.target.value.trim() })}
      />
      <Typography.Text type="secondary">–</Typography.Text>
      <Input
        size="small"
        style={{ width: 68 }}
        placeholder="18:00"
        value={current.end}
        disabled={disabled}
        aria-label={t('calendars.hours.end')}
        onChange={(event) => onChange?.({ ...current, end: event.target.value.trim() })}
      />
    </Flex>
  );
}

/** An editable list of a day's working intervals, at the form path `name`. */
export function HoursList({ name, disabled }: { name: (string | number)[]; disabled?: boolean }) {
  const { t } = useTranslation();
  const intervalRule: FormRule = {
    validator: (_rule, value?: WorkingInterval) => {
      if (
        !value ||
        !TIME_OF_DAY.test(value.start) ||
        !TIME_OF_DAY.test(value.end) ||
        value.start === '24:00'
      ) {
        return Promise.reject(new Error(t('calendars.hours.invalid')));
      }
      if (value.end <= value.start) return Promise.reject(new Error(t('calendars.hours.endBeforeStart')));
      return Promise.resolve();
    },
  };
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Flex wrap gap={8} align="flex-start">
          {fields.length === 0 && (
            <Typography.Text type="secondary" style={{ lineHeight: '24px' }}>
              {t('calendars.hours.rest')}
            </Typography.Text>
          )}
          {fields.map((field) => (
            <Flex key={field.key} gap={2} align="flex-start">
              <Form.Item name={field.name} rules={[intervalRule]} style={{ marginBottom: 0 }}>
                <IntervalInput disabled={disabled} />
              </Form.Item>
              {!disabled && (
                <Button
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('calendars.hours.remove')}
                  onClick={() => remove(field.name)}
                />
              )}
            </Flex>
          ))}
          {!disabled && fields.length < 12 && (
            <Button
              size="small"
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ start: '', end: '' })}
            >
              {t('calendars.hours.add')}
            </Button>
          )}
        </Flex>
      )}
    </Form.List>
  );
}
