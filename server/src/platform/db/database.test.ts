import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseInUseError, openDatabase } from './database.js';

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database lock', () => {
  it('keeps a second opener out while the first is open, and lets it in afterwards', async () => {
    const dir = newDir();
    // Another live process (this test's parent) holds the lock.
    writeFileSync(join(dir, 'aftercare.lock'), String(process.ppid));
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toBeInstanceOf(DatabaseInUseError);
    // A lock left behind by a process that is gone is taken over.
    writeFileSync(join(dir, 'aftercare.lock'), '999999999');
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    const rows = await db.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
    await db.close();
    const again = await openDatabase({ kind: 'pglite', dataDir: dir });
    await again.close();
  });
});
