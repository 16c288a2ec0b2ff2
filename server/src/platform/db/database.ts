import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import pg from 'pg';
import type { Db as QueueDatabase } from 'pg-boss';
import { fromPglite } from 'pg-boss';
import { PreparedStatements } from './prepared-statements.js';
import { ReferenceCache, readReferenceVersion, TransactionReferenceVersion } from './reference-cache.js';

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** The same connection seen by the job queue, so a job is enqueued inside this transaction. */
  readonly queue: QueueDatabase;
  /**
   * Reference data under `key`, loaded by `load` through this connection and kept in memory until an
   * administrator changes any reference table (see reference-cache.ts).
   */
  referenceData<T>(key: string, load: (db: Queryable) => Promise<T>): Promise<T>;
}

export interface Transaction extends Queryable {
  /** Runs a script of several statements without parameters (migrations, restore). */
  exec(script: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a short transaction of its own beside one the caller has open, on a connection of a
   * small separate pool (so callers holding every main connection cannot starve it), committed
   * whatever becomes of the caller's. PostgreSQL only: PGlite runs one transaction at a time.
   */
  readonly besideTransaction?: <T>(fn: (tx: Transaction) => Promise<T>) => Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

// Both engines must hand the same JavaScript values to the domain: counts and amounts as numbers,
// calendar dates as 'YYYY-MM-DD' strings (never a Date at local midnight).
const toNumber = (value: string) => Number(value);
const asIs = (value: string) => value;

pg.types.setTypeParser(INT8, toNumber);
pg.types.setTypeParser(NUMERIC, toNumber);
pg.types.setTypeParser(DATE, asIs);

/** PostgreSQL's answers that mean "this transaction lost a race; run it again": deadlock, serialisation. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;
/** Connections for `besideTransaction`: its transactions are a few statements long. */
const BESIDE_POOL_MAX = 4;

function isRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (RETRYABLE_SQLSTATES.has(String((error as { code?: unknown }).code)) || isStalePlan(error))
  );
}

/**
 * A prepared statement whose result columns changed under it (another process migrated a table it
 * reads with `*`). Its connection is dropped, so the statement is prepared afresh on the next one.
 */
function isStalePlan(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '0A000' &&
    (error as { routine?: unknown }).routine === 'RevalidateCachedQuery'
  );
}

/**
 * Runs a transaction again when the database aborted it to break a deadlock (two tickets' actions
 * locking the same rows in opposite orders). Everything a transaction does — rows, queued jobs — rolled
 * back with it, so running it again is safe; the caller sees the one outcome, not a 500.
 */
