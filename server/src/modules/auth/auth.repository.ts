import type { Queryable } from '../../platform/db/database.js';

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

export async function insertSession(
  db: Queryable,
  session: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
    [
      session.tokenHash,
      session.userId,
      session.csrfToken,
      session.ip,
      session.userAgent,
      session.now,
      session.expiresAt,
    ],
  );
}

export async function findSession(db: Queryable, tokenHash: string): Promise<SessionRecord | undefined> {
  const rows = await db.query<{
    token_hash: string;
    user_id: string;
    csrf_token: string;
    expires_at: Date;
    last_seen_at: Date;
  }>('SELECT token_hash, user_id, csrf_token, expires_at, last_seen_at FROM sessions WHERE token_hash = $1', [
    tokenHash,
  ]);
  const row = rows[0];
  return (
    row && {
      tokenHash: row.token_hash,
      userId: row.user_id,
      csrfToken: row.csrf_token,
      expiresAt: row.expires_at,
      lastSeenAt: row.last_seen_at,
    }
  );
}

export async function touchSession(
  db: Queryable,
  tokenHash: string,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1', [
    tokenHash,
    now,
    expiresAt,
  ]);
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteSessionsOfUser(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

export async function deleteExpiredSessions(db: Queryable, now: Date): Promise<number> {
  const rows = await db.query<{ count: number }>(
    'WITH gone AS (DELETE FROM sessions WHERE expires_at <= $1 RETURNING 1) SELECT count(*)::int AS count FROM gone',
    [now],
  );
  return rows[0]?.count ?? 0;
}

export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  tokenPrefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

type ApiTokenRow = {
  id: string;
  user_id: string;
  name: string;
  token_prefix: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

const toToken = (row: ApiTokenRow): ApiTokenRecord => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  tokenPrefix: row.token_prefix,
  scopes: row.scopes,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

const TOKEN_COLUMNS =
  'id, user_id, name, token_prefix, scopes, created_at, expires_at, last_used_at, revoked_at';

export async function insertApiToken(
  db: Queryable,
  token: {
    userId: string;
    name: string;
    tokenPrefix: string;
    tokenHash: string;
    scopes: string[];
    now: Date;
    expiresAt: Date | null;
  },
): Promise<ApiTokenRecord> {
  const rows = await db.query<ApiTokenRow>(
    `INSERT INTO api_tokens (user_id, name, token_prefix, token_hash, scopes, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${TOKEN_COLUMNS}`,
    [token.userId, token.name, token.tokenPrefix, token.tokenHash, token.scopes, token.now, token.expiresAt],
  );
  return toToken(rows[0]!);
}

export async function findApiTokenByHash(
  db: Queryable,
  tokenHash: string,
): Promise<ApiTokenRecord | undefined> {
  const rows = await db.query<ApiTokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1`, [
    tokenHash,
  ]);
  return rows[0] && toToken(rows[0]);
}

export async function findApiToken(db: Queryable, id: string): Promise<ApiTokenRecord | undefined> {
  const rows = await db.query<ApiTokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
  return rows[0] && toToken(rows[0]);
}

export async function listApiTokens(db: Queryable, userId: string): Promise<ApiTokenRecord[]> {
  const rows = await db.query<ApiTokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC`,
    [userId],
  );
  return rows.map(toToken);
}

export async function markApiTokenUsed(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, now]);
}

export async function revokeApiToken(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now]);
}
