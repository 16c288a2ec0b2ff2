import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness.js';
import { type Database, openDatabase, type Queryable } from './database.js';
import { migrate } from './migrate.js';

let testDb: TestDatabase;
let db: Database;
let loads = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  await migrate(db);
  await db.query(`INSERT INTO settings (key, value) VALUES ('cache.probe', '"first"')`);
});
afterAll(async () => {
  await db.close();
  await testDb.drop();
});

/** The probe setting through the cache, counting how often it is really read. */
const probe = (queryable: Queryable) =>
  queryable.referenceData('probe', async (reference) => {
    loads += 1;
    const rows = await reference.query<{ value: string }>(
      `SELECT value FROM settings WHERE key = 'cache.probe'`,
    );
    return rows[0]?.value;
  });

const setProbe = (queryable: Queryable, value: string) =>
  queryable.query(`UPDATE settings SET value = $1 WHERE key = 'cache.probe'`, [JSON.stringify(value)]);

describe('reference data in memory', () => {
  it('is read once while nothing changes, and again after any write to a reference table', async () => {
    const before = loads;
    expect(await probe(db)).toBe('first');
    expect(await probe(db)).toBe('first');
    expect(await db.transaction((tx) => probe(tx))).toBe('first');
    expect(loads - before).toBe(1);

    await db.query(`UPDATE priorities SET updated_at = now() WHERE false`);
    expect(await probe(db)).toBe('first');
    expect(loads - before).toBe(2);
  });

  it('shows a transaction its own change at once, and others only once it commits', async () => {
    await db.transaction(async (tx) => {
      expect(await probe(tx)).toBe('first');
      await setProbe(tx, 'second');
      expect(await probe(tx)).toBe('second');
      if (db.kind === 'postgres') expect(await probe(db)).toBe('first');
    });
    expect(await probe(db)).toBe('second');
  });

  it('forgets what a rolled-back transaction saw', async () => {
    await expect(
      db.transaction(async (tx) => {
        await setProbe(tx, 'never');
        expect(await probe(tx)).toBe('never');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await probe(db)).toBe('second');
  });

  it("sees another server process's change on its next use", async () => {
    if (!testDb.url) return expect(db.kind).toBe('pglite');
    const other = await openDatabase({ kind: 'postgres', url: testDb.url, poolMax: 2 });
    try {
      expect(await probe(other)).toBe('second');
      await setProbe(db, 'third');
      expect(await probe(other)).toBe('third');
      await setProbe(other, 'fourth');
      expect(await probe(db)).toBe('fourth');
    } finally {
      await other.close();
    }
  });
});