async function withTransactionRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || attemptNumber >= TRANSACTION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attemptNumber));
    }
  }
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #besidePool: pg.Pool;
  readonly queue: QueueDatabase;
  readonly #reference = new ReferenceCache();
  readonly #statements: PreparedStatements;

  constructor(connectionString: string, max: number, preparedStatements: boolean) {
    this.#statements = new PreparedStatements(preparedStatements);
    // A bounded wait for a connection: while the database is down, requests fail fast (503) instead of hanging.
    this.#pool = new pg.Pool({
      connectionString,
      max,
      application_name: 'aftercare',
      connectionTimeoutMillis: 10_000,
    });
    this.#besidePool = new pg.Pool({
      connectionString,
      max: BESIDE_POOL_MAX,
      application_name: 'aftercare',
      connectionTimeoutMillis: 10_000,
    });
    // An idle client that loses its connection must not crash the process; the pool replaces it.
    this.#pool.on('error', () => undefined);
    this.#besidePool.on('error', () => undefined);
    this.queue = { executeSql: (text, values) => this.#poolQuery(text, values) };
  }

  async query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    return (await this.#poolQuery(text, params)).rows as Row[];
  }

  async #poolQuery(text: string, params?: readonly unknown[]) {
    try {
      return await this.#pool.query(this.#statements.configure(text, params));
    } catch (error) {
      // The pool dropped the connection that failed; the next one prepares the statement afresh.
      if (!isStalePlan(error)) throw error;
      return this.#pool.query(this.#statements.configure(text, params));
    }
  }

  async referenceData<T>(key: string, load: (db: Queryable) => Promise<T>): Promise<T> {
    return this.#reference.get(this, await readReferenceVersion(this), key, load);
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return withTransactionRetries(() => this.#transactionOnce(this.#pool, fn));
  }

  readonly besideTransaction = <T>(fn: (tx: Transaction) => Promise<T>): Promise<T> =>
    withTransactionRetries(() => this.#transactionOnce(this.#besidePool, fn));

  async #transactionOnce<T>(pool: pg.Pool, fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    // A checked-out client has no listener of the pool's: a connection lost mid-transaction (database
    // restarted) would be an unhandled 'error' event and end the process. The next query fails instead.
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
    };
    client.on('error', onError);
    const release = (error?: Error) => {
      client.removeListener('error', onError);
      client.release(error ?? lost);
    };
    const reference = this.#reference;
    const statements = this.#statements;
    const tx: Transaction = {
      query: async <Row>(text: string, params?: readonly unknown[]) => {
        version.observe(text);
        return (await client.query(statements.configure(text, params))).rows as Row[];
      },
      queue: { executeSql: (text, values) => client.query(statements.configure(text, values)) },
      exec: async (script: string) => {
        version.observe(script);
        await client.query(script);
      },
      referenceData: async (key, load) => reference.get(tx, await version.read(), key, load),
    };
    const version = new TransactionReferenceVersion(tx);
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').then(
        () => release(isStalePlan(error) ? (error as Error) : undefined),
        (rollbackError: Error) => release(rollbackError),
      );
      throw error;
    }
  }

  async exec(script: string): Promise<void> {
    await this.#pool.query(script);
  }

  async close(): Promise<void> {
    await Promise.all([this.#pool.end(), this.#besidePool.end()]);
  }
}

/** Thrown when another live process already has the embedded database open. */
export class DatabaseInUseError extends Error {}

/**
 * PGlite is PostgreSQL inside one process: two processes on one data directory would corrupt it.
 * A lock file naming the owner's pid keeps a second one out; a lock left by a dead process is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'aftercare.lock');
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(readFileSync(lockFile, 'utf8'));
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new DatabaseInUseError(
        `The embedded database in ${dataDir} is in use by process ${owner} (a running Aftercare). Stop it first, or use PostgreSQL (DATABASE_URL) to run several processes.`,
      );
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  readonly queue: QueueDatabase;
  private readonly reference = new ReferenceCache();

  constructor(
    readonly pglite: PGlite,
    private readonly unlock: () => void = () => undefined,
  ) {
    this.queue = fromPglite(pglite);
  }

  async query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    return (await this.pglite.query<Row>(text, params as unknown[])).rows;
  }

  async referenceData<T>(key: string, load: (db: Queryable) => Promise<T>): Promise<T> {
    return this.reference.get(this, await readReferenceVersion(this), key, load);
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return withTransactionRetries(() => this.transactionOnce(fn));
  }

  // Not an ES private member: tests share one embedded database between two apps through an object
  // that delegates to this one, and # members do not follow delegation.
  private transactionOnce<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.pglite.transaction(async (inner) => {
      const reference = this.reference;
      const tx: Transaction = {
        query: async <Row>(text: string, params?: readonly unknown[]) => {
          version.observe(text);
          return (await inner.query<Row>(text, params as unknown[])).rows;
        },
        queue: { executeSql: (text, values) => inner.query(text, values as unknown[]) },
        exec: async (script: string) => {
          version.observe(script);
          await inner.exec(script);
        },
        referenceData: async (key, load) => reference.get(tx, await version.read(), key, load),
      };
      const version = new TransactionReferenceVersion(tx);
      return fn(tx);
    });
  }

  async exec(script: string): Promise<void> {
    await this.pglite.exec(script);
  }

  async close(): Promise<void> {
    await this.pglite.close();
    this.unlock();
  }
}

export type DatabaseOptions =
  | {
      kind: 'postgres';
      url: string;
      poolMax: number;
      /** Run repeated statements as named prepared statements (off behind a pooler that cannot). */
      preparedStatements?: boolean;
    }
  | { kind: 'pglite'; dataDir: string | undefined };

/** Opens PostgreSQL when a URL is configured, otherwise embedded PGlite (in memory when no directory). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === 'postgres') {
    const database = new PostgresDatabase(options.url, options.poolMax, options.preparedStatements ?? true);
    await database.query('SELECT 1');
    return database;
  }
  let dataDir: string | undefined;
  let unlock: (() => void) | undefined;
  if (options.dataDir) {
    dataDir = join(options.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
  }
  try {
    const pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      parsers: { [pgliteTypes.INT8]: toNumber, [pgliteTypes.NUMERIC]: toNumber, [pgliteTypes.DATE]: asIs },
      // Contrib extensions the migrations create (PostgreSQL servers ship them with contrib).
      extensions: { btree_gin },
    });
    return new PgliteDatabase(pglite, unlock);
  } catch (error) {
    unlock?.();
    throw error;
  }
}
