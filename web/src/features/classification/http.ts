import { ApiError, api } from '../../api/client';
import type { Problem } from '../../api/types';
import i18n from '../../i18n';

/*
 * A stand-in for the private `request` of api/client.ts (same signature, plus PUT) for the
 * classification and routing pages. Once client.ts exports its `request`, this file becomes
 * `export { request } from '../../api/client';`.
 * The client keeps the CSRF token to itself, so this one asks /auth/me for it before its first write and
 * again when the server says it is stale; on 401 it lets the client's own handler end the session.
 */

const BASE = '/api/v1';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

let csrfToken: string | null = null;

async function freshCsrfToken(): Promise<string | null> {
  csrfToken = (await api.auth.me())?.csrfToken ?? null;
  return csrfToken;
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

export async function request<T>(method: Method, path: string, options: { body?: unknown } = {}): Promise<T> {
  const send = (token: string | null) => {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['X-CSRF-Token'] = token;
    return fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  };

  const writes = method !== 'GET';
  let response = await send(writes ? (csrfToken ?? (await freshCsrfToken())) : null);
  let problem = response.ok ? null : await readProblem(response);
  if (writes && problem?.code === 'csrf_token_invalid') {
    response = await send(await freshCsrfToken());
    problem = response.ok ? null : await readProblem(response);
  }
  if (problem) {
    // A call through the client itself runs its sign-out handling on 401.
    if (response.status === 401) void api.system.info().catch(() => undefined);
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
