import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../platform/db/database.js';
import { currentMigrationVersion } from '../../platform/db/migrate.js';
import {
  buildGroup,
  buildUser,
  createTestDatabase,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
  type TestDatabase,
} from '../../test/harness.js';
import { backupDatabase, restoreDatabase } from './backup.js';
import { seedDemoData } from './demo-data.js';

let source: TestApp;
let target: TestDatabase;
let dir: string;

beforeAll(async () => {
  source = await startTestApp();
  target = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'aftercare-backup-'));
});
afterAll(async () => {
  await source.close();
  await target.db.close();
  await target.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of the tables a restore must reproduce, in a stable order, as JSON text. */
async function snapshot(db: Database) {
  const tables = [
    'roles',
    'users',
    'groups',
    'group_members',
    'api_tokens',
    'sessions',
    'settings',
    'audit_log',
    'customers',
    'products',
    'product_batches',
  ];
  const result: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${table} t`);
    result[table] = rows.map((r) => r.row).sort();
  }
  return result;
}

describe('backup and restore', () => {
  it('reproduces users, roles, groups, memberships, tokens and the audit log exactly', async () => {
    const admin = await signInAdmin(source.app);
    await seedDemoData(source.context);
    const department = await buildGroup(admin, { kind: 'department', name: '华东服务部' });
    const group = await buildGroup(admin, { parentId: department.id, name: '杭州服务组' });
    const user = await buildUser(admin, { role: 'agent', groupIds: [group.id] });
    await admin.request('PATCH', `/api/v1/groups/${department.id}`, { leadUserId: user.id });
    await admin.request('POST', '/api/v1/tokens', { name: '商城对接', scopes: ['audit.read'] });
    await admin.request('POST', '/api/v1/roles', {
      key: 'regional_lead',
      name: '区域主管',
      permissions: ['reports.read'],
    });

    const file = join(dir, 'all.backup.gz');
    const written = await backupDatabase(source.db, file);
    expect(written.rows).toBeGreaterThan(50);

    const restored = await restoreDatabase(target.db, file);
    expect(restored.rows).toBe(written.rows);
    expect(await snapshot(target.db)).toEqual(await snapshot(source.db));
    expect(await currentMigrationVersion(target.db)).toBe(await currentMigrationVersion(source.db));

    // Identity sequences continue after the restored rows.
    await target.db.query(
      `INSERT INTO audit_log (actor_label, action, entity_type) VALUES ('test', 'probe', 'system')`,
    );
    const ids = await target.db.query<{ id: number }>(`SELECT id FROM audit_log ORDER BY id DESC LIMIT 2`);
    expect(ids[0]!.id).toBe(ids[1]!.id + 1);
    expect(user.username).toBeTruthy();
  });

  it('refuses to restore over existing data and names what is there', async () => {
    const file = join(dir, 'again.backup.gz');
    await backupDatabase(source.db, file);
    await expect(restoreDatabase(target.db, file)).rejects.toThrow(/empty database/);
  });

  it('refuses a file that is not a backup', async () => {
    const file = join(dir, 'not-a-backup.gz');
    writeFileSync(file, 'hello');
    await expect(restoreDatabase(target.db, file)).rejects.toThrow();
  });

  it('gives a restored installation whose users sign in with their passwords', async () => {
    const admin = await signInAdmin(source.app);
    const user = await buildUser(admin);
    const file = join(dir, 'login.backup.gz');
    await backupDatabase(source.db, file);
    const fresh = await createTestDatabase();
    await restoreDatabase(fresh.db, file);
    const restoredApp = await startTestApp({}, fresh);
    try {
      expect((await signIn(restoredApp.app, user.username, user.password)).userId).toBe(user.id);
      const restoredAdmin = await signInAdmin(restoredApp.app);
      const users = (await restoredAdmin.request('GET', '/api/v1/users')).json();
      expect(users.items.map((u: { username: string }) => u.username)).toContain('zhaomin');
    } finally {
      await restoredApp.close();
    }
  });

  it('moves an installation between engines: an embedded (PGlite) backup restores into this database', async () => {
    const embeddedDb = await openDatabase({ kind: 'pglite', dataDir: undefined });
    const embedded = await startTestApp({}, { db: embeddedDb, url: undefined, drop: async () => undefined });
    const target = await createTestDatabase();
    try {
      const admin = await signInAdmin(embedded.app);
      await buildUser(admin, { role: 'finance' });
      await buildGroup(admin, { name: '华南服务组' });
      const file = join(dir, 'embedded.backup.gz');
      await backupDatabase(embedded.db, file);
      await restoreDatabase(target.db, file);
      expect(await snapshot(target.db)).toEqual(await snapshot(embedded.db));
    } finally {
      await embedded.close();
      await target.db.close();
      await target.drop();
    }
  });
});
