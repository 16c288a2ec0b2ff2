import { request } from '../../api/client';
import type { GroupRouting, RoutingStrategy, UpdateUserRoutingInput, UserRouting } from './types';

export const routingApi = {
  overview: () => request<{ groups: GroupRouting[] }>('GET', '/routing'),
  setStrategy: (groupId: string, routingStrategy: RoutingStrategy) =>
    request<GroupRouting>('PATCH', `/routing/groups/${groupId}`, { body: { routingStrategy } }),
  updateUser: (userId: string, input: UpdateUserRoutingInput) =>
    request<UserRouting>('PATCH', `/routing/users/${userId}`, { body: input }),
};

export const routingKeys = { overview: ['routing'] as const };
