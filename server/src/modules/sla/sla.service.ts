import type { Queryable } from '../../platform/db/database.js';
import { addBusinessTime, type BusinessCalendar, businessTimeBetween } from '../calendars/business-time.js';
import { loadCalendar } from '../calendars/calendars.service.js';
import { categoryLineage } from '../classification/classification.service.js';
import type { TicketView } from '../tickets/tickets.repository.js';
import {
  type AnyMilestone,
  DEFAULT_WARNING_PERCENTS,
  dueAt,
  isTaskMilestone,
  MILESTONES,
  type Milestone,
  type MilestoneClock,
  milestoneMet,
  milestoneStart,
  nextCheckAt,
  pause,
  resume,
  type SlaPolicy,
  selectPolicy,
  type TaskMilestone,
  type TicketMoments,
  type TimeMeasure,
  wallClock,
} from './sla.js';
import {
  findSlaPolicy,
  listSlaPolicies,
  listTicketMilestones,
  type MilestoneRecord,
  type SlaPolicyRecord,
  setTicketSlaState,
  upsertMilestone,
  upsertMilestones,
} from './sla.repository.js';

export function businessMeasure(calendar: BusinessCalendar): TimeMeasure {
  return {
    add: (start, milliseconds) => addBusinessTime(calendar, start, milliseconds),
    between: (from, to) => businessTimeBetween(calendar, from, to),
  };
}

/** Calendars are read once per sync or sweep, not once per milestone. */
export class MeasureCache {
  readonly #calendars = new Map<string, Promise<BusinessCalendar>>();
  constructor(private readonly db: Queryable) {}
  async measure(policy: Pick<SlaPolicy, 'calendarId'>, isBusinessTime: boolean): Promise<TimeMeasure> {
    if (!isBusinessTime) return wallClock;
    let calendar = this.#calendars.get(policy.calendarId);
    if (!calendar) {
      const calendarId = policy.calendarId;
      // Reference data: built and indexed once per process until the calendar changes.
      calendar = this.db.referenceData(`business_calendar:${calendarId}`, (db) =>
        loadCalendar(db, calendarId),
      );
      this.#calendars.set(calendarId, calendar);
    }
    return businessMeasure(await calendar);
  }
}

const momentsOf = (ticket: TicketView): TicketMoments => ({
  status: ticket.status,
  receivedAt: ticket.receivedAt,
  acknowledgedAt: ticket.acknowledgedAt ?? ticket.firstResponseAt,
  classifiedAt: ticket.classifiedAt,
  assignedAt: ticket.assignedAt,
  acceptedAt: ticket.acceptedAt,
  firstResponseAt: ticket.firstResponseAt,
  solutionProposedAt: ticket.solutionProposedAt,
  resolvedAt: ticket.resolvedAt,
  closedAt: ticket.closedAt,
  lastPublicUpdateAt: ticket.lastPublicUpdateAt,
});

export const clockOf = (row: MilestoneRecord): MilestoneClock => ({
  targetMinutes: row.targetMinutes,
  startedAt: row.startedAt,
  dueAt: row.dueAt,
  pausedAt: row.pausedAt,
  pausedMs: row.pausedMs,
  breachedAt: row.breachedAt,
  warningsSent: row.warningsSent,
  metAt: row.metAt,
});

/** Ticket statuses in which no milestone runs any more. */
const isDone = (ticket: TicketView) => ticket.status === 'closed';

/**
 * Brings a ticket's milestones in line with the ticket (R5.1–R5.3): the policy for its priority and
 * facts, new milestones as their clocks start, met ones recorded (and kept as they were), a priority
 * change recomputing open targets, pausing while waiting for the customer and resuming with the time
 * that remained, a new progress-update cycle after each public update. Runs in the caller's transaction.
 */
export async function syncTicketSla(
  tx: Queryable,
  ticket: TicketView,
  now: Date,
  options: SyncOptions = {},
): Promise<void> {
  const plan = await planTicketSla(tx, ticket, now, options);
  await upsertMilestones(tx, plan.changed, now);
  await setTicketSlaState(tx, ticket.id, plan.state);
}

/**
 * The service-level start of a ticket just created: its first milestones written, and its policy and
 * overdue flag returned for the caller to store with the rest of the new row (one write of it, not two).
 */
export async function startTicketSla(
  tx: Queryable,
  ticket: TicketView,
  now: Date,
): Promise<TicketSlaPlan['state']> {
  const plan = await planTicketSla(tx, ticket, now, { milestones: [] });
  await upsertMilestones(tx, plan.changed, now);
  return plan.state;
}

interface SyncOptions {
  recomputeTargets?: boolean;
  measures?: MeasureCache;
  /** The ticket's milestones when the caller knows them already (none, for a ticket just created). */
  milestones?: readonly MilestoneRecord[];
}

