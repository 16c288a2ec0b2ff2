import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { type Locale, type MessageParams, translate } from '../../platform/i18n/translate.js';
import { systemActor } from '../audit/actor.js';
import { recordAudits } from '../audit/audit.repository.js';
import { localDateTime } from '../calendars/business-time.js';
import { listPriorities } from '../classification/classification.repository.js';
import {
  queueCustomerMessage,
  queueStaffAlerts,
  type StaffAlert,
} from '../notifications/notifications.service.js';
import { groupLeadsOf } from '../routing/routing.service.js';
import {
  addCollaboratorsToTickets,
  findTicketViews,
  insertEvents,
  type TicketView,
} from '../tickets/tickets.repository.js';
import {
  DEFAULT_WARNING_PERCENTS,
  dueEvents,
  higherPriority,
  isTaskMilestone,
  type MilestoneClock,
  type SweepEvent,
  type TimeMeasure,
  wallClock,
} from './sla.js';
import {
  claimDueMilestones,
  listMilestonesOfTickets,
  listSlaPolicies,
  listSupervisorIds,
  type MilestoneRecord,
  type SlaPolicyRecord,
  type SweptTicket,
  updateSweptTickets,
  upsertMilestones,
} from './sla.repository.js';
import { clockOf, MeasureCache, planTicketSla, toRecord } from './sla.service.js';

/**
 * The SLA sweep (R5.4): finds the milestones whose next warning or breach has come through the indexed
 * `next_check_at`, locked with their tickets with SKIP LOCKED so that any number of servers share the
 * work and none handles a milestone twice, and fires each event once in the same transaction as its
 * record. The batch is handled as a set: what each milestone fires is worked out in memory, then each
 * kind of effect — milestones, alerts, timeline, audit, breach actions, the tickets' SLA state — is
 * written for the whole batch in one statement, so the cost follows what is due, in a fixed number of
 * round trips per batch rather than per milestone.
 */
export async function sweepDueMilestones(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'queue'>,
  limit = SWEEP_BATCH_SIZE,
): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const due = await claimDueMilestones(tx, now, limit);
    if (due.length === 0) return 0;
    const tickets = await findTicketViews(tx, [...new Set(due.map((row) => row.ticketId))]);
    const policies = new Map((await listSlaPolicies(tx)).map((policy) => [policy.id, policy]));
    const measures = new MeasureCache(tx);
    const swept: SweptMilestone[] = [];
    for (const row of due) {
      const ticket = tickets.get(row.ticketId);
      if (!ticket) continue;
      if (isTaskMilestone(row.milestone)) {
        // A task's deadline runs on the wall clock, with the warnings of the ticket's policy.
        const ticketPolicy = ticket.slaPolicyId ? policies.get(ticket.slaPolicyId) : undefined;
        const warningPercents = ticketPolicy?.warningPercents ?? DEFAULT_WARNING_PERCENTS;
        swept.push(sweepMilestone({ row, policy: null, warningPercents, measure: wallClock }, now));
        continue;
      }
      const policy = row.policyId ? policies.get(row.policyId) : undefined;
      if (!policy) continue;
      const measure = await measures.measure(policy, row.isBusinessTime);
      swept.push(sweepMilestone({ row, policy, warningPercents: policy.warningPercents, measure }, now));
    }

    const plan = planSweep(swept, {
      tickets,
      ...(await loadPeople(tx, swept, tickets)),
      now,
      locale: ctx.config.defaultLocale,
      timeZone: ctx.config.timezone,
    });
    const resynchronised = await resynchronise(tx, plan, now, measures);

    // Alerts first: webhooks report the tickets as they were when the events happened.
    await queueStaffAlerts(ctx, tx, plan.alerts);
    for (const ticket of plan.progressUpdates) {
      await queueCustomerMessage(ctx, tx, {
        ticketId: ticket.id,
        email: ticket.contactEmail,
        template: 'progressUpdate',
        params: { number: ticket.number, name: ticket.contactName ?? '', title: ticket.title },
      });
    }
    await insertEvents(
      tx,
      plan.events.map((event) => ({
        ticketId: event.ticketId,
        kind: 'system',
        isPublic: false,
        authorUserId: null,
        authorLabel: 'sla',
        body: '',
        data: event.data,
        createdAt: now,
      })),
    );
    await recordAudits(
      tx,
      systemActor('sla'),
      plan.audits.map((audit) => ({
        action: 'ticket.sla_breached',
        entityType: 'ticket',
        entityId: audit.ticketId,
        after: audit.after,
      })),
    );
    await addCollaboratorsToTickets(tx, plan.watchers);
    await updateSweptTickets(tx, resynchronised.tickets, now);
    await upsertMilestones(tx, resynchronised.milestones, now);
    return due.length;
  });
}

