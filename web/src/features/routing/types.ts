import type { UserRef } from '../../api/types';

export const ROUTING_STRATEGIES = ['round_robin', 'least_open', 'skill', 'manual'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export type MemberRouting = {
  userId: string;
  username: string;
  displayName: string;
  isActive: boolean;
  openCount: number;
  productLines: string[];
  regions: string[];
  acceptsAssignments: boolean;
};

export type GroupRouting = {
  id: string;
  key: string;
  name: string;
  kind: 'department' | 'group';
  parentId: string | null;
  routingStrategy: RoutingStrategy;
  lastAssignedUserId: string | null;
  lead: UserRef | null;
  members: MemberRouting[];
};

export type UserRouting = {
  id: string;
  username: string;
  displayName: string;
  productLines: string[];
  regions: string[];
  acceptsAssignments: boolean;
};

export type UpdateUserRoutingInput = Partial<
  Pick<UserRouting, 'productLines' | 'regions' | 'acceptsAssignments'>
>;
