/**
 * Service-level arithmetic (R5), pure: which policy applies, when each milestone starts and is met,
 * its due and warning moments, what the sweep must fire, and pausing. Time is measured through a
 * `TimeMeasure`, so business calendars and plain wall-clock time are handled alike.
 */
import type { CustomerTier, TicketChannel, TicketStatus, TicketType } from '../tickets/ticket.types.js';

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

/**
 * Deadlines of tasks on a ticket that are timed like milestones but set by the task, not by a policy
 * (R6.2: the supervisor's follow-up of a low survey score, due 48 h after the answer). They run on the
 * wall clock, also on a closed ticket, and are met when the task is done.
 */
export const TASK_MILESTONES = ['survey_follow_up'] as const;
export type TaskMilestone = (typeof TASK_MILESTONES)[number];
export type AnyMilestone = Milestone | TaskMilestone;
export const isTaskMilestone = (milestone: string): milestone is TaskMilestone =>
  (TASK_MILESTONES as readonly string[]).includes(milestone);

/** R5.4: warnings at 75 % and 90 % of the target, for milestones without a policy of their own. */
export const DEFAULT_WARNING_PERCENTS: readonly number[] = [75, 90];

export interface MilestoneTarget {
  minutes: number;
  /** Business time follows the policy's calendar (working hours, holidays, 调休); calendar time runs always. */
  clock: 'business' | 'calendar';
}

export type PolicyTargets = Record<string, Partial<Record<Milestone, MilestoneTarget>>>;

export interface PolicyConditions {
  priorities?: string[];
  customerTiers?: CustomerTier[];
  categoryIds?: string[];
  channels?: TicketChannel[];
  types?: TicketType[];
}

export interface BreachActions {
  raisePriority?: boolean;
  reassignToLead?: boolean;
  addWatcherUserId?: string | null;
  /** Progress updates: send the customer a templated update when the interval passes without one. */
  autoProgressUpdate?: boolean;
}

export interface SlaPolicy {
  id: string;
  key: string;
  name: string;
  position: number;
  isActive: boolean;
  conditions: PolicyConditions;
  calendarId: string;
  targets: PolicyTargets;
  pauseWhileWaitingCustomer: boolean;
  warningPercents: number[];
  breachActions: BreachActions;
}

export interface PolicyFacts {
  priority: string;
  customerTier: CustomerTier | null;
  categoryId: string | null;
  /** The category and its ancestors, so a condition on a parent category covers its children. */
  categoryLineage: string[];
  channel: TicketChannel;
  type: TicketType;
}

const allows = <T>(list: readonly T[] | undefined, value: T | null) =>
  !list || list.length === 0 || (value !== null && list.includes(value));

export function policyMatches(conditions: PolicyConditions, facts: PolicyFacts): boolean {
  return (
    allows(conditions.priorities, facts.priority) &&
    allows(conditions.customerTiers, facts.customerTier) &&
    allows(conditions.channels, facts.channel) &&
    allows(conditions.types, facts.type) &&
    (!conditions.categoryIds?.length ||
      facts.categoryLineage.some((id) => conditions.categoryIds!.includes(id)))
  );
}

/** R5.1: the first active policy, by position, whose conditions all match. */
export function selectPolicy(policies: readonly SlaPolicy[], facts: PolicyFacts): SlaPolicy | null {
  return (
    [...policies]
      .filter((policy) => policy.isActive)
      .sort((a, b) => a.position - b.position)
      .find((policy) => policyMatches(policy.conditions, facts)) ?? null
  );
}

/** The moments of a ticket's life that start and meet milestones. */
export interface TicketMoments {
  status: TicketStatus;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  classifiedAt: Date | null;
  assignedAt: Date | null;
  acceptedAt: Date | null;
  firstResponseAt: Date | null;
  solutionProposedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  lastPublicUpdateAt: Date | null;
}

/** When a milestone's clock starts (null: not yet). */
export function milestoneStart(milestone: Milestone, ticket: TicketMoments): Date | null {
  switch (milestone) {
    case 'dispatch':
      return ticket.classifiedAt;
    case 'progress_update':
      return ticket.lastPublicUpdateAt ?? ticket.receivedAt;
    default:
      return ticket.receivedAt;
  }
}

/** When a milestone was met (null: not yet). Progress updates recur and are never met for good. */
export function milestoneMet(milestone: Milestone, ticket: TicketMoments): Date | null {
  switch (milestone) {
    case 'acknowledgement':
      return ticket.acknowledgedAt;
    case 'classification':
      return ticket.classifiedAt;
    case 'dispatch':
      return ticket.assignedAt;
    case 'first_response':
      return ticket.firstResponseAt;
    case 'technical_engagement':
      return ticket.acceptedAt;
    case 'solution_provided':
      return ticket.solutionProposedAt ?? ticket.resolvedAt;
    case 'closed_confirmed':
      return ticket.closedAt;
    case 'progress_update':
      return null;
  }
}