/** The batch size of the sweep: one transaction's claim. */
export const SWEEP_BATCH_SIZE = 500;
/** How long one run of the minute job goes on at most, so that runs do not pile up. */
const SWEEP_BUDGET_MS = 50_000;

/**
 * Sweeps batch after batch until nothing is due (a backlog — after an outage, a holiday, a calendar
 * change — is cleared in one run, not 500 a minute), `concurrency` batches at a time: the claim skips
 * what another batch holds, so they never share a ticket, and a batch waiting on the database leaves
 * the server's core to the next. Stops early when the time budget is spent; the next run goes on.
 */
export async function sweepAllDue(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'queue'>,
  options: { concurrency: number; batchSize?: number; budgetMs?: number },
): Promise<number> {
  const batchSize = options.batchSize ?? SWEEP_BATCH_SIZE;
  const deadline = performance.now() + (options.budgetMs ?? SWEEP_BUDGET_MS);
  let handled = 0;
  const sweeper = async () => {
    while (performance.now() < deadline) {
      const batch = await sweepDueMilestones(ctx, batchSize);
      handled += batch;
      // A short batch: nothing more was due that another sweeper does not hold already.
      if (batch < batchSize) return;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, sweeper));
  return handled;
}

/** A claimed milestone with the terms it is swept by. */
export interface DueMilestone {
  row: MilestoneRecord;
  /** Null for a task's deadline (a survey follow-up): no policy, no breach actions. */
  policy: SlaPolicyRecord | null;
  warningPercents: readonly number[];
  measure: TimeMeasure;
}

/** A claimed milestone, what it announces now and its clock after that. */
export interface SweptMilestone extends DueMilestone {
  announce: SweepEvent[];
  clock: MilestoneClock;
}

/** Pure: what is due for one milestone now, and its clock with those events recorded. */
export function sweepMilestone(item: DueMilestone, now: Date): SweptMilestone {
  const { row } = item;
  const outcome = dueEvents(clockOf(row), item.warningPercents, now, item.measure);
  return {
    ...item,
    announce: outcome.announce,
    clock: {
      ...clockOf(row),
      warningsSent: outcome.warningsSent,
      breachedAt: outcome.breached ? (row.breachedAt ?? row.dueAt) : null,
    },
  };
}

/** Breaches that tell the lead and the supervisors and run the policy's breach actions. */
const isEscalation = (item: SweptMilestone, event: SweepEvent) =>
  event.kind === 'breach' && item.policy !== null && item.row.milestone !== 'progress_update';

/** The people a batch's announcements go to, read once per batch: group leads once per group. */
async function loadPeople(
  tx: Queryable,
  swept: readonly SweptMilestone[],
  tickets: ReadonlyMap<string, TicketView>,
): Promise<Pick<SweepFacts, 'leads' | 'supervisors' | 'higherPriority'>> {
  const groupIds = new Set<string>();
  let raisesPriority = false;
  for (const item of swept) {
    for (const event of item.announce) {
      // Task deadlines tell the lead (else the supervisors) of warnings too.
      if (!isEscalation(item, event) && item.policy !== null) continue;
      const groupId = tickets.get(item.row.ticketId)?.groupId;
      if (groupId) groupIds.add(groupId);
      if (item.policy?.breachActions.raisePriority) raisesPriority = true;
    }
  }
  const leads = await groupLeadsOf(tx, [...groupIds]);
  const announcesToSupervisors = swept.some((item) =>
    item.announce.some((event) => item.policy === null || isEscalation(item, event)),
  );
  const supervisors = announcesToSupervisors ? await listSupervisorIds(tx) : [];
  const priorities = raisesPriority ? await listPriorities(tx) : [];
  return { leads, supervisors, higherPriority: (code) => higherPriority(priorities, code) };
}

