import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await startTestApp({
    AFTERCARE_LOGIN_MAX_FAILURES: '3',
    AFTERCARE_LOGIN_LOCK_MINUTES: '15',
    AFTERCARE_SESSION_TTL_HOURS: '2',
  });
});
// Tests move the clock past session lifetimes, so every test starts with a fresh administrator session.
beforeEach(async () => {
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

const signInRequest = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });

describe('sign-in', () => {
  it('sets an HttpOnly SameSite=Lax session cookie and returns the user with a CSRF token', async () => {
    const response = await signInRequest('admin', ADMIN_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'aftercare_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    const body = response.json();
    expect(body.user.username).toBe('admin');
    expect(body.user.role.key).toBe('administrator');
    expect(body.user.permissions).toContain('users.manage');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('marks the cookie Secure when the request came over TLS through a trusted proxy', async () => {
    const proxied = await startTestApp({ AFTERCARE_TRUST_PROXY: 'true' });
    try {
      const response = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: 'admin', password: ADMIN_PASSWORD },
      });
      expect(response.cookies.find((c) => c.name === 'aftercare_session')?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('answers a wrong password and an unknown user alike with 401 invalid_credentials', async () => {
    const wrong = await signInRequest('admin', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json().code).toBe('invalid_credentials');
    const unknown = await signInRequest('nobody-here', 'whatever-password');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('invalid_credentials');
    await signInRequest('admin', ADMIN_PASSWORD);
  });

  it('locks the account after the configured failures, shows the lock to admins, and unlocks', async () => {
    const user = await buildUser(admin);
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const response = await signInRequest(user.username, 'wrong-password');
      expect(response.json()).toMatchObject({ code: 'invalid_credentials', remainingAttempts: 3 - attempt });
    }
    const locking = await signInRequest(user.username, 'wrong-password');
    expect(locking.statusCode).toBe(403);
    expect(locking.json().code).toBe('account_locked');
    // Even the right password is refused while locked.
    const refused = await signInRequest(user.username, user.password);
    expect(refused.json().code).toBe('account_locked');
    expect(new Date(refused.json().lockedUntil).getTime()).toBe(t.clock.now().getTime() + 15 * 60_000);

    const locked = (await admin.request('GET', '/api/v1/users?status=locked')).json();
    expect(locked.items.map((u: { username: string }) => u.username)).toEqual([user.username]);
    expect(locked.items[0]).toMatchObject({ isLocked: true, failedSignIns: 3 });

    const unlocked = await admin.request('POST', `/api/v1/users/${user.id}/unlock`);
    expect(unlocked.json()).toMatchObject({ isLocked: false, failedSignIns: 0, lockedUntil: null });
    expect((await signInRequest(user.username, user.password)).statusCode).toBe(200);

    const audit = (await admin.request('GET', `/api/v1/audit?entityId=${user.id}&action=user.locked`)).json();
    expect(audit.items).toHaveLength(1);
  });

  it('lets a lock run out by itself', async () => {
    const user = await buildUser(admin);
    for (let attempt = 0; attempt < 3; attempt += 1) await signInRequest(user.username, 'wrong-password');
    expect((await signInRequest(user.username, user.password)).json().code).toBe('account_locked');
    t.clock.advance(16 * 60_000);
    expect((await signInRequest(user.username, user.password)).statusCode).toBe(200);
  });

  it('refuses a disabled account', async () => {
    const user = await buildUser(admin);
    await admin.request('PATCH', `/api/v1/users/${user.id}`, { isActive: false });
    const response = await signInRequest(user.username, user.password);
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('account_disabled');
  });

  it('throttles repeated sign-in attempts from one address with 429', async () => {
    const throttled = await startTestApp({ AFTERCARE_LOGIN_RATE_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const response = await throttled.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { username: 'admin', password: 'wrong-password' },
        });
        codes.push(response.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await throttled.close();
    }
  });
});

describe('sessions', () => {
  it('expires an idle session and then answers 401 session_expired', async () => {
    const user = await buildUser(admin);
    const session = await signIn(t.app, user.username, user.password);
    expect((await session.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advance(2 * 3_600_000 + 1000);
    const expired = await session.request('GET', '/api/v1/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('session_expired');
    const again = await session.request('GET', '/api/v1/auth/me');
    expect(again.json().code).toBe('not_authenticated');
  });

  it('slides a session forward while it is used', async () => {
    const user = await buildUser(admin);
    const session = await signIn(t.app, user.username, user.password);
    for (let step = 0; step < 4; step += 1) {
      t.clock.advance(3_600_000);
      expect((await session.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    }
  });

  it('ends the session on sign-out', async () => {
    const user = await buildUser(admin);
    const session = await signIn(t.app, user.username, user.password);
    expect((await session.request('POST', '/api/v1/auth/sign-out')).statusCode).toBe(204);
    expect((await session.request('GET', '/api/v1/auth/me')).json().code).toBe('not_authenticated');
  });

  it('requires the CSRF header on cookie-authenticated writes', async () => {
    const missing = await admin.request('PATCH', '/api/v1/auth/me', { locale: 'en' }, { csrf: false });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_token_invalid');
    const wrong = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: { cookie: admin.cookie, 'x-csrf-token': 'forged' },
      payload: { locale: 'en' },
    });
    expect(wrong.json().code).toBe('csrf_token_invalid');
    const me = (await admin.request('GET', '/api/v1/auth/me')).json();
    expect(me.user.locale).toBe('zh-CN');
    const right = await admin.request('PATCH', '/api/v1/auth/me', { locale: 'en' });
    expect(right.json().user.locale).toBe('en');
    await admin.request('PATCH', '/api/v1/auth/me', { locale: 'zh-CN' });
  });

  it('answers 401 to calls without credentials', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/users' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('not_authenticated');
  });

  it('changes the own password only with the current one', async () => {
    const user = await buildUser(admin);
    const session = await signIn(t.app, user.username, user.password);
    const wrong = await session.request('POST', '/api/v1/auth/password', {
      currentPassword: 'nope',
      newPassword: 'a-new-password',
    });
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials', field: 'body.currentPassword' });
    const short = await session.request('POST', '/api/v1/auth/password', {
      currentPassword: user.password,
      newPassword: 'short',
    });
    expect(short.json()).toMatchObject({ code: 'validation_failed', field: 'body.newPassword' });
    const ok = await session.request('POST', '/api/v1/auth/password', {
      currentPassword: user.password,
      newPassword: 'a-new-password',
    });
    expect(ok.statusCode).toBe(204);
    expect((await signInRequest(user.username, 'a-new-password')).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  const bearer = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });

  it('is shown once, stored hashed, works within its scopes and stops working when revoked', async () => {
    const created = await admin.request('POST', '/api/v1/tokens', {
      name: 'ERP 集成',
      scopes: ['audit.read'],
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^ac_/);
    const stored = await t.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [id],
    );
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(stored[0]!.token_hash).toHaveLength(64);
    const listed = (await admin.request('GET', '/api/v1/tokens')).json();
    expect(JSON.stringify(listed)).not.toContain(token);

    expect((await bearer(token, 'GET', '/api/v1/audit')).statusCode).toBe(200);
    const outOfScope = await bearer(token, 'GET', '/api/v1/users');
    expect(outOfScope.statusCode).toBe(403);
    expect(outOfScope.json().code).toBe('token_scope_missing');
    // Tokens need no CSRF header: they are not sent by browsers on their own.
    const write = await bearer(token, 'POST', '/api/v1/roles', { key: 'x_role', name: 'X', permissions: [] });
    expect(write.json().code).toBe('token_scope_missing');

    expect((await admin.request('DELETE', `/api/v1/tokens/${id}`)).statusCode).toBe(204);
    const revoked = await bearer(token, 'GET', '/api/v1/audit');
    expect(revoked.statusCode).toBe(401);
  });

  it('cannot carry a scope its user does not hold, nor an unknown one', async () => {
    const unknown = await admin.request('POST', '/api/v1/tokens', { name: 'x', scopes: ['everything'] });
    expect(unknown.json()).toMatchObject({ code: 'validation_failed', field: 'body.scopes' });
  });

  it('expires', async () => {
    const { token } = (
      await admin.request('POST', '/api/v1/tokens', {
        name: 'short',
        scopes: ['audit.read'],
        expiresInDays: 1,
      })
    ).json();
    expect((await bearer(token, 'GET', '/api/v1/audit')).statusCode).toBe(200);
    t.clock.advance(86_400_000 + 1000);
    expect((await bearer(token, 'GET', '/api/v1/audit')).statusCode).toBe(401);
  });

  it('rejects malformed Authorization headers', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Basic abc' },
    });
    expect(response.statusCode).toBe(401);
    const garbage = await bearer('not-a-token', 'GET', '/api/v1/auth/me');
    expect(garbage.statusCode).toBe(401);
  });
});
