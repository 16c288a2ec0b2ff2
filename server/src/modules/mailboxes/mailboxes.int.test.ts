import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildGroup,
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { startTestImapServer, type TestImapServer } from '../../test/imap-server.js';

/** Administering mailboxes through the HTTP API, with a real IMAP server for the connection test. */

const PASSWORD = 'imap-secret-Zx81';

let t: TestApp;
let admin: Session;
let imap: TestImapServer;

beforeAll(async () => {
  imap = await startTestImapServer();
  imap.addUser('service', PASSWORD);
  t = await startTestApp();
  admin = await signInAdmin(t.app);
});

afterAll(async () => {
  await t?.close();
  await imap?.stop();
});

const valid = () => ({
  name: `售后邮箱 ${Math.random().toString(36).slice(2, 8)}`,
  host: imap.host,
  port: imap.port,
  security: 'none',
  username: 'service',
  password: PASSWORD,
});

/** The same settings as the connection test takes them (no name). */
const connection = () => {
  const { name: _name, ...settings } = valid();
  return settings;
};

describe('mailbox settings', () => {
  it('creates, lists, changes and removes a mailbox, never returning or auditing the password', async () => {
    const group = await buildGroup(admin, { name: '邮件客服组' });
    const created = await admin.request('POST', '/api/v1/mailboxes', {
      ...valid(),
      name: '售后服务邮箱',
      address: 'service@aftercare.test',
      defaultGroupId: group.id,
      pollIntervalMinutes: 5,
    });
    expect(created.statusCode, created.body).toBe(201);
    const mailbox = created.json();
    expect(mailbox).toMatchObject({
      name: '售后服务邮箱',
      host: imap.host,
      port: imap.port,
      security: 'none',
      username: 'service',
      folder: 'INBOX',
      address: 'service@aftercare.test',
      defaultGroup: { id: group.id, name: '邮件客服组' },
      isEnabled: true,
      pollIntervalMinutes: 5,
      status: { lastPolledAt: null, lastError: null, messagesTaken: 0, ticketsCreated: 0 },
    });
    expect(mailbox).not.toHaveProperty('password');

    const changed = await admin.request('PATCH', `/api/v1/mailboxes/${mailbox.id}`, {
      password: 'a-new-Secret-77',
      isEnabled: false,
      defaultGroupId: null,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ isEnabled: false, defaultGroup: null });
    const stored = await t.db.query<{ password: string }>('SELECT password FROM mailboxes WHERE id = $1', [
      mailbox.id,
    ]);
    expect(stored[0]!.password).toBe('a-new-Secret-77');

    const listed = await admin.request('GET', '/api/v1/mailboxes');
    const one = await admin.request('GET', `/api/v1/mailboxes/${mailbox.id}`);
    const audit = await admin.request('GET', `/api/v1/audit?entityType=mailbox&entityId=${mailbox.id}`);
    for (const response of [created, changed, listed, one, audit]) {
      expect(response.body).not.toContain(PASSWORD);
      expect(response.body).not.toContain('a-new-Secret-77');
      expect(response.body).not.toContain('"password"');
    }
    expect(
      (audit.json() as { items: { action: string; after: Record<string, unknown> }[] }).items.map((entry) => [
        entry.action,
        entry.after.passwordChanged,
      ]),
    ).toEqual([
      ['mailbox.updated', true],
      ['mailbox.created', undefined],
    ]);

    const removed = await admin.request('DELETE', `/api/v1/mailboxes/${mailbox.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await admin.request('GET', `/api/v1/mailboxes/${mailbox.id}`)).statusCode).toBe(404);
    const deletion = (
      await admin.request('GET', `/api/v1/audit?entityType=mailbox&entityId=${mailbox.id}`)
    ).json();
    expect(deletion.items[0]).toMatchObject({ action: 'mailbox.deleted', before: { name: '售后服务邮箱' } });
  });

  it.each([
    [{ port: 70000 }, 'body.port'],
    [{ port: 0 }, 'body.port'],
    [{ port: '993' }, 'body.port'],
    [{ host: 'imaps://imap.example.com' }, 'body.host'],
    [{ host: '' }, 'body.host'],
    [{ security: 'ssl' }, 'body.security'],
    [{ password: '' }, 'body.password'],
    [{ pollIntervalMinutes: 0 }, 'body.pollIntervalMinutes'],
    [{ address: 'not-an-address' }, 'body.address'],
    [{ defaultGroupId: '00000000-0000-4000-8000-000000000000' }, 'body.defaultGroupId'],
    [{ unknownField: true }, 'body'],
  ])('refuses %j naming the field', async (change, field) => {
    const response = await admin.request('POST', '/api/v1/mailboxes', { ...valid(), ...change });
    expect(response.statusCode, response.body).toBe(400);
    const problem = response.json() as { field?: string; errors?: { field: string }[] };
    const fields = [problem.field, ...(problem.errors ?? []).map((error) => error.field)];
    expect(fields.some((name) => name?.startsWith(field))).toBe(true);
  });

  it('requires a password for a new mailbox and refuses a second mailbox of the same name', async () => {
    const { password: _password, ...withoutPassword } = valid();
    const missing = await admin.request('POST', '/api/v1/mailboxes', withoutPassword);
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('body.password');

    const first = await admin.request('POST', '/api/v1/mailboxes', { ...valid(), name: '重名邮箱' });
    expect(first.statusCode).toBe(201);
    const second = await admin.request('POST', '/api/v1/mailboxes', { ...valid(), name: '重名邮箱' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'conflict', field: 'body.name' });
  });

  it('is for settings managers only', async () => {
    const agent = await buildUser(admin, { role: 'agent' });
    const session = await signIn(t.app, agent.username, agent.password);
    expect((await session.request('GET', '/api/v1/mailboxes')).statusCode).toBe(403);
    expect((await session.request('POST', '/api/v1/mailboxes', valid())).statusCode).toBe(403);
  });
});

describe('connection test', () => {
  it('signs in to the real server and reports the folder, IDLE support and a wrong password', async () => {
    const ok = await admin.request('POST', '/api/v1/mailboxes/connection-test', connection());
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ ok: true, messages: 0, unseen: 0, supportsIdle: true });

    const wrong = await admin.request('POST', '/api/v1/mailboxes/connection-test', {
      ...connection(),
      password: 'wrong-password',
    });
    expect(wrong.json()).toMatchObject({ ok: false, problem: 'auth_failed' });

    const missingFolder = await admin.request('POST', '/api/v1/mailboxes/connection-test', {
      ...connection(),
      folder: 'NoSuchFolder',
    });
    expect(missingFolder.json()).toMatchObject({ ok: false, problem: 'folder_missing' });
  });

  it('reports a server that cannot be reached', async () => {
    const unreachable = await admin.request('POST', '/api/v1/mailboxes/connection-test', {
      ...connection(),
      port: 1,
    });
    expect(unreachable.json()).toMatchObject({ ok: false, problem: 'connect_failed' });
  });

  it("lends a saved mailbox's password only to its own server and account", async () => {
    const mailbox = (await admin.request('POST', '/api/v1/mailboxes', valid())).json() as { id: string };
    const { password: _password, ...settings } = connection();
    const same = await admin.request('POST', '/api/v1/mailboxes/connection-test', {
      ...settings,
      mailboxId: mailbox.id,
    });
    expect(same.json()).toMatchObject({ ok: true });

    const elsewhere = await admin.request('POST', '/api/v1/mailboxes/connection-test', {
      ...settings,
      host: 'imap.attacker.example',
      mailboxId: mailbox.id,
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json()).toMatchObject({ code: 'validation_failed', field: 'body.password' });
    const withoutMailbox = await admin.request('POST', '/api/v1/mailboxes/connection-test', settings);
    expect(withoutMailbox.json()).toMatchObject({ field: 'body.password' });
  });

  it('queues a fetch on request, and refuses one for a disabled mailbox', async () => {
    const mailbox = (await admin.request('POST', '/api/v1/mailboxes', valid())).json() as { id: string };
    const queued = await admin.request('POST', `/api/v1/mailboxes/${mailbox.id}/fetch`);
    expect(queued.statusCode, queued.body).toBe(202);
    await admin.request('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { isEnabled: false });
    const refused = await admin.request('POST', `/api/v1/mailboxes/${mailbox.id}/fetch`);
    expect(refused.statusCode).toBe(409);
    const messages = await admin.request('GET', `/api/v1/mailboxes/${mailbox.id}/messages`);
    expect(messages.json()).toEqual({ items: [] });
  });
});