/** What planning a batch needs to know besides the milestones. */
export interface SweepFacts {
  tickets: ReadonlyMap<string, TicketView>;
  /** The lead of each group whose tickets escalate (null: none). */
  leads: ReadonlyMap<string, string | null>;
  supervisors: readonly string[];
  /** The next more urgent priority, or null at the top. */
  higherPriority: (code: string) => string | null;
  now: Date;
  locale: Locale;
  /** The company's time zone, for due times in alerts. */
  timeZone: string;
}

/** Everything a batch does, worked out in memory before any of it is written. */
export interface SweepPlan {
  /** The swept milestones' new records, in claim order. */
  milestones: Omit<MilestoneRecord, 'id'>[];
  alerts: StaffAlert[];
  /** Each supervisor's breaches of the batch, told after it as the ticket itself or one digest. */
  supervisorBreaches: Map<string, StaffAlert[]>;
  /** Tickets whose customers get a progress update, as each ticket was at that moment. */
  progressUpdates: TicketView[];
  events: { ticketId: string; data: Record<string, unknown> }[];
  audits: { ticketId: string; after: Record<string, unknown> }[];
  watchers: { ticketId: string; userId: string }[];
  /** The tickets as loaded, and as the breach actions left them. */
  original: ReadonlyMap<string, TicketView>;
  tickets: Map<string, TicketView>;
  /** What the breach actions changed, by ticket. */
  changes: Map<string, Omit<SweptTicket, 'id' | 'slaPolicyId' | 'isOverdue'>>;
  /** Tickets to bring in line afterwards (a breach or a progress update happened), in order. */
  resync: Set<string>;
}

/**
 * Pure: the effects of a batch, milestone by milestone in claim order. Breach actions apply to the
 * ticket as earlier milestones of the batch left it, as if each had been handled on its own.
 */
export function planSweep(swept: readonly SweptMilestone[], facts: SweepFacts): SweepPlan {
  const plan: SweepPlan = {
    milestones: [],
    alerts: [],
    supervisorBreaches: new Map(),
    progressUpdates: [],
    events: [],
    audits: [],
    watchers: [],
    original: facts.tickets,
    tickets: new Map(facts.tickets),
    changes: new Map(),
    resync: new Set(),
  };
  for (const item of swept) {
    const { row, policy } = item;
    const ticket = plan.tickets.get(row.ticketId);
    if (!ticket) continue;
    plan.milestones.push(
      toRecord(
        ticket,
        row.milestone,
        policy,
        policy ? row.isBusinessTime : false,
        item.clock,
        row.cycle,
        [...item.warningPercents],
        item.measure,
        row.priority,
      ),
    );
    for (const event of item.announce) {
      if (policy) announce(plan, facts, row, policy, event);
      else announceTaskDeadline(plan, facts, row, event);
    }
  }
  plan.alerts.push(...supervisorAlerts(plan.supervisorBreaches, facts.locale));
  return plan;
}

/** How many ticket numbers a digest lists before it says how many more there are. */
const DIGEST_LISTED_TICKETS = 20;

/**
 * Each supervisor hears of the batch's breaches once: of the ticket itself when only one ticket broke
 * a promise, else in one digest (a supervisor alerted of hundreds of breaches one by one reads none of
 * them; the SLA board lists them all).
 */
function supervisorAlerts(breaches: ReadonlyMap<string, StaffAlert[]>, locale: Locale): StaffAlert[] {
  return [...breaches].flatMap(([userId, alerts]): StaffAlert[] => {
    const numbers = [...new Set(alerts.map((alert) => String(alert.params.number)))];
    if (numbers.length === 1) return alerts;
    const listed = numbers.slice(0, DIGEST_LISTED_TICKETS);
    const more = numbers.length - listed.length;
    return [
      {
        ticketId: null,
        userId,
        template: 'slaBreachDigest',
        params: {
          count: numbers.length,
          tickets: (readerLocale: Locale) => {
            const joined = listed.join(translate(readerLocale, 'notify.slaBreachDigest.listSeparator'));
            return more > 0
              ? translate(readerLocale, 'notify.slaBreachDigest.listWithMore', { listed: joined, more })
              : joined;
          },
        },
        locale,
      },
    ];
  });
}

/**
 * R5.4: a breach is told to the ticket's lead at once (or, without a lead, to nobody in person: the
 * group's robots and the webhooks still hear of it), and kept for each supervisor's alert of the batch.
 */
