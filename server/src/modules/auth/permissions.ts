/**
 * The permission catalogue. Permissions are capabilities the code checks; roles are editable sets of
 * them stored in the database. Grouped for the role editor.
 */
export const PERMISSION_CATALOGUE = {
  'users.manage': 'administration',
  'roles.manage': 'administration',
  'groups.manage': 'administration',
  'audit.read': 'administration',
  'settings.manage': 'administration',
  'tokens.manage': 'administration',
  'tickets.read_all': 'tickets',
  'tickets.read_group': 'tickets',
  'tickets.create': 'tickets',
  'tickets.update': 'tickets',
  'tickets.assign': 'tickets',
  'tickets.close': 'tickets',
  'plans.approve': 'tickets',
  'plans.approve_major': 'tickets',
  'customers.read': 'customers',
  'customers.write': 'customers',
  'customers.pii': 'customers',
  'products.manage': 'customers',
  'knowledge.read': 'knowledge',
  'knowledge.write': 'knowledge',
  'reports.read': 'reports',
  'returns.manage': 'operations',
  'repairs.manage': 'operations',
  'refunds.approve': 'operations',
  'quality.manage': 'operations',
} as const;

export type Permission = keyof typeof PERMISSION_CATALOGUE;
export const PERMISSIONS = Object.keys(PERMISSION_CATALOGUE) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSION_CATALOGUE, value);
}

const ALL = PERMISSIONS;
const HANDLING: Permission[] = [
  'tickets.read_group',
  'tickets.create',
  'tickets.update',
  'customers.read',
  'knowledge.read',
];

/** The roles of SPEC R13.1 as first installed; administrators edit them afterwards. */
export const DEFAULT_ROLES: { key: string; name: string; description: string; permissions: Permission[] }[] =
  [
    { key: 'administrator', name: '系统管理员', description: 'Administrator: everything', permissions: ALL },
    {
      key: 'supervisor',
      name: '客服主管',
      description: 'Supervisor: all tickets, approvals, reports',
      permissions: [
        'tickets.read_all',
        'tickets.read_group',
        'tickets.create',
        'tickets.update',
        'tickets.assign',
        'tickets.close',
        'plans.approve',
        'customers.read',
        'customers.write',
        'customers.pii',
        'knowledge.read',
        'knowledge.write',
        'reports.read',
        'returns.manage',
        'audit.read',
      ],
    },
    {
      key: 'agent',
      name: '客服专员',
      description: 'Agent: handles tickets of their groups',
      permissions: [...HANDLING, 'tickets.close', 'customers.write', 'customers.pii'],
    },
    {
      key: 'engineer',
      name: '售后工程师',
      description: 'After-sales engineer',
      permissions: [...HANDLING, 'repairs.manage', 'knowledge.write'],
    },
    {
      key: 'technician',
      name: '维修人员',
      description: 'Field technician',
      permissions: [...HANDLING, 'repairs.manage'],
    },
    {
      key: 'logistics',
      name: '物流仓储',
      description: 'Logistics and warehouse',
      permissions: [...HANDLING, 'returns.manage'],
    },
    {
      key: 'finance',
      name: '财务',
      description: 'Finance: refunds and compensation',
      permissions: [...HANDLING, 'refunds.approve', 'reports.read'],
    },
    {
      key: 'quality',
      name: '质量',
      description: 'Quality and product departments',
      permissions: [...HANDLING, 'quality.manage', 'reports.read'],
    },
    {
      key: 'viewer',
      name: '只读访客',
      description: 'Viewer: reads tickets and reports, changes nothing',
      permissions: ['tickets.read_all', 'customers.read', 'knowledge.read', 'reports.read'],
    },
  ];

/** Who is making a request: a signed-in user (session) or an integration (API token). */
export interface Principal {
  kind: 'session' | 'token';
  userId: string;
  username: string;
  displayName: string;
  locale: 'zh-CN' | 'en';
  roleKey: string;
  permissions: ReadonlySet<string>;
  groupIds: readonly string[];
  /** The token's scopes; a token may use a permission only when both its user and its scopes allow it. */
  scopes?: ReadonlySet<string>;
  csrfToken?: string;
  sessionTokenHash?: string;
  tokenId?: string;
}

export type AccessDecision =
  | { allowed: true }
  | { allowed: false; reason: 'forbidden' | 'token_scope_missing' };

/** The one place a permission is decided; given several, holding any one of them is enough. */
export function decideAccess(
  principal: Principal,
  permission: Permission | readonly Permission[],
): AccessDecision {
  const wanted: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  const held = wanted.filter((candidate) => principal.permissions.has(candidate));
  if (held.length === 0) return { allowed: false, reason: 'forbidden' };
  if (principal.kind === 'token' && !held.some((candidate) => principal.scopes?.has(candidate))) {
    return { allowed: false, reason: 'token_scope_missing' };
  }
  return { allowed: true };
}
