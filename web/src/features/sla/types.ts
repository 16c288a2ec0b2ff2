/** Service levels (R5), as the API presents them (server: modules/sla). */
import type { CustomerTier, TicketChannel, TicketType } from '../tickets/types';

export const MILESTONES = [
  'acknowledgement',
  'classification',
  'dispatch',
  'first_response',
  'technical_engagement',
  'solution_provided',
  'closed_confirmed',
  'progress_update',
] as const;
export type Milestone = (typeof MILESTONES)[number];

export type SlaState = 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'met_late';

/** The badge of a ticket: its worst open milestone state and the milestone due next. */
export type SlaSummary = {
  state: SlaState;
  next: {
    milestone: Milestone | string;
    dueAt: string;
    /** Business or calendar time left (negative when overdue); null once met. */
    remainingMs: number | null;
    isBusinessTime: boolean;
  } | null;
};

export type SlaMilestone = {
  milestone: Milestone | string;
  state: SlaState | string;
  targetMinutes: number;
  isBusinessTime: boolean;
  startedAt: string;
  dueAt: string;
  metAt: string | null;
  pausedAt: string | null;
  breachedAt: string | null;
  remainingMs: number | null;
  cycle: number;
};

/** The milestones of one ticket (GET /tickets/:id → sla). */
export type TicketSla = { policyId: string | null; milestones: SlaMilestone[] };

export type BoardItem = {
  ticketId: string;
  number: string;
  title: string;
  priority: string;
  status: string;
  groupId: string | null;
  groupName: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  milestone: Milestone | string;
  dueAt: string;
  breachedAt: string | null;
  warningsSent: number[];
  /** Time left on the milestone's own clock (business hours or wall clock) when the board was read. */
  remainingMs: number;
  isBusinessTime: boolean;
  state: 'breached' | 'at_risk';
};

/** One page of the board, most urgent first; each count stops at `countLimit` (then "at least"). */
export type Board = {
  generatedAt: string;
  items: BoardItem[];
  limit: number;
  offset: number;
  total: number;
  counts: { breached: number; atRisk: number };
  countLimit: number;
};

export type TargetClock = 'business' | 'calendar';
export type MilestoneTarget = { minutes: number; clock: TargetClock };
export type PolicyTargets = Record<string, Partial<Record<Milestone, MilestoneTarget>>>;

export type PolicyConditions = {
  priorities?: string[];
  customerTiers?: CustomerTier[];
  categoryIds?: string[];
  channels?: TicketChannel[];
  types?: TicketType[];
};

export type BreachActions = {
  raisePriority?: boolean;
  reassignToLead?: boolean;
  addWatcherUserId?: string | null;
  autoProgressUpdate?: boolean;
};

export type SlaPolicy = {
  id: string;
  key: string;
  name: string;
  description: string;
  position: number;
  isActive: boolean;
  conditions: PolicyConditions;
  calendarId: string;
  targets: PolicyTargets;
  pauseWhileWaitingCustomer: boolean;
  warningPercents: number[];
  breachActions: BreachActions;
  createdAt: string;
  updatedAt: string;
};

export type SlaPolicyInput = Omit<SlaPolicy, 'id' | 'createdAt' | 'updatedAt'>;
export type UpdateSlaPolicyInput = Partial<Omit<SlaPolicyInput, 'key'>> & { applyToOpenTickets?: boolean };

export type OverdueReason = {
  code: string;
  name: string;
  nameEn: string;
  requiresText: boolean;
  position: number;
  isActive: boolean;
};

/** A calendar as the policy editor needs it (the calendars module owns the full shape). */
export type CalendarOption = {
  id: string;
  key: string;
  name: string;
  timeZone?: string;
  isDefault?: boolean;
};
