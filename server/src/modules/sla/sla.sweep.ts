import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { systemActor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { queueCustomerMessage, queueStaffAlert } from '../notifications/notifications.service.js';
import { groupLeadOf } from '../routing/routing.service.js';
import {
  addCollaborator,
  findTicketView,
  findTicketViews,
  insertEvent,
  type TicketView,
  updateTicket,
} from '../tickets/tickets.repository.js';
import { dueEvents, isTaskMilestone, type SweepEvent, wallClock } from './sla.js';
import {
  claimDueMilestones,
  findSlaPolicy,
  listSupervisorIds,
  type MilestoneRecord,
  nextHigherPriority,
  type SlaPolicyRecord,
  upsertMilestone,
} from './sla.repository.js';
import { clockOf, MeasureCache, syncTicketSla, taskWarningPercents, toRecord } from './sla.service.js';

/**
 * The SLA sweep (R5.4): finds the milestones whose next warning or breach has come through the indexed
 * `next_check_at`, locked with SKIP LOCKED so that any number of servers share the work and none
 * handles a milestone twice, and fires each event once in the same transaction as its record.
 * Its cost follows what is due, not the number of open tickets.
 */
export async function sweepDueMilestones(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'queue'>,
  limit = 500,
): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const due = await claimDueMilestones(tx, now, limit);
    const measures = new MeasureCache(tx);
    const policies = new Map<string, SlaPolicyRecord | undefined>();
    // One query for the batch's tickets; a ticket an announcement changed is read again when it has
    // a second due milestone.
    const tickets = await findTicketViews(tx, [...new Set(due.map((row) => row.ticketId))]);
    const ticketOf = async (id: string) => tickets.get(id) ?? (await findTicketView(tx, id));
    for (const row of due) {
      if (isTaskMilestone(row.milestone)) {
        const ticket = await ticketOf(row.ticketId);
        tickets.delete(row.ticketId);
        if (ticket) await sweepTaskMilestone(ctx, tx, ticket, row, now);
        continue;
      }
      const policyId = row.policyId;
      if (!policyId) continue;
      if (!policies.has(policyId)) policies.set(policyId, await findSlaPolicy(tx, policyId));
      const policy = policies.get(policyId);
      const ticket = await ticketOf(row.ticketId);
      if (!policy || !ticket) continue;
      const measure = await measures.measure(policy, row.isBusinessTime);
      const outcome = dueEvents(clockOf(row), policy.warningPercents, now, measure);
      const clock = {
        ...clockOf(row),
        warningsSent: outcome.warningsSent,
        breachedAt: outcome.breached ? (row.breachedAt ?? row.dueAt) : null,
      };
      await upsertMilestone(
        tx,
        toRecord(
          ticket,
          row.milestone,
          policy,
          row.isBusinessTime,
          clock,
          row.cycle,
          policy.warningPercents,
          measure,
          row.priority,
        ),
        now,
      );
      if (outcome.announce.length > 0) tickets.delete(row.ticketId);
      for (const event of outcome.announce)
        await announce(ctx, tx, ticket, row, policy, event, now, measures);
    }
    return due.length;
  });
}

/**
 * A task's deadline (R6.2 survey follow-up) on the wall clock: warnings to the group lead (else the
 * supervisors), the breach to the lead and the supervisors; no policy actions, the ticket stays as it is.
 */
async function sweepTaskMilestone(
  ctx: Pick<AppContext, 'clock' | 'config' | 'queue'>,
  tx: Queryable,
  ticket: TicketView,
  row: MilestoneRecord,
  now: Date,
) {
  const percents = await taskWarningPercents(tx, ticket);
  const outcome = dueEvents(clockOf(row), percents, now, wallClock);
  const clock = {
    ...clockOf(row),
    warningsSent: outcome.warningsSent,
    breachedAt: outcome.breached ? (row.breachedAt ?? row.dueAt) : null,
  };
  await upsertMilestone(
    tx,
    toRecord(ticket, row.milestone, null, false, clock, row.cycle, percents, wallClock, row.priority),
    now,
  );
  if (outcome.announce.length === 0) return;
  const lead = ticket.groupId ? await groupLeadOf(tx, ticket.groupId) : null;
  const supervisors = await listSupervisorIds(tx);
  const params = {
    number: ticket.number,
    title: ticket.title,
    milestone: row.milestone,
    due: row.dueAt.toISOString(),
  };
  for (const event of outcome.announce) {
    const recipients =
      event.kind === 'warning' && lead ? [lead] : [...new Set([...(lead ? [lead] : []), ...supervisors])];
    for (const userId of recipients) {
      await queueStaffAlert(ctx, tx, {
        ticketId: ticket.id,
        userId,
        template: event.kind === 'warning' ? 'slaWarning' : 'slaBreached',
        params: event.kind === 'warning' ? { ...params, percent: event.percent } : params,
        locale: ctx.config.defaultLocale,
      });
    }
    await insertEvent(tx, {
      ticketId: ticket.id,
      kind: 'system',
      isPublic: false,
      authorUserId: null,
      authorLabel: 'sla',
      body: '',
      data:
        event.kind === 'warning'
          ? {
              sla: 'warning',
              milestone: row.milestone,
              percent: event.percent,
              dueAt: row.dueAt.toISOString(),
            }
          : { sla: 'breached', milestone: row.milestone, dueAt: row.dueAt.toISOString(), actions: {} },
      createdAt: now,
    });
    if (event.kind === 'breach') {
      await recordAudit(tx, systemActor('sla'), {
        action: 'ticket.sla_breached',
        entityType: 'ticket',
        entityId: ticket.id,
        after: { milestone: row.milestone, actions: {} },
      });
    }
  }
}

