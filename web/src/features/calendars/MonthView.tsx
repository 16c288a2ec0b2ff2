import { Alert, Calendar, Flex, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCalendarMonth } from './api';
import { DayModal, useDayName } from './DayModal';
import type { CalendarDetail, MonthDay } from './types';

/** A make-up day: worked on a weekend (调休, marked 班). */
const isMakeUp = (day: MonthDay) => day.kind === 'workday' && (day.weekday === 0 || day.weekday === 6);

function DayCell({ day }: { day: MonthDay | undefined }) {
  const { t } = useTranslation();
  const nameOf = useDayName();
  if (!day) return null;
  const name = nameOf(day);
  return (
    <Flex vertical gap={2} align="flex-start" data-testid={`calendar-day-${day.date}`}>
      {day.kind === 'holiday' && (
        <Tag color="red" style={{ marginInlineEnd: 0 }}>
          {t('calendars.month.holidayMark')} {name ?? ''}
        </Tag>
      )}
      {day.kind === 'workday' && (
        <Tag color={isMakeUp(day) ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
          {isMakeUp(day) ? t('calendars.month.makeUpMark') : t('calendars.month.workdayMark')} {name ?? ''}
        </Tag>
      )}
      {day.kind === null && !day.isWorkingDay && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('calendars.status.rest')}
        </Typography.Text>
      )}
      {day.source === 'custom' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('calendars.status.custom')}
        </Typography.Text>
      )}
      {day.isWorkingDay && day.source === 'custom' && (
        <Typography.Text style={{ fontSize: 12 }}>
          {day.intervals.map((interval) => `${interval.start}–${interval.end}`).join(' ')}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The month view: working days, holidays (red, named), make-up days (班); a click edits the calendar's own day. */
export function MonthView({ calendar, canManage }: { calendar: CalendarDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<Dayjs>(() => dayjs());
  const [editing, setEditing] = useState<MonthDay | null>(null);
  const month = value.format('YYYY-MM');
  const view = useCalendarMonth(calendar.id, month);
  const byDate = useMemo(() => new Map((view.data?.days ?? []).map((day) => [day.date, day])), [view.data]);
  const editable = canManage && !calendar.is24x7;
  const coverage = calendar.chinaHolidayCoverage;

  return (
    <Spin spinning={view.isFetching}>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
        <Tag color="red">
          {t('calendars.month.holidayMark')} {t('calendars.month.legendHoliday')}
        </Tag>
        <Tag color="blue">
          {t('calendars.month.makeUpMark')} {t('calendars.month.legendMakeUp')}
        </Tag>
        <Typography.Text type="secondary">
          {calendar.is24x7
            ? t('calendars.month.alwaysOpen')
            : editable
              ? t('calendars.month.clickHint')
              : null}
        </Typography.Text>
      </Flex>
      {view.data && calendar.usesChinaHolidays && !calendar.is24x7 && !view.data.chinaScheduleKnown && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('calendars.month.unknownYear', {
            year: value.year(),
            first: coverage?.firstYear ?? '—',
            last: coverage?.lastYear ?? '—',
          })}
        />
      )}
      <Calendar
        value={value}
        onPanelChange={(date) => setValue(date)}
        onSelect={(date, { source }) => {
          setValue(date);
          const day = byDate.get(date.format('YYYY-MM-DD'));
          if (source === 'date' && editable && day) setEditing(day);
        }}
        cellRender={(date, info) =>
          info.type === 'date' ? <DayCell day={byDate.get(date.format('YYYY-MM-DD'))} /> : info.originNode
        }
      />
      {editing && <DayModal calendar={calendar} day={editing} onClose={() => setEditing(null)} />}
    </Spin>
  );
}
