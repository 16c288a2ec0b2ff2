import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness.js';
import type { Transaction } from './database.js';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await testDb.db.exec('CREATE TABLE retry_probe (id serial PRIMARY KEY, note text NOT NULL)');
});
afterAll(async () => {
  await testDb.db.close();
  await testDb.drop();
});

/** Makes the database itself abort the transaction with this SQLSTATE, as it does to break a deadlock. */
const abortWith = (tx: Transaction, sqlState: string) =>
  tx.exec(`DO $$ BEGIN RAISE EXCEPTION 'aborted by the test' USING ERRCODE = '${sqlState}'; END $$`);

const probeNotes = async () =>
  (await testDb.db.query<{ note: string }>('SELECT note FROM retry_probe ORDER BY id')).map(
    (row) => row.note,
  );

describe('transactions', () => {
  it('run again when the database aborts them for a deadlock or a serialisation failure, keeping one outcome', async () => {
    for (const sqlState of ['40P01', '40001']) {
      let attempts = 0;
      const result = await testDb.db.transaction(async (tx) => {
        attempts++;
        await tx.query('INSERT INTO retry_probe (note) VALUES ($1)', [`${sqlState} attempt ${attempts}`]);
        if (attempts === 1) await abortWith(tx, sqlState);
        return attempts;
      });
      expect(result).toBe(2);
    }
    expect(await probeNotes()).toEqual(['40P01 attempt 2', '40001 attempt 2']);
  });

  it('give up after three attempts and report the database error', async () => {
    let attempts = 0;
    const failing = testDb.db.transaction(async (tx) => {
      attempts++;
      await abortWith(tx, '40P01');
    });
    await expect(failing).rejects.toMatchObject({ code: '40P01' });
    expect(attempts).toBe(3);
  });

  it('do not run again for other errors', async () => {
    let attempts = 0;
    const failing = testDb.db.transaction(async (tx) => {
      attempts++;
      await abortWith(tx, '23505');
    });
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
  });
});
