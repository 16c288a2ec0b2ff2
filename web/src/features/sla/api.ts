import { useQuery } from '@tanstack/react-query';
import { ApiError, request } from '../../api/client';
import type { List } from '../../api/types';
import type {
  Board,
  CalendarOption,
  OverdueReason,
  SlaPolicy,
  SlaPolicyInput,
  UpdateSlaPolicyInput,
} from './types';

/** The furthest the board pages (the API's largest `offset`). */
export const BOARD_MAX_OFFSET = 10_000;

/** The last page number the board can show at this page size. */
export const lastBoardPage = (pageSize: number) => Math.floor(BOARD_MAX_OFFSET / pageSize) + 1;

export const slaApi = {
  board: (horizonMinutes: number, page: BoardPage) =>
    request<Board>('GET', '/sla/board', {
      query: { horizonMinutes, limit: page.pageSize, offset: (page.page - 1) * page.pageSize },
    }),
  policies: {
    list: () => request<List<SlaPolicy>>('GET', '/sla-policies'),
    create: (input: SlaPolicyInput) => request<SlaPolicy>('POST', '/sla-policies', { body: input }),
    update: (id: string, input: UpdateSlaPolicyInput) =>
      request<SlaPolicy>('PATCH', `/sla-policies/${id}`, { body: input }),
    remove: (id: string) => request<void>('DELETE', `/sla-policies/${id}`),
  },
  reasons: {
    list: () => request<List<OverdueReason>>('GET', '/overdue-reasons'),
    /** Adds or changes a reason; the code is both in the path and the body. */
    save: (reason: OverdueReason) =>
      request<OverdueReason>('PUT', `/overdue-reasons/${encodeURIComponent(reason.code)}`, { body: reason }),
  },
  /** Business calendars for the policy editor; null while the calendars API is not there (404). */
  calendars: async (): Promise<CalendarOption[] | null> => {
    try {
      return (await request<List<CalendarOption>>('GET', '/calendars')).items;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
};

export const slaKeys = {
  all: ['sla'] as const,
  board: (horizonMinutes: number, page: BoardPage) =>
    ['sla', 'board', horizonMinutes, page.page, page.pageSize] as const,
  policies: ['sla', 'policies'] as const,
  reasons: ['sla', 'overdue-reasons'] as const,
  calendars: ['sla', 'calendars'] as const,
};

/** How often the supervisor board asks again (R5.5: a live board). */
export const BOARD_REFRESH_MS = 15_000;

/** Which page of the board, counted from 1, and how many milestones a page holds. */
export type BoardPage = { page: number; pageSize: number };

export function useSlaBoard(horizonMinutes: number, page: BoardPage) {
  return useQuery({
    queryKey: slaKeys.board(horizonMinutes, page),
    queryFn: () => slaApi.board(horizonMinutes, page),
    refetchInterval: BOARD_REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: (previous) => previous,
  });
}

export function useSlaPolicies() {
  return useQuery({ queryKey: slaKeys.policies, queryFn: slaApi.policies.list, staleTime: 60_000 });
}

export function useOverdueReasons() {
  return useQuery({ queryKey: slaKeys.reasons, queryFn: slaApi.reasons.list, staleTime: 60_000 });
}

export function useSlaCalendars() {
  return useQuery({ queryKey: slaKeys.calendars, queryFn: slaApi.calendars, staleTime: 60_000 });
}
