import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { productsApi } from './api';
import type { ProductQuery } from './types';

export const productKeys = {
  all: ['products'] as const,
  list: (query: ProductQuery) => ['products', 'list', query] as const,
  /** Active products matching a search, for pickers. */
  options: (search: string) => ['products', 'options', search] as const,
  categories: ['products', 'categories'] as const,
  detail: (id: string) => ['products', 'detail', id] as const,
  serial: (serial: string) => ['products', 'serial', serial] as const,
};

export function useProducts(query: Omit<ProductQuery, 'cursor'>) {
  return useInfiniteQuery({
    queryKey: productKeys.list(query),
    queryFn: ({ pageParam }) => productsApi.list({ ...query, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useProductCategories() {
  return useQuery({ queryKey: productKeys.categories, queryFn: productsApi.categories, staleTime: 60_000 });
}

export function useProduct(id: string) {
  return useQuery({ queryKey: productKeys.detail(id), queryFn: () => productsApi.get(id) });
}
