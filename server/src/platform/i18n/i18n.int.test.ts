import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
  t = await startTestApp();
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

/** A signed-in call with an explicit Accept-Language header. */
const callAs = (session: Session, acceptLanguage: string, payload: object) =>
  t.app.inject({
    method: 'PATCH',
    url: '/api/v1/auth/me',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'accept-language': acceptLanguage },
    payload,
  });

describe('error messages in the reader’s language', () => {
  const wrongPassword = async (username: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers,
      payload: { username, password: 'not-the-password' },
    });

  it('answers a wrong password in Chinese by default', async () => {
    const user = await buildUser(admin);
    const response = await wrongPassword(user.username);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      code: 'invalid_credentials',
      title: '凭据错误',
      detail: '用户名或密码错误',
    });
  });

  it('answers a wrong password in English when the client asks for English', async () => {
    const user = await buildUser(admin);
    const response = await wrongPassword(user.username, { 'accept-language': 'en-US,en;q=0.9' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      code: 'invalid_credentials',
      title: 'Invalid credentials',
      detail: 'Wrong username or password',
    });
  });

  it('gives a signed-in English user English validation messages naming each field', async () => {
    const user = await buildUser(admin);
    const session = await signIn(t.app, user.username, user.password);
    expect((await session.request('PATCH', '/api/v1/auth/me', { locale: 'en' })).statusCode).toBe(200);

    // The user's own language wins over the header.
    const response = await callAs(session, 'zh-CN', { displayName: 42, nickname: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      title: 'Invalid request',
      field: 'body.displayName',
      detail: 'body.displayName: Invalid input: expected string, received number',
      errors: [
        { field: 'body.displayName', message: 'Invalid input: expected string, received number' },
        { field: 'body.nickname', message: 'Unknown field' },
      ],
    });
  });

  it('gives a Chinese user Chinese validation messages', async () => {
    const response = await callAs(admin, 'en', { displayName: '' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      title: '请求参数有误',
      field: 'body.displayName',
      errors: [{ field: 'body.displayName', message: '数值过小：期望 string >=1 字符' }],
    });
  });

  it('localizes domain errors with their parameters', async () => {
    const existing = await buildUser(admin);
    const roles = (await admin.request('GET', '/api/v1/roles')).json() as { items: { id: string }[] };
    const response = await admin.request('POST', '/api/v1/users', {
      username: existing.username,
      displayName: '重复用户',
      password: 'long-enough-password',
      roleId: roles.items[0]!.id,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'conflict',
      field: 'body.username',
      detail: `用户名 ${existing.username} 已被使用`,
    });
  });

  it('localizes errors raised before anyone is signed in', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'not_authenticated', detail: 'Please sign in' });
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(missing.json()).toMatchObject({
      code: 'not_found',
      detail: '没有此接口：GET /api/v1/nothing-here',
    });
  });
});
