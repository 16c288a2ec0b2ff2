import { request } from '../../api/client';
import type { List } from '../../api/types';
import type {
  Category,
  CreateCategoryInput,
  Outcome,
  Policy,
  Priority,
  Rule,
  RuleInput,
  RuleSample,
  UpdateCategoryInput,
  UpdatePriorityInput,
} from './types';

export const classificationApi = {
  categories: {
    list: () => request<List<Category>>('GET', '/categories'),
    create: (input: CreateCategoryInput) => request<Category>('POST', '/categories', { body: input }),
    update: (id: string, input: UpdateCategoryInput) =>
      request<Category>('PATCH', `/categories/${id}`, { body: input }),
    remove: (id: string) => request<void>('DELETE', `/categories/${id}`),
  },
  priorities: {
    list: () => request<List<Priority>>('GET', '/priorities'),
    update: (code: string, input: UpdatePriorityInput) =>
      request<Priority>('PATCH', `/priorities/${code}`, { body: input }),
  },
  rules: {
    list: () => request<List<Rule>>('GET', '/classification-rules'),
    create: (input: RuleInput & { name: string }) =>
      request<Rule>('POST', '/classification-rules', { body: input }),
    update: (id: string, input: RuleInput) =>
      request<Rule>('PATCH', `/classification-rules/${id}`, { body: input }),
    remove: (id: string) => request<void>('DELETE', `/classification-rules/${id}`),
    reorder: (ids: string[]) => request<List<Rule>>('PUT', '/classification-rules/order', { body: { ids } }),
    test: (sample: RuleSample) => request<Outcome>('POST', '/classification-rules/test', { body: sample }),
  },
  policy: {
    get: () => request<Policy>('GET', '/classification/policy'),
    update: (policy: Policy) => request<Policy>('PUT', '/classification/policy', { body: policy }),
  },
};
