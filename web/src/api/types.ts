export type Locale = 'zh-CN' | 'en';

export type Ref = { id: string; key: string; name: string };
export type UserRef = { id: string; username: string; displayName: string };

export type Me = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
  role: Ref;
  permissions: string[];
  groups: Ref[];
};

export type Session = { user: Me; csrfToken: string };

export type UserStatus = 'active' | 'disabled' | 'locked';

export type User = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
  isActive: boolean;
  isLocked: boolean;
  lockedUntil: string | null;
  failedSignIns: number;
  lastSignInAt: string | null;
  role: Ref;
  groups: Ref[];
  createdAt: string;
  updatedAt: string;
};

export type UserQuery = { q?: string; roleId?: string; groupId?: string; status?: UserStatus };

export type CreateUserInput = {
  username: string;
  displayName: string;
  password: string;
  roleId: string;
  email?: string;
  phone?: string;
  locale?: Locale;
  groupIds?: string[];
};

export type UpdateUserInput = Partial<{
  displayName: string;
  email: string | null;
  phone: string | null;
  roleId: string;
  locale: Locale;
  isActive: boolean;
  groupIds: string[];
}>;

export type UpdateMeInput = Partial<{
  displayName: string;
  locale: Locale;
  email: string | null;
  phone: string | null;
}>;

export type Role = {
  id: string;
  key: string;
  name: string;
  description: string;
  permissions: string[];
  isSystem: boolean;
  userCount: number;
};

export type Permission = { key: string; group: string };

export type CreateRoleInput = { key: string; name: string; description?: string; permissions: string[] };
export type UpdateRoleInput = Partial<Omit<CreateRoleInput, 'key'>>;

export type GroupKind = 'department' | 'group';

export type Group = {
  id: string;
  key: string;
  name: string;
  description: string;
  kind: GroupKind;
  parentId: string | null;
  lead: UserRef | null;
  members: UserRef[];
};

export type CreateGroupInput = {
  key: string;
  name: string;
  description?: string;
  kind: GroupKind;
  parentId?: string | null;
  leadUserId?: string | null;
  memberIds?: string[];
};
export type UpdateGroupInput = Partial<Omit<CreateGroupInput, 'key' | 'kind'>>;

export type AuditEntry = {
  id: string;
  occurredAt: string;
  actor: { userId: string | null; label: string };
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
};

export type AuditQuery = {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
};

export type Page<T> = { items: T[]; nextCursor: string | null };
export type List<T> = { items: T[] };

export type ApiToken = {
  id: string;
  name: string;
  tokenPrefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type CreatedToken = Omit<ApiToken, 'lastUsedAt' | 'revokedAt'> & { token: string };
export type CreateTokenInput = { name: string; scopes: string[]; expiresInDays?: number };

export type SystemInfo = {
  version: string;
  database: 'pglite' | 'postgres';
  migrationVersion: string | number;
  timezone: string;
  defaultLocale: 'zh-CN' | 'en';
};

export type FieldError = { field: string; message: string };

export type Problem = {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  field?: string;
  errors?: FieldError[];
  requestId?: string;
  [key: string]: unknown;
};
