import type { Queryable } from './database.js';

/**
 * Reference data (settings, rules, SLA policies, calendars, templates, notification channels) kept in
 * memory by each server process. Every use asks the database one cheap question — the version that
 * migration 0012's triggers renew on any write to those tables — and reloads on a change, so a change
 * made by any process is seen by the next use everywhere, and a transaction sees its own changes.
 * A version number is never reused (it comes from a sequence), so it always names the same rows.
 */
export class ReferenceCache {
  readonly #entries = new Map<string, { version: string; value: Promise<unknown> }>();

  async get<T>(db: Queryable, version: string, key: string, load: (db: Queryable) => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry?.version === version) return entry.value as Promise<T>;
    const value = load(db);
    this.#entries.set(key, { version, value });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }
}

export async function readReferenceVersion(db: Pick<Queryable, 'query'>): Promise<string> {
  const rows = await db.query<{ version: string }>(
    'SELECT version::text AS version FROM reference_data_version',
  );
  return rows[0]!.version;
}

/**
 * What a transaction knows of the version: asked once, and forgotten after any statement that may
 * write, since that may have been a write to reference data.
 */
export class TransactionReferenceVersion {
  #known: Promise<string> | undefined;

  constructor(private readonly db: Pick<Queryable, 'query'>) {}

  read(): Promise<string> {
    this.#known ??= readReferenceVersion(this.db);
    return this.#known;
  }

  /** Called with every statement the transaction runs. */
  observe(text: string): void {
    if (mayWriteReferenceData(text)) this.#known = undefined;
  }
}

/** The tables migration 0012's triggers watch. */
const REFERENCE_TABLES = new Set([
  'settings',
  'priorities',
  'categories',
  'classification_rules',
  'sla_policies',
  'business_calendars',
  'calendar_days',
  'notification_templates',
  'notification_robots',
  'group_notification_subscriptions',
  'user_notification_subscriptions',
  'webhook_endpoints',
]);

const READ = /^\s*SELECT\b/i;
const SIMPLE_WRITE = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z_]+)"?[\s(]/i;

/** False only for reads and for plain writes to other tables; anything else may have changed reference data. */
export function mayWriteReferenceData(text: string): boolean {
  if (READ.test(text)) return false;
  const table = SIMPLE_WRITE.exec(text)?.[1];
  return table === undefined || REFERENCE_TABLES.has(table.toLowerCase());
}
