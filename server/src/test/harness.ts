import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { ManualClock } from '../platform/clock.js';
import { type AppConfig, loadConfig } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';
import { type Database, openDatabase } from '../platform/db/database.js';
import { createAftercare } from '../server.js';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

/** Which database the integration suites run on: PGlite in memory, or a fresh PostgreSQL database. */
export const testDatabaseKind = process.env.AFTERCARE_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase {
  db: Database;
  url: string | undefined;
  drop(): Promise<void>;
}

/** A new, empty database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'pglite') {
    const db = await openDatabase({ kind: 'pglite', dataDir: undefined });
    return { db, url: undefined, drop: async () => undefined };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('AFTERCARE_TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `aftercare_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: url.toString(), poolMax: 10 });
  return {
    db,
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  context: AppContext;
  /** The PostgreSQL URL of this test's database (undefined on PGlite), for opening more connections. */
  databaseUrl: string | undefined;
  db: Database;
  clock: ManualClock;
  config: AppConfig;
  close(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  database?: TestDatabase,
): Promise<TestApp> {
  const testDb = database ?? (await createTestDatabase());
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    AFTERCARE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    AFTERCARE_ROLE: 'api',
    AFTERCARE_DATA_DIR: '/nonexistent-aftercare-test-dir',
    AFTERCARE_LOGIN_RATE_PER_MINUTE: '10000',
    ...env,
  });
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  const aftercare = await createAftercare(config, { db: testDb.db, clock, webDist: false });
  return {
    app: aftercare.app,
    context: aftercare.context,
    databaseUrl: testDb.url,
    db: testDb.db,
    clock,
    config,
    close: async () => {
      await aftercare.close();
      await testDb.drop();
    },
  };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A signed-in browser: its session cookie and CSRF token ride along on every call. */
export class Session {
  constructor(
    private readonly app: FastifyInstance,
    readonly cookie: string,
    readonly csrfToken: string,
    readonly userId: string,
  ) {}

  request(
    method: Method,
    url: string,
    body?: unknown,
    options: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (options.csrf !== false) headers['x-csrf-token'] = this.csrfToken;
    return this.app.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }
}

export async function signIn(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'aftercare_session');
  const body = response.json() as { csrfToken: string; user: { id: string } };
  return new Session(app, `aftercare_session=${cookie!.value}`, body.csrfToken, body.user.id);
}

export const signInAdmin = (app: FastifyInstance) => signIn(app, 'admin', ADMIN_PASSWORD);

let userCounter = 0;

/** Creates a staff user through the API as an administrator; returns its id and credentials. */
export async function buildUser(
  admin: Session,
  options: { role?: string; groupIds?: string[]; username?: string } = {},
): Promise<{ id: string; username: string; password: string }> {
  const roles = (await admin.request('GET', '/api/v1/roles')).json() as {
    items: { id: string; key: string }[];
  };
  const role = roles.items.find((r) => r.key === (options.role ?? 'agent'));
  userCounter += 1;
  const username = options.username ?? `user${userCounter}_${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const response = await admin.request('POST', '/api/v1/users', {
    username,
    displayName: `测试用户${userCounter}`,
    password,
    roleId: role!.id,
    groupIds: options.groupIds ?? [],
  });
  if (response.statusCode !== 201) throw new Error(`user creation failed: ${response.body}`);
  return { id: (response.json() as { id: string }).id, username, password };
}

export async function buildGroup(
  admin: Session,
  fields: { key?: string; name?: string; kind?: string; parentId?: string } = {},
) {
  const key = fields.key ?? `g_${randomBytes(4).toString('hex')}`;
  const response = await admin.request('POST', '/api/v1/groups', {
    ...fields,
    name: fields.name ?? `小组 ${key}`,
    key,
  });
  if (response.statusCode !== 201) throw new Error(`group creation failed: ${response.body}`);
  return response.json() as { id: string; key: string };
}
