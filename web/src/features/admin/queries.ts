import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Permission, UserQuery } from '../../api/types';

export const keys = {
  users: (query: UserQuery = {}) => ['users', query] as const,
  roles: ['roles'] as const,
  permissions: ['permissions'] as const,
  groups: ['groups'] as const,
  audit: ['audit'] as const,
  tokens: ['tokens'] as const,
};

export function useUsers(query: UserQuery = {}, enabled = true) {
  return useQuery({ queryKey: keys.users(query), queryFn: () => api.users.list(query), enabled });
}

export function useRoles() {
  return useQuery({ queryKey: keys.roles, queryFn: api.roles.list });
}

export function usePermissions() {
  return useQuery({ queryKey: keys.permissions, queryFn: api.roles.permissions, staleTime: 5 * 60_000 });
}

export function useGroups() {
  return useQuery({ queryKey: keys.groups, queryFn: api.groups.list });
}

/** The translated label of a permission key, falling back to the key itself. */
export function usePermissionLabel(): (key: string) => string {
  const { t } = useTranslation();
  return (key) => t(`permissions.${key}`, { defaultValue: key });
}

/** Permissions grouped by their `group`, in catalogue order. */
export function groupPermissions(permissions: Permission[]): [string, Permission[]][] {
  const groups = new Map<string, Permission[]>();
  for (const permission of permissions) {
    groups.set(permission.group, [...(groups.get(permission.group) ?? []), permission]);
  }
  return [...groups];
}