function tellOfBreach(
  plan: SweepPlan,
  facts: SweepFacts,
  ticketId: string,
  lead: string | null,
  params: MessageParams,
) {
  const breach = { ticketId, template: 'slaBreached' as const, params, locale: facts.locale };
  plan.alerts.push({ ...breach, userId: lead });
  for (const supervisor of facts.supervisors) {
    if (supervisor === lead) continue;
    const told = plan.supervisorBreaches.get(supervisor) ?? [];
    told.push({ ...breach, userId: supervisor });
    plan.supervisorBreaches.set(supervisor, told);
  }
}

/**
 * What an alert says of a milestone: its code and due moment for webhooks and robots' data, its name in
 * the reader's language and the due time on the company's clock for people.
 */
const alertParams = (ticket: TicketView, row: MilestoneRecord, timeZone: string) => ({
  number: ticket.number,
  title: ticket.title,
  milestone: row.milestone,
  milestoneName: (locale: Locale) => translate(locale, `sla.milestoneName.${row.milestone}`),
  due: row.dueAt.toISOString(),
  dueTime: localDateTime(row.dueAt, timeZone),
});

const leadOf = (facts: SweepFacts, ticket: TicketView) =>
  ticket.groupId ? (facts.leads.get(ticket.groupId) ?? null) : null;

function announce(
  plan: SweepPlan,
  facts: SweepFacts,
  row: MilestoneRecord,
  policy: SlaPolicyRecord,
  event: SweepEvent,
) {
  let ticket = plan.tickets.get(row.ticketId)!;
  const params = alertParams(ticket, row, facts.timeZone);
  const alert = (userId: string, template: StaffAlert['template'], extra: object = {}) =>
    plan.alerts.push({
      ticketId: ticket.id,
      userId,
      template,
      params: { ...params, ...extra },
      locale: facts.locale,
    });
  if (event.kind === 'warning') {
    if (ticket.ownerUserId) alert(ticket.ownerUserId, 'slaWarning', { percent: event.percent });
    plan.events.push({
      ticketId: ticket.id,
      data: { sla: 'warning', milestone: row.milestone, percent: event.percent, dueAt: params.due },
    });
    return;
  }
  const change = plan.changes.get(ticket.id) ?? {};
  const { breachActions } = policy;
  if (row.milestone === 'progress_update') {
    // R4.3: nobody updated the customer within the interval.
    if (ticket.ownerUserId) alert(ticket.ownerUserId, 'progressUpdateDue');
    if (breachActions.autoProgressUpdate) {
      plan.progressUpdates.push(ticket);
      change.lastPublicUpdateAt = facts.now;
      ticket = { ...ticket, lastPublicUpdateAt: facts.now };
    }
    plan.events.push({
      ticketId: ticket.id,
      data: { sla: 'progress_update_due', autoUpdate: breachActions.autoProgressUpdate ?? false },
    });
  } else {
    // R5.4: overdue flag, the lead and the supervisors told, the configured automatic actions.
    const lead = leadOf(facts, ticket);
    tellOfBreach(plan, facts, ticket.id, lead, params);
    const actions: Record<string, unknown> = {};
    if (breachActions.raisePriority) {
      const higher = facts.higherPriority(ticket.priority);
      if (higher) {
        actions.priority = { from: ticket.priority, to: higher };
        change.priority = higher;
        ticket = { ...ticket, priority: higher };
      }
    }
    if (breachActions.reassignToLead && lead && lead !== ticket.ownerUserId) {
      actions.owner = { from: ticket.ownerUserId, to: lead };
      Object.assign(change, { ownerUserId: lead, assignmentState: 'pending', assignedAt: facts.now });
      ticket = { ...ticket, ownerUserId: lead, assignmentState: 'pending', assignedAt: facts.now };
    }
    if (breachActions.addWatcherUserId) {
      plan.watchers.push({ ticketId: ticket.id, userId: breachActions.addWatcherUserId });
      actions.watcher = breachActions.addWatcherUserId;
    }
    plan.events.push({
      ticketId: ticket.id,
      data: { sla: 'breached', milestone: row.milestone, dueAt: params.due, actions },
    });
    plan.audits.push({ ticketId: ticket.id, after: { milestone: row.milestone, actions } });
  }
  if (Object.keys(change).length > 0) {
    plan.changes.set(ticket.id, change);
    plan.tickets.set(ticket.id, { ...ticket, updatedAt: facts.now });
  }
  plan.resync.add(ticket.id);
}

