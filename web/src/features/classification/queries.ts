import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { classificationApi } from './api';
import type { Category, Priority } from './types';

export const classificationKeys = {
  categories: ['categories'] as const,
  priorities: ['priorities'] as const,
  rules: ['classification-rules'] as const,
  policy: ['classification-policy'] as const,
};

export function useCategories() {
  return useQuery({ queryKey: classificationKeys.categories, queryFn: classificationApi.categories.list });
}

export function usePriorities() {
  return useQuery({ queryKey: classificationKeys.priorities, queryFn: classificationApi.priorities.list });
}

export function useRules() {
  return useQuery({ queryKey: classificationKeys.rules, queryFn: classificationApi.rules.list });
}

export function usePolicy() {
  return useQuery({ queryKey: classificationKeys.policy, queryFn: classificationApi.policy.get });
}

/** A category's or priority's name in the UI language: the English name when English is chosen and set. */
export function useLocalizedName(): (item: Pick<Category | Priority, 'name' | 'nameEn'>) => string {
  const { i18n } = useTranslation();
  return (item) => (i18n.language === 'en' && item.nameEn ? item.nameEn : item.name);
}

export type CategoryNode = Category & { children?: CategoryNode[] };

/** Nests categories under their parents in position order; orphans stay at the top. */
export function categoryTree(categories: Category[]): CategoryNode[] {
  const sorted = [...categories].sort((a, b) => a.position - b.position || a.code.localeCompare(b.code));
  const nodes = new Map<string, CategoryNode>(sorted.map((category) => [category.id, { ...category }]));
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children = [...(parent.children ?? []), node];
    else roots.push(node);
  }
  return roots;
}