/** Measures and adds time on one clock: a business calendar, or wall-clock time. */
export interface TimeMeasure {
  add(start: Date, milliseconds: number): Date;
  between(from: Date, to: Date): number;
}

export const wallClock: TimeMeasure = {
  add: (start, milliseconds) => new Date(start.getTime() + milliseconds),
  between: (from, to) => Math.max(0, to.getTime() - from.getTime()),
};

/** The clock state of one milestone, as stored. */
export interface MilestoneClock {
  targetMinutes: number;
  startedAt: Date;
  dueAt: Date;
  pausedAt: Date | null;
  pausedMs: number;
  breachedAt: Date | null;
  warningsSent: number[];
  metAt: Date | null;
}

const targetMs = (clock: { targetMinutes: number }) => clock.targetMinutes * 60_000;

/** Due moment: the target (plus time paused) after the start, on the milestone's clock. */
export const dueAt = (
  clock: Pick<MilestoneClock, 'targetMinutes' | 'startedAt' | 'pausedMs'>,
  measure: TimeMeasure,
) => measure.add(clock.startedAt, targetMs(clock) + clock.pausedMs);

export const warningAt = (
  clock: Pick<MilestoneClock, 'targetMinutes' | 'startedAt' | 'pausedMs'>,
  percent: number,
  measure: TimeMeasure,
) => measure.add(clock.startedAt, Math.round((targetMs(clock) * percent) / 100) + clock.pausedMs);

/** The next moment the sweep must look at a milestone: its next unsent warning, else its breach; null when done. */
export function nextCheckAt(
  clock: MilestoneClock,
  warningPercents: readonly number[],
  measure: TimeMeasure,
): Date | null {
  if (clock.metAt || clock.pausedAt || clock.breachedAt) return null;
  const pending = [...warningPercents]
    .sort((a, b) => a - b)
    .filter((percent) => !clock.warningsSent.includes(percent));
  const next = pending[0];
  return next === undefined ? clock.dueAt : warningAt(clock, next, measure);
}

export type SweepEvent = { kind: 'warning'; percent: number } | { kind: 'breach' };

/**
 * What is due now for one milestone. A breach makes pending warnings moot: they are recorded as sent
 * but not announced, so a server that was down does not send a burst of stale reminders.
 */
export function dueEvents(
  clock: MilestoneClock,
  warningPercents: readonly number[],
  now: Date,
  measure: TimeMeasure,
): { announce: SweepEvent[]; warningsSent: number[]; breached: boolean } {
  if (clock.metAt || clock.pausedAt || clock.breachedAt) {
    return { announce: [], warningsSent: clock.warningsSent, breached: clock.breachedAt !== null };
  }
  const passed = (moment: Date) => moment.getTime() <= now.getTime();
  const warningsSent = [...clock.warningsSent];
  const pendingPassed = warningPercents.filter(
    (percent) => !warningsSent.includes(percent) && passed(warningAt(clock, percent, measure)),
  );
  if (passed(clock.dueAt)) {
    return {
      announce: [{ kind: 'breach' }],
      warningsSent: [...new Set([...warningsSent, ...pendingPassed])].sort((a, b) => a - b),
      breached: true,
    };
  }
  const highest = Math.max(...pendingPassed);
  return {
    announce: pendingPassed.length ? [{ kind: 'warning', percent: highest }] : [],
    warningsSent: [...new Set([...warningsSent, ...pendingPassed])].sort((a, b) => a - b),
    breached: false,
  };
}

/**
 * R5.4's breach action "raise priority": the next more urgent active priority (lower rank), or null
 * at the top or for an unknown priority.
 */
export function higherPriority(
  priorities: readonly { code: string; rank: number; isActive: boolean }[],
  code: string,
): string | null {
  const current = priorities.find((priority) => priority.code === code);
  if (!current) return null;
  const higher = priorities
    .filter((priority) => priority.isActive && priority.rank < current.rank)
    .sort((a, b) => b.rank - a.rank);
  return higher[0]?.code ?? null;
}

/** R5.3: stop the clock. */
export function pause(clock: MilestoneClock, at: Date): MilestoneClock {
  if (clock.pausedAt || clock.metAt) return clock;
  return { ...clock, pausedAt: at };
}

/** Resume with the time that remained: the paused span is added to the clock's allowance. */
export function resume(clock: MilestoneClock, at: Date, measure: TimeMeasure): MilestoneClock {
  if (!clock.pausedAt) return clock;
  const pausedMs = clock.pausedMs + measure.between(clock.pausedAt, at);
  const resumed = { ...clock, pausedAt: null, pausedMs };
  return { ...resumed, dueAt: dueAt(resumed, measure) };
}

/** Business or calendar time left until due (negative when overdue), for badges. */
export function remainingMs(clock: MilestoneClock, now: Date, measure: TimeMeasure): number {
  const reference = clock.pausedAt ?? now;
  return reference.getTime() <= clock.dueAt.getTime()
    ? measure.between(reference, clock.dueAt)
    : -measure.between(clock.dueAt, reference);
}
