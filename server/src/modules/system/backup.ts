import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.js';
import { currentMigrationVersion, listMigrations, migrate } from '../../platform/db/migrate.js';
import { AppError } from '../../platform/http/errors.js';
import {
  countRows,
  insertRows,
  listTablesInDependencyOrder,
  resetSequences,
  selectRowsSql,
} from './backup.repository.js';

const FORMAT = 'aftercare-backup';
const BATCH = 500;

const headerLine = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.literal(1),
  migrationVersion: z.number().int(),
  createdAt: z.string(),
});
const rowsLine = z.object({ table: z.string(), rows: z.array(z.unknown()) });

/**
 * Writes every application table to a gzip'd JSON-lines file, from one consistent snapshot.
 * Queued background jobs are not included: they are transient and re-created by the running system.
 */
export async function backupDatabase(db: Database, file: string): Promise<{ tables: number; rows: number }> {
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(file));
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  let rowCount = 0;
  const tables = await db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await write(
      JSON.stringify({
        format: FORMAT,
        formatVersion: 1,
        migrationVersion: await currentMigrationVersion(tx),
        createdAt: new Date().toISOString(),
      }),
    );
    const tableList = await listTablesInDependencyOrder(tx);
    for (const table of tableList) {
      await tx.query(`DECLARE backup_rows NO SCROLL CURSOR FOR ${selectRowsSql(table)}`);
      for (;;) {
        const batch = await tx.query<{ row: string }>(`FETCH ${BATCH} FROM backup_rows`);
        if (batch.length === 0) break;
        rowCount += batch.length;
        await write(`{"table":${JSON.stringify(table.name)},"rows":[${batch.map((r) => r.row).join(',')}]}`);
      }
      await tx.query('CLOSE backup_rows');
    }
    return tableList.length;
  });
  gzip.end();
  await written;
  return { tables, rows: rowCount };
}

/** Restores a backup into an empty database: schema to the backup's version, the rows, then newer migrations. */
export async function restoreDatabase(db: Database, file: string): Promise<{ tables: number; rows: number }> {
  const input = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = headerLine.safeParse(first.done ? undefined : safeJson(first.value));
  if (!header.success) throw new AppError('validation_failed', 'backup.notABackup', { params: { file } });
  const migrations = listMigrations();
  const newest = migrations.at(-1)?.version ?? 0;
  if (header.data.migrationVersion > newest) {
    throw new AppError('conflict', 'backup.newerSchema', {
      params: { version: header.data.migrationVersion },
    });
  }
  await migrate(
    db,
    migrations.filter((migration) => migration.version <= header.data.migrationVersion),
  );
  const tables = new Set<string>();
  let rowCount = 0;
  await db.transaction(async (tx) => {
    for (const table of await listTablesInDependencyOrder(tx)) {
      if ((await countRows(tx, table.name)) > 0) {
        throw new AppError('conflict', 'backup.databaseNotEmpty', { params: { table: table.name } });
      }
    }
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (!next.value.trim()) continue;
      const line = rowsLine.parse(safeJson(next.value));
      await insertRows(tx, line.table, line.rows);
      tables.add(line.table);
      rowCount += line.rows.length;
    }
    await resetSequences(tx);
  });
  await migrate(db);
  return { tables: tables.size, rows: rowCount };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
