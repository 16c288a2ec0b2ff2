import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { List } from '../../api/types';
import type {
  CreateWebhookSourceInput,
  TicketPolicy,
  UpdateWebhookSourceInput,
  WebhookSource,
  WebhookSourceWithSecret,
} from './types';

export const intakeApi = {
  sources: {
    list: () => request<List<WebhookSource>>('GET', '/webhook-sources'),
    create: (input: CreateWebhookSourceInput) =>
      request<WebhookSourceWithSecret>('POST', '/webhook-sources', { body: input }),
    /** With `rotateSecret` the answer carries the new secret, once. */
    update: (id: string, input: UpdateWebhookSourceInput) =>
      request<WebhookSource & { secret?: string }>('PATCH', `/webhook-sources/${id}`, { body: input }),
    remove: (id: string) => request<void>('DELETE', `/webhook-sources/${id}`),
  },
  ticketPolicy: {
    get: () => request<TicketPolicy>('GET', '/ticket-policy'),
    update: (policy: TicketPolicy) => request<TicketPolicy>('PUT', '/ticket-policy', { body: policy }),
  },
};

export const intakeKeys = {
  sources: ['webhook-sources'] as const,
  ticketPolicy: ['ticket-policy'] as const,
};

export function useWebhookSources() {
  return useQuery({ queryKey: intakeKeys.sources, queryFn: intakeApi.sources.list });
}

export function useTicketPolicy() {
  return useQuery({ queryKey: intakeKeys.ticketPolicy, queryFn: intakeApi.ticketPolicy.get });
}

/** The inbound URL as an integrator must call it: absolute even when the server has no public URL set. */
export function absoluteUrl(url: string): string {
  return new URL(url, window.location.origin).href;
}
