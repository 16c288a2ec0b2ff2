import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES, decideAccess, isPermission, PERMISSIONS, type Principal } from './permissions.js';

const principal = (overrides: Partial<Principal>): Principal => ({
  kind: 'session',
  userId: 'u1',
  username: 'u1',
  displayName: 'U1',
  locale: 'zh-CN',
  roleKey: 'agent',
  permissions: new Set(),
  groupIds: [],
  ...overrides,
});

describe('decideAccess', () => {
  it.each([
    ['session with the permission', principal({ permissions: new Set(['audit.read']) }), { allowed: true }],
    [
      'session without it',
      principal({ permissions: new Set(['users.manage']) }),
      { allowed: false, reason: 'forbidden' },
    ],
    [
      'token whose user and scopes allow it',
      principal({ kind: 'token', permissions: new Set(['audit.read']), scopes: new Set(['audit.read']) }),
      { allowed: true },
    ],
    [
      'token whose scopes lack it',
      principal({ kind: 'token', permissions: new Set(['audit.read']), scopes: new Set(['users.manage']) }),
      { allowed: false, reason: 'token_scope_missing' },
    ],
    [
      'token scoped beyond what its user may do',
      principal({ kind: 'token', permissions: new Set(), scopes: new Set(['audit.read']) }),
      { allowed: false, reason: 'forbidden' },
    ],
  ] as const)('%s', (_name, who, expected) => {
    expect(decideAccess(who, 'audit.read')).toEqual(expected);
  });
});

describe('default roles', () => {
  it('cover the roles of R13.1 with known permissions only', () => {
    expect(DEFAULT_ROLES.map((role) => role.key)).toEqual([
      'administrator',
      'supervisor',
      'agent',
      'engineer',
      'technician',
      'logistics',
      'finance',
      'quality',
      'viewer',
    ]);
    for (const role of DEFAULT_ROLES) expect(role.permissions.every(isPermission)).toBe(true);
  });

  it('give the administrator everything and the viewer nothing that writes', () => {
    expect(DEFAULT_ROLES[0]!.permissions).toEqual(PERMISSIONS);
    const viewer = DEFAULT_ROLES.find((role) => role.key === 'viewer')!;
    expect(viewer.permissions.some((p) => /manage|create|update|write|assign|close|approve/.test(p))).toBe(
      false,
    );
  });
});
