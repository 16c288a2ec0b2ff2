import { createHash } from 'node:crypto';

/** How often a statement's text must have run before it is prepared on the connections. */
const USES_BEFORE_PREPARING = 3;
/**
 * At most this many texts are prepared. Every connection keeps each one it has run (on the server,
 * its parse tree and plans), and some texts are built per request (a list's filters, a batch's row
 * count): the hot statements reach the threshold within the first requests, and the bound keeps the
 * rest from growing without end.
 */
const MAX_PREPARED_TEXTS = 256;
/** Texts counted towards the threshold at most; past it the count starts again (one-off texts). */
const MAX_COUNTED_TEXTS = 4096;

export interface StatementConfig {
  /** Set when the statement runs as a named prepared statement. */
  name?: string;
  text: string;
  values?: unknown[];
}

/**
 * Names the statements the server runs again and again so that PostgreSQL parses and plans them once
 * per connection instead of on every run (the extended protocol's unnamed statement is parsed and
 * planned each time; for the ticket's joins that was a large share of the database's CPU per request).
 * A name is a digest of the text, so the same text has the same name on every connection.
 */
export class PreparedStatements {
  readonly #uses = new Map<string, number>();
  readonly #names = new Map<string, string>();

  constructor(private readonly enabled: boolean) {}

  configure(text: string, values?: readonly unknown[]): StatementConfig {
    const plain = { text, ...(values ? { values: values as unknown[] } : {}) };
    if (!this.enabled || !preparable(text, values)) return plain;
    const name = this.#names.get(text);
    if (name) return { name, ...plain };
    if (this.#names.size >= MAX_PREPARED_TEXTS) return plain;
    const uses = (this.#uses.get(text) ?? 0) + 1;
    if (uses < USES_BEFORE_PREPARING) {
      if (this.#uses.size >= MAX_COUNTED_TEXTS) this.#uses.clear();
      this.#uses.set(text, uses);
      return plain;
    }
    this.#uses.delete(text);
    const digest = `s${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    this.#names.set(text, digest);
    return { name: digest, ...plain };
  }

  /** How many texts are prepared now (for tests and diagnostics). */
  get preparedCount(): number {
    return this.#names.size;
  }
}

/**
 * A prepared statement is one statement: a script without parameters may hold several, so a text
 * without parameters is prepared only when it cannot (no semicolon in it).
 */
function preparable(text: string, values?: readonly unknown[]): boolean {
  if (values && values.length > 0) return true;
  return !text.includes(';');
}
