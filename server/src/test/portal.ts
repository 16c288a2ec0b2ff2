import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Queryable } from '../platform/db/database.js';

/** Helpers for tests of the customer portal: a customer's browser, multipart bodies, codes from the outbox. */

export const PORTAL_COOKIE = 'aftercare_portal';

export interface UploadFile {
  field?: string;
  name: string;
  type: string;
  content: Buffer | string;
}

/** A multipart/form-data body as a browser's FormData sends it: fields first, then files. */
export function multipart(fields: Record<string, string>, files: UploadFile[] = []) {
  const boundary = `----aftercare${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'files'}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

type Method = 'GET' | 'POST' | 'DELETE';

/** A customer's browser: keeps the portal cookie and the CSRF token the server hands out. */
export class PortalBrowser {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(
    private readonly app: FastifyInstance,
    readonly options: { ip?: string; language?: string } = {},
  ) {}

  private headers(extra: Record<string, string>, csrf: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'accept-language': this.options.language ?? 'zh-CN', ...extra };
    if (this.cookie) headers.cookie = `${PORTAL_COOKIE}=${this.cookie}`;
    if (csrf && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    return headers;
  }

  private absorb(response: LightMyRequestResponse): LightMyRequestResponse {
    const cookie = response.cookies.find((candidate) => candidate.name === PORTAL_COOKIE);
    if (cookie) {
      // A cleared cookie comes back empty, dated 1970 (the server's clock may be anywhere in tests).
      const expired = !cookie.value || cookie.maxAge === 0 || cookie.expires?.getTime() === 0;
      this.cookie = expired ? null : cookie.value;
      if (expired) this.csrfToken = null;
    }
    if (response.headers['content-type']?.toString().startsWith('application/json')) {
      const body = response.json() as { csrfToken?: unknown };
      if (typeof body?.csrfToken === 'string') this.csrfToken = body.csrfToken;
    }
    return response;
  }

  async request(
    method: Method,
    url: string,
    body?: unknown,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method,
      url,
      headers: this.headers(options.headers ?? {}, options.csrf !== false),
      ...(this.options.ip ? { remoteAddress: this.options.ip } : {}),
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return this.absorb(response);
  }

  async send(
    url: string,
    form: ReturnType<typeof multipart>,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: this.headers({ ...form.headers, ...options.headers }, options.csrf !== false),
      ...(this.options.ip ? { remoteAddress: this.options.ip } : {}),
      payload: form.payload,
    });
    return this.absorb(response);
  }
}

/** The last one-time code queued for an address or number, read from the outbox as the customer would. */
export async function latestCode(db: Queryable, recipient: string): Promise<string | undefined> {
  const rows = await db.query<{ body: string }>(
    `SELECT body FROM notifications WHERE template = 'portalCode' AND recipient = $1 ORDER BY seq DESC LIMIT 1`,
    [recipient],
  );
  return rows[0] ? /\b(\d{6})\b/.exec(rows[0].body)?.[1] : undefined;
}

/** Asks for a code and signs in with it; the browser then holds the session. */
export async function signInToPortal(
  browser: PortalBrowser,
  db: Queryable,
  destination: string,
  recipient = destination,
  ticketNumber?: string,
): Promise<LightMyRequestResponse> {
  const asked = await browser.request('POST', '/api/v1/portal/codes', {
    destination,
    ...(ticketNumber ? { ticketNumber } : {}),
  });
  if (asked.statusCode !== 202) throw new Error(`code request failed: ${asked.statusCode} ${asked.body}`);
  const code = await latestCode(db, recipient);
  if (!code) throw new Error(`no code was sent to ${recipient}`);
  const response = await browser.request('POST', '/api/v1/portal/sessions', {
    destination,
    code,
    ...(ticketNumber ? { ticketNumber } : {}),
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return response;
}
