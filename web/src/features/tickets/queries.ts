import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserRef } from '../../api/types';
import { useMe } from '../auth/session';
import { useShowError } from '../common/errors';
import { ticketsApi } from './api';
import type { CategoryItem, PriorityItem, RoutingGroup, TicketFilters } from './types';

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: ['tickets', 'list'] as const,
  list: (filters: TicketFilters) => ['tickets', 'list', filters] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  views: ['tickets', 'views'] as const,
  categories: ['tickets', 'ref', 'categories'] as const,
  priorities: ['tickets', 'ref', 'priorities'] as const,
  /** Shared with the routing settings page: the same endpoint and shape. */
  routing: ['routing'] as const,
};

/** The inbox, page by page (keyset cursor); `fetchNextPage` loads more. */
export function useTickets(filters: TicketFilters) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(filters),
    queryFn: ({ pageParam }) => ticketsApi.list(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useTicket(idOrNumber: string) {
  return useQuery({ queryKey: ticketKeys.detail(idOrNumber), queryFn: () => ticketsApi.get(idOrNumber) });
}

export function useTicketViews() {
  return useQuery({ queryKey: ticketKeys.views, queryFn: ticketsApi.views.list });
}

export function useCategories() {
  return useQuery({ queryKey: ticketKeys.categories, queryFn: ticketsApi.categories, staleTime: 60_000 });
}

export function usePriorities() {
  return useQuery({ queryKey: ticketKeys.priorities, queryFn: ticketsApi.priorities, staleTime: 60_000 });
}

export function useRouting() {
  return useQuery({ queryKey: ticketKeys.routing, queryFn: ticketsApi.routing, staleTime: 60_000 });
}

/** A category's or priority's name in the UI language. */
export function useLocalizedName(): (item: { name: string; nameEn: string }) => string {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useCallback((item) => (english && item.nameEn ? item.nameEn : item.name), [english]);
}

export type CategoryNode = { value: string; title: string; code: string; children?: CategoryNode[] };

/** Categories as a tree for TreeSelect: active ones, nested under their parents in position order. */
export function useCategoryTree(): { tree: CategoryNode[]; byId: Map<string, CategoryItem> } {
  const { data } = useCategories();
  const localized = useLocalizedName();
  return useMemo(() => {
    const items = (data?.items ?? []).filter((item) => item.isActive);
    const byId = new Map(items.map((item) => [item.id, item]));
    const sorted = [...items].sort((a, b) => a.position - b.position || a.code.localeCompare(b.code));
    const nodes = new Map<string, CategoryNode>(
      sorted.map((item) => [item.id, { value: item.id, title: localized(item), code: item.code }]),
    );
    const roots: CategoryNode[] = [];
    for (const item of sorted) {
      const node = nodes.get(item.id)!;
      const parent = item.parentId ? nodes.get(item.parentId) : undefined;
      if (parent) parent.children = [...(parent.children ?? []), node];
      else roots.push(node);
    }
    return { tree: roots, byId };
  }, [data, localized]);
}

/** Active priorities in rank order, with a localized label. */
export function usePriorityOptions(): { value: string; label: string; item: PriorityItem }[] {
  const { data } = usePriorities();
  const localized = useLocalizedName();
  return (data?.items ?? [])
    .filter((item) => item.isActive)
    .sort((a, b) => a.rank - b.rank)
    .map((item) => ({ value: item.code, label: `${item.code} ${localized(item)}`, item }));
}

export type Directory = {
  groups: RoutingGroup[];
  /** Every staff member the routing overview knows (members and leads), plus me. */
  users: UserRef[];
  userName: (id: string | null | undefined) => string | null;
  groupName: (id: string | null | undefined) => string | null;
  /** Members of one group (or of all groups), for owner pickers. */
  membersOf: (groupId?: string | null) => UserRef[];
  leadOf: (groupId: string | null | undefined) => string | null;
};

/** People and groups by id, from GET /routing (readable by all staff, unlike GET /users). */
export function useDirectory(): Directory {
  const me = useMe();
  const { data } = useRouting();
  return useMemo(() => {
    const groups = data?.groups ?? [];
    const users = new Map<string, UserRef>();
    users.set(me.id, { id: me.id, username: me.username, displayName: me.displayName });
    const byGroup = new Map<string, UserRef[]>();
    for (const group of groups) {
      const members: UserRef[] = group.members
        .filter((member) => member.isActive)
        .map((member) => ({ id: member.userId, username: member.username, displayName: member.displayName }));
      if (group.lead && !members.some((member) => member.id === group.lead?.id)) members.push(group.lead);
      byGroup.set(group.id, members);
      for (const member of members) users.set(member.id, member);
    }
    const all = [...users.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));
    return {
      groups,
      users: all,
      userName: (id) => (id ? (users.get(id)?.displayName ?? null) : null),
      groupName: (id) => (id ? (groups.find((group) => group.id === id)?.name ?? null) : null),
      membersOf: (groupId) => (groupId ? (byGroup.get(groupId) ?? []) : all),
      leadOf: (groupId) =>
        groupId ? (groups.find((group) => group.id === groupId)?.lead?.id ?? null) : null,
    };
  }, [data, me]);
}

/**
 * A ticket action: runs `run`, shows a success message, refreshes the ticket and the inbox, then calls
 * `onDone`; on failure shows the server's localized message (and its field errors on `form`).
 */
export function useTicketAction<V>(
  ticketKey: string,
  run: (input: V) => Promise<unknown>,
  options: { form?: FormInstance; onDone?: () => void; success?: string } = {},
) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      void message.success(options.success ?? t('tickets.actions.done'));
      options.onDone?.();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketKey) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.lists }),
      ]);
    },
    onError: (error) => showError(error, options.form),
  });
}