async function announce(
  ctx: Pick<AppContext, 'clock' | 'config' | 'queue'>,
  tx: Queryable,
  ticket: TicketView,
  row: MilestoneRecord,
  policy: SlaPolicyRecord,
  event: SweepEvent,
  now: Date,
  measures: MeasureCache,
) {
  const locale = ctx.config.defaultLocale;
  const params = {
    number: ticket.number,
    title: ticket.title,
    milestone: row.milestone,
    due: row.dueAt.toISOString(),
  };
  const system = systemActor('sla');
  if (event.kind === 'warning') {
    if (ticket.ownerUserId) {
      await queueStaffAlert(ctx, tx, {
        ticketId: ticket.id,
        userId: ticket.ownerUserId,
        template: 'slaWarning',
        params: { ...params, percent: event.percent },
        locale,
      });
    }
    await insertEvent(tx, {
      ticketId: ticket.id,
      kind: 'system',
      isPublic: false,
      authorUserId: null,
      authorLabel: 'sla',
      body: '',
      data: {
        sla: 'warning',
        milestone: row.milestone,
        percent: event.percent,
        dueAt: row.dueAt.toISOString(),
      },
      createdAt: now,
    });
    return;
  }
  if (row.milestone === 'progress_update') {
    // R4.3: nobody updated the customer within the interval.
    if (ticket.ownerUserId) {
      await queueStaffAlert(ctx, tx, {
        ticketId: ticket.id,
        userId: ticket.ownerUserId,
        template: 'progressUpdateDue',
        params,
        locale,
      });
    }
    if (policy.breachActions.autoProgressUpdate) {
      await queueCustomerMessage(ctx, tx, {
        ticketId: ticket.id,
        email: ticket.contactEmail,
        template: 'progressUpdate',
        params: { number: ticket.number, name: ticket.contactName ?? '', title: ticket.title },
      });
      await updateTicket(tx, ticket.id, { lastPublicUpdateAt: now }, now);
    }
    await insertEvent(tx, {
      ticketId: ticket.id,
      kind: 'system',
      isPublic: false,
      authorUserId: null,
      authorLabel: 'sla',
      body: '',
      data: { sla: 'progress_update_due', autoUpdate: policy.breachActions.autoProgressUpdate ?? false },
      createdAt: now,
    });
  } else {
    // R5.4: overdue flag, the lead and the supervisors told, the configured automatic actions.
    const lead = ticket.groupId ? await groupLeadOf(tx, ticket.groupId) : null;
    const recipients = new Set([...(lead ? [lead] : []), ...(await listSupervisorIds(tx))]);
    for (const userId of recipients) {
      await queueStaffAlert(ctx, tx, {
        ticketId: ticket.id,
        userId,
        template: 'slaBreached',
        params,
        locale,
      });
    }
    const actions: Record<string, unknown> = {};
    const { breachActions } = policy;
    if (breachActions.raisePriority) {
      const higher = await nextHigherPriority(tx, ticket.priority);
      if (higher) {
        await updateTicket(tx, ticket.id, { priority: higher }, now);
        actions.priority = { from: ticket.priority, to: higher };
      }
    }
    if (breachActions.reassignToLead && lead && lead !== ticket.ownerUserId) {
      await updateTicket(
        tx,
        ticket.id,
        { ownerUserId: lead, assignmentState: 'pending', assignedAt: now },
        now,
      );
      actions.owner = { from: ticket.ownerUserId, to: lead };
    }
    if (breachActions.addWatcherUserId) {
      await addCollaborator(tx, ticket.id, breachActions.addWatcherUserId);
      actions.watcher = breachActions.addWatcherUserId;
    }
    await insertEvent(tx, {
      ticketId: ticket.id,
      kind: 'system',
      isPublic: false,
      authorUserId: null,
      authorLabel: 'sla',
      body: '',
      data: { sla: 'breached', milestone: row.milestone, dueAt: row.dueAt.toISOString(), actions },
      createdAt: now,
    });
    await recordAudit(tx, system, {
      action: 'ticket.sla_breached',
      entityType: 'ticket',
      entityId: ticket.id,
      after: { milestone: row.milestone, actions },
    });
  }
  await syncTicketSla(tx, (await findTicketView(tx, ticket.id))!, now, { measures });
}
