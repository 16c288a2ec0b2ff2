import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD } from './harness.js';

const CLI = fileURLToPath(new URL('../../../bin/aftercare.js', import.meta.url));

/** A port nobody listens on right now, on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The real built server (`aftercare start`) running as a child process, for crash and multi-process tests. */
export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Resolves once /api/health answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  /** Sends `signal` and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServerProcess(
  env: Record<string, string>,
  options: { port?: number; role?: 'all' | 'api' | 'worker' } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-proc-'));
  const args = [CLI, 'start', '--port', String(port), ...(options.role ? ['--role', options.role] : [])];
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dataDir,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      AFTERCARE_DATA_DIR: dataDir,
      AFTERCARE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      AFTERCARE_LOGIN_RATE_PER_MINUTE: '10000',
      AFTERCARE_DEFAULT_LOCALE: 'zh-CN',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    child,
    output: () => output,
    async ready(timeoutMs = 30_000) {
      const started = Date.now();
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`the server exited before it was ready:\n${output}`);
        }
        try {
          const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
          if (response.status === 200) return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() - started > timeoutMs) throw new Error(`the server was not ready in time:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** A signed-in staff member talking to a server over real HTTP: session cookie and CSRF token on each call. */
export class HttpSession {
  constructor(
    readonly baseUrl: string,
    readonly cookie: string,
    readonly csrfToken: string,
  ) {}

  /** The same session against another process sharing the database. */
  on(baseUrl: string): HttpSession {
    return new HttpSession(baseUrl, this.cookie, this.csrfToken);
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }
}

export async function signInOverHttp(
  baseUrl: string,
  username = 'admin',
  password = ADMIN_PASSWORD,
): Promise<HttpSession> {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${text}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0]!)
    .find((pair) => pair.startsWith('aftercare_session='));
  const body = JSON.parse(text) as { csrfToken: string };
  return new HttpSession(baseUrl, cookie!, body.csrfToken);
}
