import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import {
  findPasswordHash,
  findUserById,
  findUserByUsername,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  setPasswordHash,
  type UserRecord,
} from '../users/users.repository.js';
import {
  deleteSession,
  deleteSessionsOfUser,
  findApiToken,
  findApiTokenByHash,
  findSession,
  insertApiToken,
  insertSession,
  listApiTokens,
  markApiTokenUsed,
  revokeApiToken,
  touchSession,
} from './auth.repository.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyAgainstDummy, verifyPassword } from './passwords.js';
import { isPermission, type Principal } from './permissions.js';

const TOKEN_PREFIX = 'ac_';
// A session's last-seen time is written at most this often, not on every request.
const TOUCH_INTERVAL_MS = 60_000;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** How a user appears to access checks; sessions and tokens both start from this. */
export function principalOf(user: UserRecord, kind: Principal['kind']): Principal {
  return {
    kind,
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    locale: user.locale,
    roleKey: user.role.key,
    permissions: new Set(user.permissions),
    groupIds: user.groups.map((group) => group.id),
  };
}

export function isLocked(user: { lockedUntil: Date | null }, now: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
}

export interface SignInResult {
  user: UserRecord;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function signIn(
  ctx: AppContext,
  input: {
    username: string;
    password: string;
    ip: string | null;
    userAgent: string | null;
    requestId: string;
  },
): Promise<SignInResult> {
  const { db, clock, config } = ctx;
  const now = clock.now();
  const user = await findUserByUsername(db, input.username);
  if (!user) {
    await verifyAgainstDummy(input.password);
    throw new AppError('invalid_credentials', 'auth.wrongCredentials');
  }
  const actor: Actor = { userId: user.id, label: user.username, requestId: input.requestId, ip: input.ip };
  if (isLocked(user, now)) {
    throw new AppError('account_locked', 'auth.accountLocked', {
      lockedUntil: user.lockedUntil?.toISOString(),
    });
  }
  const passwordHash = (await findPasswordHash(db, user.id))!;
  if (!(await verifyPassword(passwordHash, input.password))) {
    const lockUntil = new Date(now.getTime() + config.loginLockMinutes * 60_000);
    const failure = await recordFailedSignIn(db, user.id, config.loginMaxFailures, now, lockUntil);
    if (isLocked(failure, now)) {
      await recordAudit(db, actor, {
        action: 'user.locked',
        entityType: 'user',
        entityId: user.id,
        after: { failedSignIns: failure.failedSignIns, lockedUntil: failure.lockedUntil },
      });
      throw new AppError('account_locked', 'auth.accountLocked', {
        lockedUntil: failure.lockedUntil?.toISOString(),
      });
    }
    throw new AppError('invalid_credentials', 'auth.wrongCredentials', {
      remainingAttempts: Math.max(0, config.loginMaxFailures - failure.failedSignIns),
    });
  }
  if (!user.isActive) throw new AppError('account_disabled', 'auth.accountDisabled');

  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + config.sessionTtlHours * 3_600_000);
  await db.transaction(async (tx) => {
    await recordSuccessfulSignIn(tx, user.id, now);
    await insertSession(tx, {
      tokenHash: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      ip: input.ip,
      userAgent: input.userAgent,
      now,
      expiresAt,
    });
    await recordAudit(tx, actor, { action: 'session.signed_in', entityType: 'user', entityId: user.id });
  });
  return { user: (await findUserById(db, user.id))!, sessionToken, csrfToken, expiresAt };
}

/** Resolves a session cookie; an expired or unknown session is refused, a live one slides forward. */
export async function authenticateSession(ctx: AppContext, sessionToken: string): Promise<Principal> {
  const { db, clock, config } = ctx;
  const now = clock.now();
  const tokenHash = sha256(sessionToken);
  const session = await findSession(db, tokenHash);
  if (!session) throw new AppError('not_authenticated', 'auth.signInRequired');
  if (session.expiresAt.getTime() <= now.getTime()) {
    await deleteSession(db, tokenHash);
    throw new AppError('session_expired', 'auth.sessionExpired');
  }
  const user = await findUserById(db, session.userId);
  if (!user?.isActive) {
    await deleteSession(db, tokenHash);
    throw new AppError('not_authenticated', 'auth.signInRequired');
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await touchSession(db, tokenHash, now, new Date(now.getTime() + config.sessionTtlHours * 3_600_000));
  }
  return { ...principalOf(user, 'session'), csrfToken: session.csrfToken, sessionTokenHash: tokenHash };
}