/**
 * A task's deadline (R6.2 survey follow-up): warnings to the group lead (else the supervisors), the
 * breach to the lead and the supervisors; no policy actions, the ticket stays as it is.
 */
function announceTaskDeadline(plan: SweepPlan, facts: SweepFacts, row: MilestoneRecord, event: SweepEvent) {
  const ticket = plan.tickets.get(row.ticketId)!;
  const params = alertParams(ticket, row, facts.timeZone);
  const lead = leadOf(facts, ticket);
  if (event.kind === 'warning') {
    for (const userId of lead ? [lead] : facts.supervisors) {
      plan.alerts.push({
        ticketId: ticket.id,
        userId,
        template: 'slaWarning',
        params: { ...params, percent: event.percent },
        locale: facts.locale,
      });
    }
    plan.events.push({
      ticketId: ticket.id,
      data: { sla: 'warning', milestone: row.milestone, percent: event.percent, dueAt: params.due },
    });
    return;
  }
  tellOfBreach(plan, facts, ticket.id, lead, params);
  plan.events.push({
    ticketId: ticket.id,
    data: { sla: 'breached', milestone: row.milestone, dueAt: params.due, actions: {} },
  });
  plan.audits.push({ ticketId: ticket.id, after: { milestone: row.milestone, actions: {} } });
}

/**
 * Brings the tickets that breached or got a progress update in line (`planTicketSla`, as after any
 * change), from their stored milestones with the batch's new records in place: one read for the
 * batch, nothing written yet. Returns the milestone records to write — the swept ones and those the
 * resynchronisation changed, one per ticket and milestone — and the tickets whose breach actions or
 * SLA state changed. Rows that would stay as they are are left out: most of a ticket's milestones do.
 */
async function resynchronise(
  tx: Queryable,
  plan: SweepPlan,
  now: Date,
  measures: MeasureCache,
): Promise<{ milestones: Omit<MilestoneRecord, 'id'>[]; tickets: SweptTicket[] }> {
  const key = (record: { ticketId: string; milestone: string }) => `${record.ticketId} ${record.milestone}`;
  const records = new Map(plan.milestones.map((record) => [key(record), record]));
  const ids = [...plan.resync];
  const stored = new Map<string, MilestoneRecord>();
  const current = new Map<string, MilestoneRecord[]>();
  for (const row of await listMilestonesOfTickets(tx, ids)) {
    stored.set(key(row), row);
    const swept = records.get(key(row));
    const rows = current.get(row.ticketId) ?? [];
    rows.push(swept ? { ...swept, id: row.id } : row);
    current.set(row.ticketId, rows);
  }
  const tickets: SweptTicket[] = [];
  for (const id of ids) {
    const ticket = plan.tickets.get(id)!;
    const synced = await planTicketSla(tx, ticket, now, { measures, milestones: current.get(id) ?? [] });
    for (const record of synced.changed) {
      const before = stored.get(key(record));
      if (records.has(key(record)) || !before || !sameMilestone(before, record))
        records.set(key(record), record);
    }
    const changes = plan.changes.get(id);
    const original = plan.original.get(id)!;
    if (
      changes ||
      synced.state.slaPolicyId !== original.slaPolicyId ||
      synced.state.isOverdue !== original.isOverdue
    )
      tickets.push({ id, ...changes, ...synced.state });
  }
  return { milestones: [...records.values()], tickets };
}

const sameMoment = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/** Whether writing `next` would leave the stored milestone as it is. */
export function sameMilestone(
  stored: Omit<MilestoneRecord, 'id'>,
  next: Omit<MilestoneRecord, 'id'>,
): boolean {
  return (
    stored.ticketId === next.ticketId &&
    stored.milestone === next.milestone &&
    stored.policyId === next.policyId &&
    stored.priority === next.priority &&
    stored.targetMinutes === next.targetMinutes &&
    stored.isBusinessTime === next.isBusinessTime &&
    sameMoment(stored.startedAt, next.startedAt) &&
    sameMoment(stored.dueAt, next.dueAt) &&
    sameMoment(stored.metAt, next.metAt) &&
    sameMoment(stored.pausedAt, next.pausedAt) &&
    stored.pausedMs === next.pausedMs &&
    sameMoment(stored.breachedAt, next.breachedAt) &&
    stored.warningsSent.join() === next.warningsSent.join() &&
    sameMoment(stored.nextCheckAt, next.nextCheckAt) &&
    stored.cycle === next.cycle
  );
}
