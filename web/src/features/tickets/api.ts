import { ApiError, request } from '../../api/client';
import type { List, Page, Problem } from '../../api/types';
import i18n from '../../i18n';
import type {
  Attachment,
  BulkAction,
  BulkResult,
  CategoryItem,
  CompensationType,
  ConfirmationMethod,
  CreateTicketInput,
  CustomerOption,
  LinkKind,
  ManualStatus,
  PriorityItem,
  RoutingGroup,
  SavedView,
  Ticket,
  TicketDetail,
  TicketFilters,
  TicketPage,
  UpdateTicketInput,
} from './types';

/** The list endpoint takes lists comma-separated and booleans as 'true'/'false'. */
export function toListQuery(filters: TicketFilters, cursor?: string, limit = 50) {
  const join = (values?: string[]) => (values?.length ? values.join(',') : undefined);
  return {
    q: filters.q,
    view: filters.view,
    status: join(filters.status),
    priority: join(filters.priority),
    categoryId: join(filters.categoryId),
    channel: join(filters.channel),
    type: join(filters.type),
    tier: join(filters.tier),
    ownerId: join(filters.ownerId),
    groupId: join(filters.groupId),
    customerId: filters.customerId,
    tag: filters.tag,
    open: filters.open === undefined ? undefined : String(filters.open),
    receivedFrom: filters.receivedFrom,
    receivedTo: filters.receivedTo,
    // The SLA order is applied to the loaded pages here; the server keeps its default order.
    sort: filters.sort === 'sla_due' ? undefined : filters.sort,
    cursor,
    limit,
  };
}

const path = (id: string, action?: string) =>
  `/tickets/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** Uploads one file (multipart field `file`); the returned id goes into a ticket's or reply's `attachments`. */
async function upload(file: File, csrfToken: string | null): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch('/api/v1/attachments', {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: form,
  });
  if (!response.ok) {
    let problem: Problem = { status: response.status };
    try {
      problem = { ...problem, ...((await response.json()) as Partial<Problem>) };
    } catch {
      // Not JSON: only the status is known.
    }
    throw new ApiError(problem);
  }
  return (await response.json()) as Attachment;
}

export const ticketsApi = {
  list: (filters: TicketFilters, cursor?: string, limit?: number) =>
    request<TicketPage>('GET', '/tickets', { query: toListQuery(filters, cursor, limit) }),
  get: (idOrNumber: string) => request<TicketDetail>('GET', path(idOrNumber)),
  create: (input: CreateTicketInput) => request<Ticket>('POST', '/tickets', { body: input }),
  update: (id: string, input: UpdateTicketInput) => request<Ticket>('PATCH', path(id), { body: input }),

  classify: (id: string) => request<Ticket>('POST', path(id, 'classify')),
  assign: (id: string, input: { groupId?: string | null; ownerId?: string | null; note?: string | null }) =>
    request<Ticket>('POST', path(id, 'assign'), { body: input }),
  accept: (id: string) => request<Ticket>('POST', path(id, 'accept')),
  decline: (id: string, reason: string) => request<Ticket>('POST', path(id, 'decline'), { body: { reason } }),
  setStatus: (id: string, status: ManualStatus, note?: string | null) =>
    request<Ticket>('POST', path(id, 'status'), { body: { status, note } }),
  setSubStatus: (id: string, subStatus: string) =>
    request<Ticket>('POST', path(id, 'sub-status'), { body: { subStatus } }),
  reply: (id: string, body: string, attachments?: string[]) =>
    request<Ticket>('POST', path(id, 'replies'), { body: { body, attachments } }),
  note: (id: string, body: string, attachments?: string[]) =>
    request<Ticket>('POST', path(id, 'notes'), { body: { body, attachments } }),
  logCall: (
    id: string,
    input: { startedAt: string; durationSeconds: number; direction: 'inbound' | 'outbound'; summary: string },
  ) => request<Ticket>('POST', path(id, 'calls'), { body: input }),
  customerReply: (id: string, input: { body: string; via: string; attachments?: string[] }) =>
    request<Ticket>('POST', path(id, 'customer-replies'), { body: input }),
  resolve: (id: string, summary: string) =>
    request<Ticket>('POST', path(id, 'resolve'), { body: { summary } }),
  close: (
    id: string,
    confirmationMethod: ConfirmationMethod,
    note?: string | null,
    overdue?: { overdueReason?: string; overdueReasonText?: string | null },
  ) => request<Ticket>('POST', path(id, 'close'), { body: { confirmationMethod, note, ...overdue } }),
  reopen: (id: string, reason: string) => request<Ticket>('POST', path(id, 'reopen'), { body: { reason } }),
  merge: (id: string, into: string) => request<Ticket>('POST', path(id, 'merge'), { body: { into } }),
  link: (id: string, ticket: string, kind: LinkKind) =>
    request<Ticket>('POST', path(id, 'links'), { body: { ticket, kind } }),
  setCollaborators: (id: string, userIds: string[]) =>
    request<Ticket>('POST', path(id, 'collaborators'), { body: { userIds } }),
  proposePlan: (
    id: string,
    input: {
      body: string;
      compensationType: CompensationType;
      compensationAmount?: number | null;
      isBulk: boolean;
    },
  ) => request<Ticket>('POST', path(id, 'plans'), { body: input }),
  decidePlan: (id: string, planId: string, approve: boolean, note?: string | null) =>
    request<Ticket>('POST', path(id, `plans/${planId}/decision`), { body: { approve, note } }),
  customerDecision: (id: string, planId: string, accepted: boolean, note?: string | null) =>
    request<Ticket>('POST', path(id, `plans/${planId}/customer-decision`), { body: { accepted, note } }),
  requestCollaboration: (id: string, input: { groupId: string; action: string; dueAt: string }) =>
    request<Ticket>('POST', path(id, 'collaboration-requests'), { body: input }),
  answerCollaboration: (id: string, requestId: string, answer: string) =>
    request<Ticket>('POST', path(id, `collaboration-requests/${requestId}/answer`), { body: { answer } }),
  requestEscalation: (id: string, input: { reason: string; supportNeeded: string }) =>
    request<Ticket>('POST', path(id, 'escalations'), { body: input }),
  decideEscalation: (
    id: string,
    requestId: string,
    input: {
      approve: boolean;
      note?: string | null;
      newExpectedResolutionAt?: string | null;
      priority?: string;
    },
  ) => request<Ticket>('POST', path(id, `escalations/${requestId}/decision`), { body: input }),

  bulk: (ticketIds: string[], action: BulkAction) =>
    request<BulkResult>('POST', '/tickets/bulk', { body: { ticketIds, action } }),

  views: {
    list: () => request<List<SavedView>>('GET', '/ticket-views'),
    create: (input: { name: string; filters: TicketFilters; isShared?: boolean }) =>
      request<SavedView>('POST', '/ticket-views', { body: input }),
    remove: (id: string) => request<void>('DELETE', `/ticket-views/${id}`),
  },

  upload,

  /** Reference data the ticket pages pick from. */
  categories: () => request<List<CategoryItem>>('GET', '/categories'),
  priorities: () => request<List<PriorityItem>>('GET', '/priorities'),
  routing: () => request<{ groups: RoutingGroup[] }>('GET', '/routing'),
  customers: (q: string) => request<Page<CustomerOption>>('GET', '/customers', { query: { q, limit: 10 } }),
};
