import type { Queryable } from '../../platform/db/database.js';

export interface TableInfo {
  name: string;
  /** A column referencing this same table (a tree), whose parents must be restored first. */
  selfReference?: { column: string; referenced: string };
}

/** The application's tables (not the job queue's), each after every table it references. */
export async function listTablesInDependencyOrder(db: Queryable): Promise<TableInfo[]> {
  const tables = (
    await db.query<{ name: string }>(
      // Bookkeeping of this database, not data: which migrations ran, and the version of its reference
      // data (a restored value could name rows a running server holds in memory from before).
      `SELECT tablename AS name FROM pg_tables
        WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'reference_data_version')
        ORDER BY tablename`,
    )
  ).map((row) => row.name);
  const references = await db.query<{
    child: string;
    parent: string;
    child_column: string;
    parent_column: string;
  }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            a.attname AS child_column, pa.attname AS parent_column
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
  );
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (table) =>
        !placed.has(table) &&
        references.every((ref) => ref.child !== table || ref.parent === table || placed.has(ref.parent)),
    );
    if (ready.length === 0) throw new Error('The tables reference each other in a cycle');
    for (const table of ready) {
      const self = references.find((ref) => ref.child === table && ref.parent === table);
      ordered.push(
        self
          ? { name: table, selfReference: { column: self.child_column, referenced: self.parent_column } }
          : { name: table },
      );
      placed.add(table);
    }
  }
  return ordered;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** The statement reading a table for a backup; a tree's rows come parents first. */
export function selectRowsSql(table: TableInfo): string {
  const name = quote(table.name);
  if (!table.selfReference) return `SELECT row_to_json(t)::text AS row FROM ${name} t`;
  const column = quote(table.selfReference.column);
  const referenced = quote(table.selfReference.referenced);
  return `WITH RECURSIVE tree AS (
            SELECT t.${referenced} AS key, 0 AS depth FROM ${name} t WHERE t.${column} IS NULL
            UNION ALL
            SELECT child.${referenced}, tree.depth + 1 FROM ${name} child JOIN tree ON child.${column} = tree.key
          )
          SELECT row_to_json(t)::text AS row FROM ${name} t JOIN tree ON tree.key = t.${referenced} ORDER BY tree.depth`;
}

export async function insertRows(db: Queryable, table: string, rows: unknown[]): Promise<void> {
  await db.query(
    `INSERT INTO ${quote(table)} SELECT * FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`,
    [JSON.stringify(rows)],
  );
}

export async function countRows(db: Queryable, table: string): Promise<number> {
  const rows = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${quote(table)}`);
  return rows[0]?.count ?? 0;
}

/** Moves every identity/serial sequence past the restored ids. */
export async function resetSequences(db: Queryable): Promise<void> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
  );
  for (const { table_name: table, column_name: column } of columns) {
    await db.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`,
      [`public.${quote(table)}`, column],
    );
  }
}
