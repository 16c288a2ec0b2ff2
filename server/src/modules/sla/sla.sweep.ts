import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { systemActor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { queueCustomerMessage, queueStaffAlert } from '../notifications/notifications.service.js';
import { groupLeadOf } from '../routing/routing.service.js';
import {
  addCollaborator,
  findTicketView,
  insertEvent,
  type TicketView,
  updateTicket,
} from '../tickets/tickets.repository.js';
import { dueEvents, type SweepEvent } from './sla.js';
import {
  claimDueMilestones,
  findSlaPolicy,
  listSupervisorIds,
  type MilestoneRecord,
  nextHigherPriority,
  type SlaPolicyRecord,
  upsertMilestone,
} from './sla.repository.js';
import { clockOf, MeasureCache, syncTicketSla, toRecord } from './sla.service.js';

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
    for (const row of due) {
      if (!policies.has(row.policyId)) policies.set(row.policyId, await findSlaPolicy(tx, row.policyId));
      const policy = policies.get(row.policyId);
      const ticket = await findTicketView(tx, row.ticketId);
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
      for (const event of outcome.announce) await announce(ctx, tx, ticket, row, policy, event, now);
    }
    return due.length;
  });
}

async function announce(
  ctx: Pick<AppContext, 'clock' | 'config' | 'queue'>,
  tx: Queryable,
  ticket: TicketView,
  row: MilestoneRecord,
  policy: SlaPolicyRecord,
  event: SweepEvent,
  now: Date,
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
  await syncTicketSla(tx, (await findTicketView(tx, ticket.id))!, now);
}
