import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { CsatQuery, CsatReport, FollowUp, FollowUpInput, Survey, SurveySettings } from './types';

export const surveysApi = {
  settings: {
    get: () => request<SurveySettings>('GET', '/survey-settings'),
    update: (settings: SurveySettings) =>
      request<SurveySettings>('PUT', '/survey-settings', { body: settings }),
  },
  ofTicket: (ticketId: string) => request<{ survey: Survey | null }>('GET', `/tickets/${ticketId}/survey`),
  list: (query: { customerId?: string; agentId?: string; limit?: number }) =>
    request<{ items: Survey[] }>('GET', '/surveys', { query }),
  followUps: {
    list: (query: { status?: 'open' | 'done'; assignee?: 'me' }) =>
      request<{ items: FollowUp[]; causeTags: string[] }>('GET', '/survey-follow-ups', { query }),
    update: (id: string, input: FollowUpInput) =>
      request<FollowUp>('PATCH', `/survey-follow-ups/${id}`, { body: input }),
  },
  csat: (query: CsatQuery) => request<CsatReport>('GET', '/reports/csat', { query }),
};

export const surveyKeys = {
  all: ['surveys'] as const,
  settings: ['surveys', 'settings'] as const,
  ofTicket: (ticketId: string, status: string) => ['surveys', 'ticket', ticketId, status] as const,
  list: (query: object) => ['surveys', 'list', query] as const,
  followUps: (query: object) => ['surveys', 'follow-ups', query] as const,
  csat: (query: CsatQuery) => ['surveys', 'csat', query] as const,
};

export function useSurveySettings() {
  return useQuery({ queryKey: surveyKeys.settings, queryFn: surveysApi.settings.get });
}

/** Keyed by the ticket's status too, so closing or reopening the ticket reads its survey again. */
export function useTicketSurvey(ticketId: string, status: string) {
  return useQuery({
    queryKey: surveyKeys.ofTicket(ticketId, status),
    queryFn: () => surveysApi.ofTicket(ticketId),
  });
}

export function useSurveys(query: { customerId?: string; agentId?: string; limit?: number }) {
  return useQuery({ queryKey: surveyKeys.list(query), queryFn: () => surveysApi.list(query) });
}

export function useFollowUps(query: { status?: 'open' | 'done'; assignee?: 'me' }) {
  return useQuery({ queryKey: surveyKeys.followUps(query), queryFn: () => surveysApi.followUps.list(query) });
}

export function useCsat(query: CsatQuery, enabled = true) {
  return useQuery({
    queryKey: surveyKeys.csat(query),
    queryFn: () => surveysApi.csat(query),
    placeholderData: (previous) => previous,
    enabled,
  });
}
