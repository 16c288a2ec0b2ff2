import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { List } from '../../api/types';
import type {
  Catalogue,
  CreatedWebhookEndpoint,
  CreateEndpointInput,
  CreateRobotInput,
  Delivery,
  DeliveryPage,
  DeliveryQuery,
  GroupSubscriptions,
  InboxPage,
  MySubscriptions,
  NotificationTemplate,
  Robot,
  Subscription,
  TemplateLocale,
  TemplatePreview,
  UnreadCount,
  UpdateEndpointInput,
  UpdateRobotInput,
  WebhookEndpoint,
} from './types';

/** Where the browser listens for live notifications (Server-Sent Events, authenticated by the session cookie). */
export const STREAM_URL = '/api/v1/notifications/stream';

export const notificationsApi = {
  inbox: {
    list: (query: { unread?: boolean; cursor?: string | null; limit?: number } = {}) =>
      request<InboxPage>('GET', '/notifications/mine', {
        query: { unread: query.unread ? 'true' : undefined, cursor: query.cursor, limit: query.limit },
      }),
    unreadCount: () => request<UnreadCount>('GET', '/notifications/mine/unread-count'),
    markRead: (ids: string[]) => request<UnreadCount>('POST', '/notifications/mine/read', { body: { ids } }),
    markAllRead: () => request<UnreadCount>('POST', '/notifications/mine/read', { body: { all: true } }),
  },
  subscriptions: {
    mine: () => request<MySubscriptions>('GET', '/notifications/subscriptions/mine'),
    saveMine: (items: Subscription[]) =>
      request<MySubscriptions>('PUT', '/notifications/subscriptions/mine', { body: { items } }),
    ofGroup: (groupId: string) =>
      request<GroupSubscriptions>('GET', `/notifications/subscriptions/groups/${groupId}`),
    saveGroup: (groupId: string, templates: string[]) =>
      request<GroupSubscriptions>('PUT', `/notifications/subscriptions/groups/${groupId}`, {
        body: { templates },
      }),
  },
  catalogue: () => request<Catalogue>('GET', '/notifications/catalogue'),
  robots: {
    list: () => request<List<Robot>>('GET', '/notification-robots'),
    create: (input: CreateRobotInput) => request<Robot>('POST', '/notification-robots', { body: input }),
    update: (id: string, input: UpdateRobotInput) =>
      request<Robot>('PATCH', `/notification-robots/${id}`, { body: input }),
    remove: (id: string) => request<void>('DELETE', `/notification-robots/${id}`),
    test: (id: string) => request<{ deliveryId: string }>('POST', `/notification-robots/${id}/test`),
  },
  endpoints: {
    list: () => request<List<WebhookEndpoint>>('GET', '/webhook-endpoints'),
    /** The answer carries the signing secret, once. */
    create: (input: CreateEndpointInput) =>
      request<CreatedWebhookEndpoint>('POST', '/webhook-endpoints', { body: input }),
    update: (id: string, input: UpdateEndpointInput) =>
      request<WebhookEndpoint>('PATCH', `/webhook-endpoints/${id}`, { body: input }),
    remove: (id: string) => request<void>('DELETE', `/webhook-endpoints/${id}`),
    test: (id: string) => request<{ deliveryId: string }>('POST', `/webhook-endpoints/${id}/test`),
  },
  deliveries: {
    list: (query: DeliveryQuery) => request<DeliveryPage>('GET', '/notifications/deliveries', { query }),
    redeliver: (id: string) => request<Delivery>('POST', `/notifications/deliveries/${id}/redeliver`),
  },
  templates: {
    list: () => request<List<NotificationTemplate>>('GET', '/notification-templates'),
    save: (template: string, locale: TemplateLocale, text: { subject: string; body: string }) =>
      request<NotificationTemplate>('PUT', `/notification-templates/${template}/${locale}`, { body: text }),
    reset: (template: string, locale: TemplateLocale) =>
      request<NotificationTemplate>('DELETE', `/notification-templates/${template}/${locale}`),
    preview: (input: { template: string; locale: TemplateLocale; subject?: string; body?: string }) =>
      request<TemplatePreview>('POST', '/notification-templates/preview', { body: input }),
  },
};

export const notificationKeys = {
  all: ['notifications'] as const,
  inbox: ['notifications', 'inbox'] as const,
  unread: ['notifications', 'unread'] as const,
  mySubscriptions: ['notifications', 'subscriptions', 'mine'] as const,
  groupSubscriptions: (groupId: string) => ['notifications', 'subscriptions', 'group', groupId] as const,
  catalogue: ['notifications', 'catalogue'] as const,
  robots: ['notification-robots'] as const,
  endpoints: ['webhook-endpoints'] as const,
  deliveries: ['notifications', 'deliveries'] as const,
  templates: ['notification-templates'] as const,
};

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: notificationsApi.inbox.unreadCount,
    // The live stream keeps it current; this is the fallback when the stream cannot connect.
    refetchInterval: 60_000,
  });
}

export function useCatalogue() {
  return useQuery({
    queryKey: notificationKeys.catalogue,
    queryFn: notificationsApi.catalogue,
    staleTime: Infinity,
  });
}