/** What `syncTicketSla` writes for a ticket: its changed milestones and its policy and overdue flag. */
export interface TicketSlaPlan {
  changed: Omit<MilestoneRecord, 'id'>[];
  state: { slaPolicyId: string | null; isOverdue: boolean };
}

/**
 * `syncTicketSla` without the writes, for a caller that writes many tickets at once (the sweep). It
 * reads only reference data (policies, categories, calendars), so it needs no statement of its own
 * once that is in memory.
 */
export async function planTicketSla(
  tx: Queryable,
  ticket: TicketView,
  now: Date,
  options: SyncOptions = {},
): Promise<TicketSlaPlan> {
  const existing = options.milestones ?? (await listTicketMilestones(tx, ticket.id));
  const priorityChanged = existing.some(
    (row) => row.priority !== ticket.priority && !row.metAt && !isTaskMilestone(row.milestone),
  );
  let policy: SlaPolicyRecord | undefined = ticket.slaPolicyId
    ? await findSlaPolicy(tx, ticket.slaPolicyId)
    : undefined;
  if (!policy || priorityChanged) {
    const policies = await listSlaPolicies(tx);
    policy =
      (selectPolicy(policies, {
        priority: ticket.priority,
        customerTier: ticket.customerTier,
        categoryId: ticket.categoryId,
        categoryLineage: (await categoryLineage(tx, ticket.categoryId)).map((category) => category.id),
        channel: ticket.channel,
        type: ticket.type,
      }) as SlaPolicyRecord | null) ?? undefined;
  }
  if (!policy) return { changed: [], state: { slaPolicyId: null, isOverdue: ticket.isOverdue } };
  const measures = options.measures ?? new MeasureCache(tx);
  const moments = momentsOf(ticket);
  const targets = policy.targets[ticket.priority] ?? {};
  const waiting = ticket.status === 'waiting_customer' && policy.pauseWhileWaitingCustomer;
  // Overdue stays true once a milestone was breached, even after it was met late (R5.4). Task
  // milestones (a survey follow-up after closing) are the task's lateness, not the ticket's.
  let overdue = existing.some(
    (row) =>
      row.milestone !== 'progress_update' && !isTaskMilestone(row.milestone) && row.breachedAt !== null,
  );
  const changed: Omit<MilestoneRecord, 'id'>[] = [];
  for (const milestone of MILESTONES) {
    const target = targets[milestone];
    const row = existing.find((candidate) => candidate.milestone === milestone);
    if (!target && !row) continue;
    const next = await nextMilestoneState(
      milestone,
      row,
      target ?? null,
      policy,
      ticket,
      moments,
      waiting,
      now,
      measures,
      options.recomputeTargets ?? false,
    );
    if (next) {
      changed.push(next);
      if (next.breachedAt && milestone !== 'progress_update') overdue = true;
    }
  }
  return { changed, state: { slaPolicyId: policy.id, isOverdue: overdue } };
}

async function nextMilestoneState(
  milestone: Milestone,
  row: MilestoneRecord | undefined,
  target: { minutes: number; clock: 'business' | 'calendar' } | null,
  policy: SlaPolicyRecord,
  ticket: TicketView,
  moments: TicketMoments,
  waiting: boolean,
  now: Date,
  measures: MeasureCache,
  recomputeTarget: boolean,
): Promise<Omit<MilestoneRecord, 'id'> | null> {
  const started = milestoneStart(milestone, moments);
  const met = milestoneMet(milestone, moments);
  if (!row) {
    if (!started || !target || (isDone(ticket) && milestone === 'progress_update')) return null;
    const measure = await measures.measure(policy, target.clock === 'business');
    const base = { targetMinutes: target.minutes, startedAt: started, pausedMs: 0 };
    let clock: MilestoneClock = {
      ...base,
      dueAt: dueAt(base, measure),
      pausedAt: null,
      breachedAt: null,
      warningsSent: [],
      metAt: null,
    };
    if (met)
      clock = {
        ...clock,
        metAt: met,
        breachedAt: met.getTime() > clock.dueAt.getTime() ? clock.dueAt : null,
      };
    else if (waiting) clock = pause(clock, now);
    return toRecord(
      ticket,
      milestone,
      policy,
      target.clock === 'business',
      clock,
      1,
      policy.warningPercents,
      measure,
    );
  }
  if (row.metAt) return null;
  const measure = await measures.measure(policy, row.isBusinessTime);
  let clock = clockOf(row);
  let cycle = row.cycle;
  let targetMinutes = row.targetMinutes;
  let isBusiness = row.isBusinessTime;
  let measureNow = measure;
  if (target && (row.priority !== ticket.priority || recomputeTarget)) {
    targetMinutes = target.minutes;
    isBusiness = target.clock === 'business';
    measureNow = await measures.measure(policy, isBusiness);
    clock = { ...clock, targetMinutes };
    // A breach already recorded stays: it happened, whatever the priority is now.
    clock = {
      ...clock,
      dueAt: dueAt(clock, measureNow),
      warningsSent: clock.breachedAt ? clock.warningsSent : [],
    };
  }
  if (milestone === 'progress_update') {
    if (ticket.status === 'resolved' || isDone(ticket)) {
      clock = { ...clock, metAt: now };
    } else if (
      moments.lastPublicUpdateAt &&
      moments.lastPublicUpdateAt.getTime() > clock.startedAt.getTime()
    ) {
      const base = { targetMinutes, startedAt: moments.lastPublicUpdateAt, pausedMs: 0 };
      clock = {
        ...base,
        dueAt: dueAt(base, measureNow),
        pausedAt: null,
        breachedAt: null,
        warningsSent: [],
        metAt: null,
      };
      cycle += 1;
    }
  } else if (met) {
    clock = {
      ...clock,
      metAt: met,
      breachedAt: clock.breachedAt ?? (met.getTime() > clock.dueAt.getTime() ? clock.dueAt : null),
    };
  } else if (isDone(ticket)) {
    clock = { ...clock, metAt: null, pausedAt: clock.pausedAt ?? now };
  }
  if (!clock.metAt && !isDone(ticket)) {
    if (waiting) clock = pause(clock, now);
    else clock = resume(clock, now, measureNow);
  }
  return toRecord(
    ticket,
    milestone,
    policy,
    isBusiness,
    clock,
    cycle,
    policy.warningPercents,
    measureNow,
    row.priority !== ticket.priority ? ticket.priority : row.priority,
  );
}