export async function authenticateBearer(ctx: AppContext, bearer: string): Promise<Principal> {
  const { db, clock } = ctx;
  const now = clock.now();
  const token = bearer.startsWith(TOKEN_PREFIX) ? await findApiTokenByHash(db, sha256(bearer)) : undefined;
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt.getTime() <= now.getTime())) {
    throw new AppError('not_authenticated', 'tokens.invalid');
  }
  const user = await findUserById(db, token.userId);
  if (!user?.isActive) throw new AppError('not_authenticated', 'tokens.userDisabled');
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await markApiTokenUsed(db, token.id, now);
  }
  return { ...principalOf(user, 'token'), scopes: new Set(token.scopes), tokenId: token.id };
}

export async function signOut(ctx: AppContext, principal: Principal, actor: Actor): Promise<void> {
  if (!principal.sessionTokenHash) return;
  const tokenHash = principal.sessionTokenHash;
  await ctx.db.transaction(async (tx) => {
    await deleteSession(tx, tokenHash);
    await recordAudit(tx, actor, {
      action: 'session.signed_out',
      entityType: 'user',
      entityId: principal.userId,
    });
  });
}

export function assertPasswordAcceptable(password: string, field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation_failed', 'auth.passwordTooShort', {
      field,
      params: { min: MIN_PASSWORD_LENGTH },
    });
  }
}

export async function changeOwnPassword(
  ctx: AppContext,
  principal: Principal,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const { db, clock } = ctx;
  const hash = await findPasswordHash(db, principal.userId);
  if (!hash || !(await verifyPassword(hash, input.currentPassword))) {
    throw new AppError('invalid_credentials', 'auth.currentPasswordWrong', {
      field: 'body.currentPassword',
    });
  }
  assertPasswordAcceptable(input.newPassword, 'body.newPassword');
  const newHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, principal.userId, newHash, clock.now());
    await recordAudit(tx, actor, {
      action: 'user.password_changed',
      entityType: 'user',
      entityId: principal.userId,
    });
  });
}

/** Signs a user out everywhere, e.g. after an administrator resets their password or disables them. */
export async function endAllSessions(ctx: AppContext, userId: string): Promise<void> {
  await deleteSessionsOfUser(ctx.db, userId);
}

/** Whose token it is: the scopes must be permissions this user holds. */
export interface TokenOwner {
  userId: string;
  permissions: ReadonlySet<string>;
}

export function validateScopes(scopes: string[], owner: TokenOwner): void {
  const unknown = scopes.filter((scope) => !isPermission(scope));
  if (unknown.length) {
    throw new AppError('validation_failed', 'tokens.unknownScope', {
      field: 'body.scopes',
      params: { scopes: unknown.join(', ') },
    });
  }
  const notHeld = scopes.filter((scope) => !owner.permissions.has(scope));
  if (notHeld.length) {
    throw new AppError('validation_failed', 'tokens.scopeNotHeld', {
      field: 'body.scopes',
      params: { scopes: notHeld.join(', ') },
    });
  }
}

export async function createApiToken(
  ctx: AppContext,
  owner: TokenOwner,
  actor: Actor,
  input: { name: string; scopes: string[]; expiresInDays?: number | undefined },
) {
  validateScopes(input.scopes, owner);
  const now = ctx.clock.now();
  const secret = `${TOKEN_PREFIX}${randomToken()}`;
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const record = await ctx.db.transaction(async (tx) => {
    const created = await insertApiToken(tx, {
      userId: owner.userId,
      name: input.name,
      tokenPrefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      tokenHash: sha256(secret),
      scopes: input.scopes,
      now,
      expiresAt,
    });
    await recordAudit(tx, actor, {
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: created.id,
      after: created,
    });
    return created;
  });
  return { ...record, token: secret };
}

export const listOwnApiTokens = (ctx: AppContext, principal: Principal) =>
  listApiTokens(ctx.db, principal.userId);

export async function revokeOwnApiToken(
  ctx: AppContext,
  principal: Principal,
  actor: Actor,
  id: string,
): Promise<void> {
  const token = await findApiToken(ctx.db, id);
  if (!token || token.userId !== principal.userId) throw notFound('tokens.notFound');
  await ctx.db.transaction(async (tx) => {
    await revokeApiToken(tx, id, ctx.clock.now());
    await recordAudit(tx, actor, {
      action: 'api_token.revoked',
      entityType: 'api_token',
      entityId: id,
      before: token,
      after: await findApiToken(tx, id),
    });
  });
}
