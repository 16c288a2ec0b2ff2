import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness.js';
import { currentMigrationVersion, listMigrations, migrate } from './migrate.js';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb.db.close();
  await testDb.drop();
});

describe('migrations', () => {
  it('are numbered without gaps', () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual(versions.map((_, index) => index + 1));
  });

  it('apply once, even when several servers start together', async () => {
    const runs = await Promise.all([migrate(testDb.db), migrate(testDb.db), migrate(testDb.db)]);
    const all = listMigrations().map((m) => m.version);
    expect(runs.flat().sort((a, b) => a - b)).toEqual(all);
    expect(await migrate(testDb.db)).toEqual([]);
    expect(await currentMigrationVersion(testDb.db)).toBe(all.at(-1));
  });

  it('index every foreign key', async () => {
    const unindexed = await testDb.db.query<{ table: string; column: string }>(
      `SELECT c.conrelid::regclass::text AS table, a.attname AS column
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
          AND NOT EXISTS (
            SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])`,
    );
    expect(unindexed).toEqual([]);
  });
});
