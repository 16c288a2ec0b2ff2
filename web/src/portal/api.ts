/** The customer portal's own small API client: the portal and public survey routes only. */

export type Scope = 'account' | 'ticket';

export type PortalSession = {
  scope: Scope;
  ticketNumber?: string | null;
  destinationMasked: string;
  csrfToken?: string;
};

export type CodeSent = { destinationMasked: string; expiresInSeconds: number };

export type Category = { id: string; name: string; parentId: string | null };
export type TicketTypeOption = { value: string; label: string };

export type TicketSummary = {
  number: string;
  title: string;
  type: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  nextExpectedAt: string | null;
};

export type Attachment = { id: string; fileName: string; contentType: string; sizeBytes: number };

export type TimelineEntry = {
  id: string;
  kind: string;
  authorLabel: string | null;
  body: string | null;
  createdAt: string;
  attachments: Attachment[];
};

export type PendingPlan = {
  id: string;
  body: string;
  compensationType: string | null;
  compensationAmount: number | string | null;
};

export type TicketView = {
  number: string;
  title: string;
  type: string;
  status: string;
  description: string;
  createdAt: string;
  orderNumber: string | null;
  productModel: string | null;
  serialNumber: string | null;
  nextExpectedAt: string | null;
  canConfirm: boolean;
  pendingPlan: PendingPlan | null;
  survey: { url: string } | null;
  timeline: TimelineEntry[];
};

export type SurveyQuestion = { key: string; kind: 'score' | 'text'; label: string; required: boolean };
export type Survey = {
  ticketNumber: string;
  ticketTitle: string;
  scale: 'five' | 'hundred';
  questions: SurveyQuestion[];
  status: 'open';
};

export type FieldError = { field: string; message: string };

export type Problem = {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  field?: string;
  errors?: FieldError[];
};

/** A failed call, with the server's problem+json (its `detail` already in the reader's language). */
export class PortalApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'PortalApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }
}

/** Field errors keyed by form field name (the server names them `body.contactEmail` or `contactEmail`). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof PortalApiError)) return {};
  const { errors, field, detail } = error.problem;
  const list = errors?.length ? errors : field && detail ? [{ field, message: detail }] : [];
  const byField: Record<string, string> = {};
  for (const item of list) {
    const name = item.field.replace(/^(body|query|params)\./, '');
    byField[name] ??= item.message;
  }
  return byField;
}

const BASE = '/api/v1';
const CSRF_HEADER = 'X-CSRF-Token';

const state = { language: () => 'zh-CN', csrfToken: null as string | null };

export function configurePortalClient(options: { language: () => string }): void {
  state.language = options.language;
}

/** Remembers the CSRF token the server handed out with the portal session, when it hands one out. */
function rememberCsrf(session: PortalSession | null): void {
  if (session?.csrfToken) state.csrfToken = session.csrfToken;
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = { status: response.status };
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object') return { ...fallback, ...(body as Partial<Problem>) };
  } catch {
    // Not JSON (a proxy's error page, say): only the status is known.
  }
  return fallback;
}

async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  try {
    return await send<T>(method, path, body);
  } catch (error) {
    // A write made before this page learned the session's CSRF token: learn it, then try once more.
    if (!(error instanceof PortalApiError) || error.code !== 'csrf_token_invalid') throw error;
    state.csrfToken = null;
    if (!(await portalApi.session())) throw error;
    return send<T>(method, path, body);
  }
}

async function send<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': state.language(),
  };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && state.csrfToken) headers[CSRF_HEADER] = state.csrfToken;
  const response = await fetch(BASE + path, { method, headers, credentials: 'same-origin', body: payload });
  if (!response.ok) throw new PortalApiError(await readProblem(response));
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

export type NewTicket = {
  type: string;
  categoryId?: string;
  description: string;
  orderNumber?: string;
  productModel?: string;
  serialNumber?: string;
  contactName: string;
  contactPhone?: string;
  contactEmail?: string;
  preferredContactTime?: string;
};

function formDataOf(fields: Record<string, string | undefined>, files: File[]): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== '') data.append(name, value);
  }
  // Fields first, files last: the server reads the stream in order.
  for (const file of files) data.append('files', file, file.name);
  return data;
}

export const portalApi = {
  session: async (): Promise<PortalSession | null> => {
    try {
      const session = await call<PortalSession>('GET', '/portal/session');
      rememberCsrf(session);
      return session;
    } catch (error) {
      if (error instanceof PortalApiError && error.status === 401) return null;
      throw error;
    }
  },
  signOut: async () => {
    await call<void>('DELETE', '/portal/session');
    state.csrfToken = null;
  },
  requestCode: (destination: string, ticketNumber?: string) =>
    call<CodeSent>('POST', '/portal/codes', { destination, ...(ticketNumber ? { ticketNumber } : {}) }),
  verifyCode: async (destination: string, code: string, ticketNumber?: string) => {
    const session = await call<PortalSession>('POST', '/portal/sessions', {
      destination,
      code,
      ...(ticketNumber ? { ticketNumber } : {}),
    });
    rememberCsrf(session);
    return session;
  },
  categories: () => call<Category[]>('GET', '/portal/categories'),
  ticketTypes: () => call<TicketTypeOption[]>('GET', '/portal/ticket-types'),
  submitTicket: (ticket: NewTicket, files: File[], website = '') =>
    call<{ number: string; url: string; csrfToken?: string }>(
      'POST',
      '/portal/tickets',
      formDataOf({ ...ticket, website }, files),
    ).then((created) => {
      if (created.csrfToken) state.csrfToken = created.csrfToken;
      return created;
    }),
  myTickets: () => call<{ items: TicketSummary[] }>('GET', '/portal/tickets'),
  ticket: (number: string) => call<TicketView>('GET', `/portal/tickets/${enc(number)}`),
  reply: (number: string, body: string, files: File[]) =>
    call<unknown>('POST', `/portal/tickets/${enc(number)}/replies`, formDataOf({ body }, files)),
  decidePlan: (number: string, planId: string, decision: 'accept' | 'reject', comment?: string) =>
    call<unknown>('POST', `/portal/tickets/${enc(number)}/plans/${enc(planId)}/decision`, {
      decision,
      ...(comment ? { comment } : {}),
    }),
  confirm: (number: string, solved: boolean, comment?: string) =>
    call<{ status: string }>('POST', `/portal/tickets/${enc(number)}/confirmation`, {
      solved,
      ...(comment ? { comment } : {}),
    }),
  attachmentUrl: (number: string, attachmentId: string) =>
    `${BASE}/portal/tickets/${enc(number)}/attachments/${enc(attachmentId)}`,
  survey: (token: string) => call<Survey>('GET', `/public/surveys/${enc(token)}`),
  answerSurvey: (token: string, answers: Record<string, number | string>) =>
    call<{ thanks: boolean }>('POST', `/public/surveys/${enc(token)}`, { answers }),
};
