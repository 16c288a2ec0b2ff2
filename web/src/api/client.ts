import type {
  ApiToken,
  AuditEntry,
  AuditQuery,
  CreatedToken,
  CreateGroupInput,
  CreateRoleInput,
  CreateTokenInput,
  CreateUserInput,
  Group,
  List,
  Me,
  Page,
  Permission,
  Problem,
  Role,
  Session,
  SystemInfo,
  UpdateGroupInput,
  UpdateMeInput,
  UpdateRoleInput,
  UpdateUserInput,
  User,
  UserQuery,
} from './types';

const BASE = '/api/v1';

/** An error response from the API, carrying the problem+json body (its `detail` is in the user's language). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }
}

type ClientState = {
  csrfToken: string | null;
  language: () => string;
  onUnauthorized: () => void;
};

const state: ClientState = {
  csrfToken: null,
  language: () => 'zh-CN',
  onUnauthorized: () => undefined,
};

/** Wires the client to the app: current language and what to do when the session is gone. */
export function configureClient(options: { language: () => string; onUnauthorized: () => void }): void {
  state.language = options.language;
  state.onUnauthorized = options.onUnauthorized;
}

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = { status: response.status };
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object') return { ...fallback, ...(body as Partial<Problem>) };
  } catch {
    // Not JSON (e.g. a proxy's error page): only the status is known.
  }
  return fallback;
}

/** One JSON call to the API: language, CSRF token and problem+json errors handled; feature `api.ts` files build on it. */
export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: { body?: unknown; query?: Query; redirectOn401?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': state.language(),
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;

  const response = await fetch(BASE + withQuery(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });

  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && options.redirectOn401 !== false) state.onUnauthorized();
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  auth: {
    signIn: (username: string, password: string) =>
      request<Session>('POST', '/auth/sign-in', { body: { username, password }, redirectOn401: false }),
    signOut: () => request<void>('POST', '/auth/sign-out', { redirectOn401: false }),
    /** The current session, or null when not signed in. */
    me: async (): Promise<Session | null> => {
      try {
        return await request<Session>('GET', '/auth/me', { redirectOn401: false });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    updateMe: (input: UpdateMeInput) => request<{ user: Me }>('PATCH', '/auth/me', { body: input }),
    changePassword: (currentPassword: string, newPassword: string) =>
      request<void>('POST', '/auth/password', { body: { currentPassword, newPassword } }),
  },
  users: {
    list: (query: UserQuery = {}) => request<List<User>>('GET', '/users', { query }),
    get: (id: string) => request<User>('GET', `/users/${id}`),
    create: (input: CreateUserInput) => request<User>('POST', '/users', { body: input }),
    update: (id: string, input: UpdateUserInput) => request<User>('PATCH', `/users/${id}`, { body: input }),
    unlock: (id: string) => request<User>('POST', `/users/${id}/unlock`),
    setPassword: (id: string, password: string) =>
      request<void>('POST', `/users/${id}/password`, { body: { password } }),
  },
  roles: {
    list: () => request<List<Role>>('GET', '/roles'),
    permissions: () => request<List<Permission>>('GET', '/permissions'),
    create: (input: CreateRoleInput) => request<Role>('POST', '/roles', { body: input }),
    update: (id: string, input: UpdateRoleInput) => request<Role>('PATCH', `/roles/${id}`, { body: input }),
    remove: (id: string) => request<void>('DELETE', `/roles/${id}`),
  },
  groups: {
    list: () => request<List<Group>>('GET', '/groups'),
    create: (input: CreateGroupInput) => request<Group>('POST', '/groups', { body: input }),
    update: (id: string, input: UpdateGroupInput) =>
      request<Group>('PATCH', `/groups/${id}`, { body: input }),
    remove: (id: string) => request<void>('DELETE', `/groups/${id}`),
  },
  audit: {
    list: (query: AuditQuery) => request<Page<AuditEntry>>('GET', '/audit', { query }),
  },
  tokens: {
    list: () => request<List<ApiToken>>('GET', '/tokens'),
    create: (input: CreateTokenInput) => request<CreatedToken>('POST', '/tokens', { body: input }),
    revoke: (id: string) => request<void>('DELETE', `/tokens/${id}`),
  },
  system: {
    info: () => request<SystemInfo>('GET', '/system/info'),
  },
};
