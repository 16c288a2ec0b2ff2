import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { listMigrations } from '../db/migrate.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await startTestApp({ AFTERCARE_BODY_LIMIT_BYTES: '4096' });
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

describe('HTTP plumbing', () => {
  it('reports health with the migration version', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: 'up',
      migrationVersion: listMigrations().at(-1)!.version,
    });
  });

  it('serves a valid OpenAPI 3.1 document listing the API', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/users', '/api/v1/auth/sign-in', '/api/v1/audit']),
    );
    const validation = await validate(structuredClone(document));
    expect(validation).toMatchObject({ valid: true });
  });

  it('serves the API reference page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });

  it('exposes Prometheus metrics including request durations', async () => {
    await t.app.inject({ method: 'GET', url: '/api/health' });
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(
      /aftercare_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/,
    );
    expect(response.body).toContain('aftercare_process_resident_memory_bytes');
  });

  it('tags every response with a request id, keeping a sane incoming one', async () => {
    const fresh = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'gateway-abc-123' },
    });
    expect(kept.headers['x-request-id']).toBe('gateway-abc-123');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'bad id\n' },
    });
    expect(replaced.headers['x-request-id']).not.toBe('bad id\n');
  });

  it('sends security headers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('answers an oversized body with 413 payload_too_large', async () => {
    const response = await admin.request('PATCH', '/api/v1/auth/me', { displayName: 'x'.repeat(5000) });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('payload_too_large');
  });

  it('answers malformed JSON with 400 malformed_request', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
      payload: '{"displayName": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('malformed_request');
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/xml' },
      payload: '<me/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('unsupported_media_type');
  });

  it('names each unknown field', async () => {
    const response = await admin.request('PATCH', '/api/v1/auth/me', {
      displayName: 'ok',
      role: 'administrator',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', field: 'body.role' });
  });

  it('answers unknown API paths with a problem, not the web app', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
  });
});

describe('authorisation of every route', () => {
  const permissionRoutes = () =>
    t.app.routeTable.filter(
      (route): route is { method: string; url: string; access: { permission: string | string[] } } =>
        typeof route.access === 'object' && route.access !== null,
    );

  const concrete = (url: string) => url.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');

  it('guards every route that needs a permission', () => {
    const guarded = permissionRoutes().map((route) => `${route.method} ${route.url}`);
    expect(guarded).toEqual(
      expect.arrayContaining(['GET /api/v1/users', 'POST /api/v1/roles', 'GET /api/v1/audit']),
    );
  });

  it('answers 403 to a user without the permission on every guarded route, before reading the body', async () => {
    const viewerUser = await buildUser(admin, { role: 'viewer' });
    const viewer = await signIn(t.app, viewerUser.username, viewerUser.password);
    const viewerPermissions = new Set<string>(
      (await viewer.request('GET', '/api/v1/auth/me')).json().user.permissions,
    );
    const routes = permissionRoutes().filter((route) =>
      [route.access.permission].flat().every((permission) => !viewerPermissions.has(permission)),
    );
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const response = await viewer.request(
        route.method as 'GET',
        concrete(route.url),
        route.method === 'GET' ? undefined : {},
      );
      expect({
        route: `${route.method} ${route.url}`,
        status: response.statusCode,
        code: response.json().code,
      }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 403,
        code: 'forbidden',
      });
    }
  });

  it('answers 401 to anonymous calls on every route that is not public', async () => {
    const routes = t.app.routeTable.filter(
      (route) => route.url.startsWith('/api/v1/') && route.access !== 'public',
    );
    for (const route of routes) {
      const response = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url) });
      expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
    }
  });
});
