import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness.js';
import { type Database, openDatabase } from './database.js';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await testDb.db.exec(
    `CREATE TABLE prepared_probe (id int PRIMARY KEY, note text NOT NULL);
     INSERT INTO prepared_probe VALUES (1, 'one'), (2, 'two');`,
  );
});
afterAll(async () => {
  await testDb.db.close();
  await testDb.drop();
});

const readProbe = 'SELECT * FROM prepared_probe WHERE id = $1';

/** A PostgreSQL database on one connection, so what it prepared can be seen on that connection. */
async function withOneConnection(preparedStatements: boolean, fn: (db: Database) => Promise<void>) {
  const db = await openDatabase({ kind: 'postgres', url: testDb.url!, poolMax: 1, preparedStatements });
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

const preparedTexts = async (db: Database) =>
  (
    await db.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE $1', [true])
  ).map((row) => row.statement);

describe('prepared statements on PostgreSQL', () => {
  it('prepare a statement that runs again and again, once per connection', async () => {
    if (!testDb.url) return expect(testDb.db.kind).toBe('pglite');
    await withOneConnection(true, async (db) => {
      for (const id of [1, 2, 1, 2]) {
        const rows = await db.query<{ note: string }>(readProbe, [id]);
        expect(rows[0]?.note).toBe(id === 1 ? 'one' : 'two');
      }
      expect(await preparedTexts(db)).toContain(readProbe);
    });
  });

  it('prepare nothing when switched off', async () => {
    if (!testDb.url) return expect(testDb.db.kind).toBe('pglite');
    await withOneConnection(false, async (db) => {
      for (const id of [1, 2, 1, 2]) await db.query(readProbe, [id]);
      expect(await preparedTexts(db)).toEqual([]);
    });
  });

  it('answer with the new columns after another process changes a table a prepared statement reads', async () => {
    if (!testDb.url) return expect(testDb.db.kind).toBe('pglite');
    await withOneConnection(true, async (db) => {
      for (let run = 0; run < 4; run++) await db.query(readProbe, [1]);
      await db.transaction(async (tx) => {
        for (let run = 0; run < 4; run++) await tx.query(readProbe, [2]);
      });
      await testDb.db.exec(`ALTER TABLE prepared_probe ADD COLUMN origin text NOT NULL DEFAULT 'migrated'`);
      expect(await db.query(readProbe, [1])).toEqual([{ id: 1, note: 'one', origin: 'migrated' }]);

      await testDb.db.exec(`ALTER TABLE prepared_probe ADD COLUMN checked boolean NOT NULL DEFAULT true`);
      const inTransaction = await db.transaction((tx) => tx.query(readProbe, [2]));
      expect(inTransaction).toEqual([{ id: 2, note: 'two', origin: 'migrated', checked: true }]);
    });
  });
});
