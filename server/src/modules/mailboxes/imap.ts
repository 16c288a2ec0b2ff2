import { ImapFlow, type ImapFlowError, type ImapFlowOptions } from 'imapflow';
import type { MailboxSecurity } from './mailboxes.repository.js';

/** What it takes to reach one IMAP folder. */
export interface ImapSettings {
  host: string;
  port: number;
  security: MailboxSecurity;
  username: string;
  password: string;
  folder: string;
}

const CONNECT_TIMEOUT_MS = 15_000;

/**
 * A client for one connection. The library's own logging stays off: it would print protocol lines
 * (and we never want credentials near a log). Automatic IDLE is for watchers only.
 */
export function imapClient(settings: ImapSettings, options: { idle?: boolean } = {}): ImapFlow {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    auth: { user: settings.username, pass: settings.password },
    logger: false,
    emitLogs: false,
    disableAutoIdle: !options.idle,
    // A listener goes into IDLE right after opening the folder (the library waits 15 s by default).
    ...(options.idle ? { autoIdleDelay: 500 } : {}),
    // Some servers end IDLE sessions silently after a while; restarting IDLE keeps the session alive.
    maxIdleTime: 5 * 60_000,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: 10 * 60_000,
    clientInfo: { name: 'Aftercare' },
  } satisfies ImapFlowOptions);
  // An error without a listener would end the process; callers learn of failures from the calls they make.
  client.on('error', () => undefined);
  return client;
}

/** Logs out politely, or drops the connection when the server does not answer. */
export async function closeQuietly(client: ImapFlow): Promise<void> {
  if (client.isClosed) return;
  try {
    await Promise.race([client.logout(), new Promise((resolve) => setTimeout(resolve, 3000))]);
  } catch {
    // Closing is all that is left to do.
  }
  client.close();
}

export const CONNECTION_PROBLEMS = [
  'auth_failed',
  'connect_failed',
  'tls_failed',
  'timeout',
  'folder_missing',
  'failed',
] as const;
export type ConnectionProblem = (typeof CONNECTION_PROBLEMS)[number];

/** What went wrong talking to the server, in words an administrator can act on, and the server's text. */
export function describeImapError(error: unknown): { problem: ConnectionProblem; detail: string } {
  const e = error as ImapFlowError & { code?: string };
  const detail = (e?.responseText || e?.message || String(error)).slice(0, 500);
  if (e?.authenticationFailed || e?.serverResponseCode === 'AUTHENTICATIONFAILED')
    return { problem: 'auth_failed', detail };
  if (e?.mailboxMissing || e?.serverResponseCode === 'NONEXISTENT' || e?.code === 'NotFound')
    return { problem: 'folder_missing', detail };
  if (
    e?.tlsFailed ||
    /^ERR_(TLS|SSL)|CERT|ClosedAfterConnectTLS/i.test(e?.code ?? '') ||
    /certificate|SSL|TLS/.test(detail)
  )
    return { problem: 'tls_failed', detail };
  if (
    ['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'ETIMEDOUT'].includes(
      e?.code ?? '',
    )
  )
    return { problem: 'timeout', detail };
  if (
    [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ECONNRESET',
      'NoConnection',
      'EAI_AGAIN',
    ].includes(e?.code ?? '')
  )
    return { problem: 'connect_failed', detail };
  return { problem: 'failed', detail };
}

export type ConnectionTestResult =
  | { ok: true; messages: number; unseen: number; supportsIdle: boolean }
  | { ok: false; problem: ConnectionProblem; detail: string };

/** Signs in and opens the folder read-only, as the settings page's "test connection" does. */
export async function testImapConnection(settings: ImapSettings): Promise<ConnectionTestResult> {
  const client = imapClient(settings);
  try {
    await client.connect();
    const status = await client.status(settings.folder, { messages: true, unseen: true });
    if (!status) return { ok: false, problem: 'folder_missing', detail: settings.folder };
    return {
      ok: true,
      messages: status.messages ?? 0,
      unseen: status.unseen ?? 0,
      supportsIdle: client.capabilities.has('IDLE'),
    };
  } catch (error) {
    return { ok: false, ...describeImapError(error) };
  } finally {
    await closeQuietly(client);
  }
}
