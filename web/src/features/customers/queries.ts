import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { customersApi } from './api';
import type { CustomerQuery } from './types';

export const customerKeys = {
  all: ['customers'] as const,
  list: (query: CustomerQuery) => ['customers', 'list', query] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  tickets: (filter: { customerId?: string; productId?: string }) => ['customers', 'tickets', filter] as const,
};

/** Customers page by page (keyset cursor); `fetchNextPage` loads more. */
export function useCustomers(query: Omit<CustomerQuery, 'cursor'>) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(query),
    queryFn: ({ pageParam }) => customersApi.list({ ...query, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useCustomer(id: string) {
  return useQuery({ queryKey: customerKeys.detail(id), queryFn: () => customersApi.get(id) });
}

/**
 * Ticket history of a customer or product. Null while the tickets list is not available (404) or not
 * readable by this user (403), so the page can say so instead of failing.
 */
export function useTicketHistory(filter: { customerId?: string; productId?: string }) {
  return useQuery({
    queryKey: customerKeys.tickets(filter),
    queryFn: async () => {
      try {
        return await customersApi.tickets(filter);
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
        throw error;
      }
    },
  });
}
