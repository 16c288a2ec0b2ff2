import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { List } from '../../api/types';
import type {
  BusinessCalendar,
  CalendarDay,
  CalendarDetail,
  CalendarMonth,
  Computation,
  CreateCalendarInput,
  PutDayInput,
  UpdateCalendarInput,
} from './types';

export const calendarsApi = {
  list: () => request<List<BusinessCalendar>>('GET', '/calendars'),
  get: (id: string) => request<CalendarDetail>('GET', `/calendars/${id}`),
  create: (input: CreateCalendarInput) => request<CalendarDetail>('POST', '/calendars', { body: input }),
  update: (id: string, input: UpdateCalendarInput) =>
    request<CalendarDetail>('PATCH', `/calendars/${id}`, { body: input }),
  remove: (id: string) => request<void>('DELETE', `/calendars/${id}`),
  putDay: (id: string, date: string, input: PutDayInput) =>
    request<CalendarDay>('PUT', `/calendars/${id}/days/${date}`, { body: input }),
  removeDay: (id: string, date: string) => request<void>('DELETE', `/calendars/${id}/days/${date}`),
  month: (id: string, month: string) =>
    request<CalendarMonth>('GET', `/calendars/${id}/month`, { query: { month } }),
  compute: (id: string, start: string, minutes: number) =>
    request<Computation>('POST', `/calendars/${id}/compute`, { body: { start, minutes } }),
};

export const calendarKeys = {
  all: ['calendars'] as const,
  list: ['calendars', 'list'] as const,
  detail: (id: string) => ['calendars', 'detail', id] as const,
  month: (id: string, month: string) => ['calendars', 'month', id, month] as const,
};

export function useCalendars() {
  return useQuery({ queryKey: calendarKeys.list, queryFn: calendarsApi.list });
}

export function useCalendar(id: string | undefined) {
  return useQuery({
    queryKey: calendarKeys.detail(id ?? ''),
    queryFn: () => calendarsApi.get(id!),
    enabled: Boolean(id),
  });
}

export function useCalendarMonth(id: string, month: string) {
  return useQuery({ queryKey: calendarKeys.month(id, month), queryFn: () => calendarsApi.month(id, month) });
}
