import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { List } from '../../api/types';
import type { ConnectionTestInput, ConnectionTestResult, Mailbox, MailboxInput, MailMessage } from './types';

export const mailboxApi = {
  list: () => request<List<Mailbox>>('GET', '/mailboxes'),
  create: (input: MailboxInput) => request<Mailbox>('POST', '/mailboxes', { body: input }),
  update: (id: string, input: Partial<MailboxInput>) =>
    request<Mailbox>('PATCH', `/mailboxes/${id}`, { body: input }),
  remove: (id: string) => request<void>('DELETE', `/mailboxes/${id}`),
  testConnection: (input: ConnectionTestInput) =>
    request<ConnectionTestResult>('POST', '/mailboxes/connection-test', { body: input }),
  fetchNow: (id: string) => request<{ queued: true }>('POST', `/mailboxes/${id}/fetch`),
  messages: (id: string) =>
    request<List<MailMessage>>('GET', `/mailboxes/${id}/messages`, { query: { limit: 50 } }),
};

export const mailboxKeys = {
  all: ['mailboxes'] as const,
  messages: (id: string) => ['mailboxes', id, 'messages'] as const,
};

/** The mailboxes with their status; refreshed while the page is open, so new polls show up. */
export function useMailboxes() {
  return useQuery({ queryKey: mailboxKeys.all, queryFn: mailboxApi.list, refetchInterval: 30_000 });
}

export function useMailboxMessages(id: string) {
  return useQuery({ queryKey: mailboxKeys.messages(id), queryFn: () => mailboxApi.messages(id) });
}