export function toRecord(
  ticket: TicketView,
  milestone: AnyMilestone,
  policy: Pick<SlaPolicyRecord, 'id'> | null,
  isBusinessTime: boolean,
  clock: MilestoneClock,
  cycle: number,
  warningPercents: number[],
  measure: TimeMeasure,
  priority = ticket.priority,
): Omit<MilestoneRecord, 'id'> {
  return {
    ticketId: ticket.id,
    milestone,
    policyId: policy?.id ?? null,
    priority,
    targetMinutes: clock.targetMinutes,
    isBusinessTime,
    startedAt: clock.startedAt,
    dueAt: clock.dueAt,
    metAt: clock.metAt,
    pausedAt: clock.pausedAt,
    pausedMs: clock.pausedMs,
    breachedAt: clock.breachedAt,
    warningsSent: clock.warningsSent,
    nextCheckAt: nextCheckAt(clock, warningPercents, measure),
    cycle,
  };
}

/** The warning percents of a task milestone: those of the ticket's policy, else 75 % and 90 %. */
export async function taskWarningPercents(db: Queryable, ticket: TicketView): Promise<number[]> {
  const policy = ticket.slaPolicyId ? await findSlaPolicy(db, ticket.slaPolicyId) : undefined;
  return [...(policy?.warningPercents ?? DEFAULT_WARNING_PERCENTS)];
}

/**
 * Starts a task's deadline as a milestone of the ticket (R6.2: the follow-up of a low survey score):
 * `targetMinutes` of wall-clock time from `startedAt`, swept for warnings and breach like the others.
 * `syncTicketSla` leaves it alone, also on a closed ticket.
 */
export async function startTaskMilestone(
  tx: Queryable,
  ticket: TicketView,
  milestone: TaskMilestone,
  startedAt: Date,
  targetMinutes: number,
  now: Date,
): Promise<void> {
  const base = { targetMinutes, startedAt, pausedMs: 0 };
  const clock: MilestoneClock = {
    ...base,
    dueAt: dueAt(base, wallClock),
    pausedAt: null,
    breachedAt: null,
    warningsSent: [],
    metAt: null,
  };
  const percents = await taskWarningPercents(tx, ticket);
  await upsertMilestone(tx, toRecord(ticket, milestone, null, false, clock, 1, percents, wallClock), now);
}

/** The task is done: its milestone is met (late, and so marked breached, when past due). */
export async function meetTaskMilestone(
  tx: Queryable,
  ticket: TicketView,
  milestone: TaskMilestone,
  at: Date,
): Promise<void> {
  const row = (await listTicketMilestones(tx, ticket.id)).find(
    (candidate) => candidate.milestone === milestone,
  );
  if (!row || row.metAt) return;
  const clock: MilestoneClock = {
    ...clockOf(row),
    metAt: at,
    breachedAt: row.breachedAt ?? (at.getTime() > row.dueAt.getTime() ? row.dueAt : null),
  };
  await upsertMilestone(
    tx,
    toRecord(ticket, milestone, null, false, clock, row.cycle, [], wallClock, row.priority),
    at,
  );
}
