import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chown, readdir } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

/** Where Debian's dovecot-imapd puts the server. */
export const DOVECOT = '/usr/sbin/dovecot';

/**
 * A real IMAP server (Dovecot) on 127.0.0.1 for tests: its own configuration, users, maildirs and log in
 * a temporary directory, on a free port, without TLS, run as an unprivileged user.
 */
export interface TestImapServer {
  host: string;
  port: number;
  /** Adds (or changes the password of) an account; each account has its own INBOX. */
  addUser(username: string, password: string): void;
  /** Delivers a raw RFC 822 message into a folder by IMAP APPEND; returns its UID. */
  append(
    user: Credentials,
    raw: string | Buffer,
    options?: { folder?: string; flags?: string[] },
  ): Promise<number>;
  /** Runs IMAP commands as a user (create or delete folders, …). */
  session<T>(user: Credentials, run: (client: ImapFlow) => Promise<T>): Promise<T>;
  /** The flags of one message, e.g. to see that it was marked \Seen. */
  flagsOf(user: Credentials, uid: number, folder?: string): Promise<Set<string>>;
  /** How many IMAP sessions of a user are open now (from the server's log), e.g. an IDLE listener's. */
  openSessions(username: string): number;
  /** The server's log, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface Credentials {
  username: string;
  password: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** The account Dovecot runs as: ourselves, or — when the tests run as root — Dovecot's own system user. */
function runAs(): { uid: number; gid: number; name: string; group: string } {
  const me = userInfo();
  if (me.uid !== 0) {
    return { uid: me.uid, gid: me.gid, name: me.username, group: groupName(me.gid) ?? me.username };
  }
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const candidate of ['dovecot', 'nobody']) {
    const fields = passwd.find((line) => line.startsWith(`${candidate}:`))?.split(':');
    if (fields) {
      const gid = Number(fields[3]);
      return { uid: Number(fields[2]), gid, name: candidate, group: groupName(gid) ?? candidate };
    }
  }
  throw new Error('No unprivileged user (dovecot or nobody) to run the test IMAP server as');
}

function groupName(gid: number): string | undefined {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[2] === String(gid));
  return line?.split(':')[0];
}

async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await chown(child, uid, gid);
  }
}

function configuration(dir: string, port: number, account: ReturnType<typeof runAs>): string {
  return `# Generated for one test run.
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = aftercare-test-${port}
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${account.name}
default_internal_group = ${account.group}
default_login_user = ${account.name}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${dir}/mail/%u
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${account.uid} gid=${account.gid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
  user = ${account.name}
}
service pop3-login {
  chroot =
}
service anvil {
  chroot =
}
service auth-worker {
  user = ${account.name}
}
`;
}

async function waitForGreeting(port: number, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      const done = (value: boolean) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('error', () => done(false));
      socket.once('data', (data) => done(data.toString().startsWith('* OK')));
      socket.connect(port, '127.0.0.1');
    });
    if (greeted) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function withClient<T>(
  port: number,
  user: Credentials,
  run: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: user.username, pass: user.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Starts Dovecot; fails with a clear message when it is not installed (the tests need a real server). */
export async function startTestImapServer(): Promise<TestImapServer> {
  if (!existsSync(DOVECOT)) {
    throw new Error(
      `The e-mail channel tests need a real IMAP server, but ${DOVECOT} is missing. Install it with: apt-get install dovecot-imapd`,
    );
  }
  const account = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-imap-'));
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  const port = await freePort();
  const users = new Map<string, string>();
  const writeUsers = () => {
    const lines = [...users].map(([name, password]) => `${name}:{PLAIN}${password}::::::`);
    writeFileSync(join(dir, 'users'), `${lines.join('\n')}\n`, { mode: 0o644 });
  };
  writeUsers();
  writeFileSync(join(dir, 'dovecot.conf'), configuration(dir, port, account), { mode: 0o644 });
  writeFileSync(join(dir, 'dovecot.log'), '', { mode: 0o644 });
  if (userInfo().uid === 0) await chownTree(dir, account.uid, account.gid);
  const readLog = () => {
    try {
      return readFileSync(join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  };

  let output = '';
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(userInfo().uid === 0 ? { uid: account.uid, gid: account.gid } : {}),
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
      ]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  if (!(await waitForGreeting(port, 15_000))) {
    const log = readLog();
    await stop();
    throw new Error(`The test IMAP server did not start.\n${output}\n${log}`);
  }

  return {
    host: '127.0.0.1',
    port,
    addUser(username, password) {
      users.set(username, password);
      writeUsers();
    },
    append: (user, raw, options = {}) =>
      withClient(port, user, async (client) => {
        const response = await client.append(options.folder ?? 'INBOX', raw, options.flags ?? []);
        if (response === false || !response.uid) throw new Error('APPEND did not return a UID');
        return response.uid;
      }),
    session: (user, run) => withClient(port, user, run),
    flagsOf: (user, uid, folder = 'INBOX') =>
      withClient(port, user, async (client) => {
        const lock = await client.getMailboxLock(folder, { readOnly: true });
        try {
          const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
          return message ? (message.flags ?? new Set<string>()) : new Set<string>();
        } finally {
          lock.release();
        }
      }),
    openSessions(username) {
      const log = readLog();
      const opened = [...log.matchAll(/Login: user=<([^>]+)>.*session=<([^>]+)>/g)]
        .filter((match) => match[1] === username)
        .map((match) => match[2]);
      const closed = new Set(
        [...log.matchAll(/imap\(([^)]+)\)<\d+><([^>]+)>: Info: Disconnected/g)]
          .filter((match) => match[1] === username)
          .map((match) => match[2]),
      );
      return opened.filter((session) => !closed.has(session)).length;
    },
    log: readLog,
    stop,
  };
}
