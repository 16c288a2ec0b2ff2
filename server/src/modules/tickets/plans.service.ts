import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import type { MessageParams } from '../../platform/i18n/translate.js';
import { queueStaffAlert, type StaffTemplate } from '../notifications/notifications.service.js';
import { groupLeadOf } from '../routing/routing.service.js';
import { type Caller, requirePermission } from './access.js';
import { canTransition } from './lifecycle.js';
import { loadTicketPolicy, needsManagementApproval } from './policy.js';
import {
  answerCollaborationRequest,
  decideEscalationRequest,
  findCollaborationRequest,
  findEscalationRequest,
  findPlan,
  insertCollaborationRequest,
  insertEscalationRequest,
  insertPlan,
  type SolutionPlanRecord,
  updatePlan,
} from './requests.repository.js';
import {
  findTicketView,
  groupExists,
  priorityExists,
  type TicketView,
  updateTicket,
} from './tickets.repository.js';
import { changeTicket, event, presentFor } from './tickets.service.js';

/** Tells the lead of a group (when it has one) about a decision waiting for them. */
async function alertGroupLead(
  ctx: AppContext,
  tx: Queryable,
  groupId: string | null,
  ticketId: string,
  template: StaffTemplate,
  params: MessageParams,
) {
  const lead = groupId ? await groupLeadOf(tx, groupId) : null;
  if (lead)
    await queueStaffAlert(ctx, tx, {
      ticketId,
      userId: lead,
      template,
      params,
      locale: ctx.config.defaultLocale,
    });
}

async function reload(ctx: AppContext, caller: Caller, id: string) {
  return presentFor(ctx, caller, (await findTicketView(ctx.db, id))!);
}

/** Who approves for the department: the ticket group's lead, or anyone holding `plans.approve`. */
async function mayApproveAsLead(tx: Queryable, caller: Caller, ticket: TicketView): Promise<boolean> {
  if (caller.principal.permissions.has('plans.approve')) return true;
  return ticket.groupId !== null && (await groupLeadOf(tx, ticket.groupId)) === caller.principal.userId;
}

/** R4.4: a plan with its compensation; approved by the lead, and by management when major. */
export async function proposePlan(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  input: {
    body: string;
    compensationType: string;
    compensationAmount?: number | null | undefined;
    isBulk: boolean;
  },
) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.plan_proposed', async (tx, ticket, now) => {
    if (ticket.status === 'closed')
      throw new AppError('conflict', 'tickets.finished', { params: { number: ticket.number } });
    const policy = await loadTicketPolicy(tx);
    const amount = input.compensationAmount ?? null;
    const planId = await insertPlan(tx, {
      ticketId: ticket.id,
      body: input.body,
      compensationType: input.compensationType,
      compensationAmount: amount,
      isBulk: input.isBulk,
      needsManagement: needsManagementApproval({ isBulk: input.isBulk, compensationAmount: amount }, policy),
      status: 'pending_lead',
      createdBy: caller.actor.userId,
      createdAt: now,
    });
    await event(tx, caller, ticket.id, 'plan', {
      body: input.body,
      data: {
        planId,
        action: 'proposed',
        compensationType: input.compensationType,
        compensationAmount: amount,
      },
      at: now,
    });
    await alertGroupLead(ctx, tx, ticket.groupId, ticket.id, 'planAwaitingApproval', {
      number: ticket.number,
      title: ticket.title,
    });
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

async function requirePlan(tx: Queryable, ticketId: string, planId: string): Promise<SolutionPlanRecord> {
  const plan = await findPlan(tx, ticketId, planId);
  if (!plan) throw new AppError('not_found', 'tickets.planNotFound');
  return plan;
}

/** One approval step: the lead's first, then management's for a major plan. Approval presents it to the customer. */
export async function decidePlan(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  planId: string,
  input: { approve: boolean; note?: string | null | undefined },
) {
  const id = await changeTicket(ctx, caller, idOrNumber, 'ticket.plan_decided', async (tx, ticket, now) => {
    const plan = await requirePlan(tx, ticket.id, planId);
    const note = input.note ?? null;
    let next: SolutionPlanRecord['status'];
    if (plan.status === 'pending_lead') {
      if (!(await mayApproveAsLead(tx, caller, ticket)))
        throw new AppError('forbidden', 'tickets.planNeedsLead');
      next = !input.approve ? 'rejected' : plan.needsManagement ? 'pending_management' : 'approved';
      await updatePlan(tx, plan.id, {
        status: next,
        leadDecidedBy: caller.principal.userId,
        leadDecidedAt: now,
        leadNote: note,
      });
    } else if (plan.status === 'pending_management') {
      requirePermission(caller.principal, 'plans.approve_major');
      next = input.approve ? 'approved' : 'rejected';
      await updatePlan(tx, plan.id, {
        status: next,
        managementDecidedBy: caller.principal.userId,
        managementDecidedAt: now,
        managementNote: note,
      });
    } else {
      throw new AppError('conflict', 'tickets.planAlreadyDecided');
    }
    await event(tx, caller, ticket.id, 'plan', {
      body: note ?? '',
      data: { planId, action: input.approve ? 'approved' : 'rejected', status: next },
      at: now,
    });
    if (next === 'approved' && canTransition(ticket.status, 'solution_proposed')) {
      await updateTicket(tx, ticket.id, { status: 'solution_proposed', solutionProposedAt: now }, now);
      await event(tx, caller, ticket.id, 'status_change', {
        data: { from: ticket.status, to: 'solution_proposed' },
        at: now,
      });
    }
    return ticket.id;
  });
  return reload(ctx, caller, id);
}

/** The customer accepts or rejects an approved plan (recorded by staff here; the portal records its own). */
export async function recordPlanCustomerDecision(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  planId: string,
  input: { accepted: boolean; note?: string | null | undefined },
) {
  const id = await changeTicket(
    ctx,
    caller,
    idOrNumber,
    'ticket.plan_customer_decision',
    async (tx, ticket, now) => {
      const plan = await requirePlan(tx, ticket.id, planId);
      if (plan.status !== 'approved') throw new AppError('conflict', 'tickets.planNotApproved');
      await planCustomerDecisionInTransaction(tx, caller, ticket, plan, input, now);
      return ticket.id;
    },
  );
  return reload(ctx, caller, id);
}

/**
 * Records the customer's decision on an approved plan of the ticket (the caller has checked both), whether
 * staff record it or the customer gives it in the portal; work resumes on the ticket either way.
 */
export async function planCustomerDecisionInTransaction(
  tx: Queryable,
  caller: Caller | { actor: Caller['actor'] },
  ticket: TicketView,
  plan: SolutionPlanRecord,
  input: { accepted: boolean; note?: string | null | undefined },
  now: Date,
): Promise<void> {
  await updatePlan(tx, plan.id, {
    status: input.accepted ? 'accepted' : 'declined_by_customer',
    customerDecidedAt: now,
    customerNote: input.note ?? null,
  });
  await event(tx, caller, ticket.id, 'plan', {
    body: input.note ?? '',
    isPublic: true,
    data: { planId: plan.id, action: input.accepted ? 'customer_accepted' : 'customer_declined' },
    at: now,
  });
  if (ticket.status === 'solution_proposed') {
    await updateTicket(tx, ticket.id, { status: 'in_progress' }, now);
    await event(tx, caller, ticket.id, 'status_change', {
      data: { from: ticket.status, to: 'in_progress' },
      at: now,
    });
  }
}

/** R3.4: the owner asks another department for a named action by a deadline. */
export async function requestCollaboration(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  input: { groupId: string; action: string; dueAt: string },
) {
  const id = await changeTicket(
    ctx,
    caller,
    idOrNumber,
    'ticket.collaboration_requested',
    async (tx, ticket, now) => {
      if (!(await groupExists(tx, input.groupId)))
        throw new AppError('validation_failed', 'tickets.unknownGroup', { field: 'body.groupId' });
      const dueAt = new Date(input.dueAt);
      if (dueAt.getTime() <= now.getTime())
        throw new AppError('validation_failed', 'tickets.dueInPast', { field: 'body.dueAt' });
      const requestId = await insertCollaborationRequest(tx, {
        ticketId: ticket.id,
        requestedBy: caller.principal.userId,
        groupId: input.groupId,
        action: input.action,
        dueAt,
        createdAt: now,
      });
      await event(tx, caller, ticket.id, 'collaboration', {
        body: input.action,
        data: { requestId, groupId: input.groupId, dueAt: input.dueAt },
        at: now,
      });
      await alertGroupLead(ctx, tx, input.groupId, ticket.id, 'collaborationRequested', {
        number: ticket.number,
        action: input.action,
      });
      return ticket.id;
    },
  );
  return reload(ctx, caller, id);
}

/** The asked department answers; its members (or the owner) may record the answer. */
export async function answerCollaboration(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  requestId: string,
  answer: string,
) {
  const id = await changeTicket(
    ctx,
    caller,
    idOrNumber,
    'ticket.collaboration_answered',
    async (tx, ticket, now) => {
      const request = await findCollaborationRequest(tx, ticket.id, requestId);
      if (!request) throw new AppError('not_found', 'tickets.requestNotFound');
      if (request.status === 'answered') throw new AppError('conflict', 'tickets.requestAlreadyAnswered');
      await answerCollaborationRequest(tx, request.id, answer, caller.principal.userId, now);
      await event(tx, caller, ticket.id, 'collaboration', {
        body: answer,
        data: { requestId, answered: true },
        at: now,
      });
      return ticket.id;
    },
  );
  return reload(ctx, caller, id);
}

/** R3.4: the owner asks for escalation with a reason and the support needed; a supervisor decides. */
export async function requestEscalation(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  input: { reason: string; supportNeeded: string },
) {
  const id = await changeTicket(
    ctx,
    caller,
    idOrNumber,
    'ticket.escalation_requested',
    async (tx, ticket, now) => {
      const requestId = await insertEscalationRequest(tx, {
        ticketId: ticket.id,
        requestedBy: caller.principal.userId,
        reason: input.reason,
        supportNeeded: input.supportNeeded,
        createdAt: now,
      });
      await event(tx, caller, ticket.id, 'escalation', {
        body: input.reason,
        data: { requestId, supportNeeded: input.supportNeeded },
        at: now,
      });
      await alertGroupLead(ctx, tx, ticket.groupId, ticket.id, 'escalationRequested', {
        number: ticket.number,
        reason: input.reason,
      });
      return ticket.id;
    },
  );
  return reload(ctx, caller, id);
}

/** A supervisor's decision; approval may raise the priority and updates the customer's expected time. */
export async function decideEscalation(
  ctx: AppContext,
  caller: Caller,
  idOrNumber: string,
  requestId: string,
  input: {
    approve: boolean;
    note?: string | null | undefined;
    newExpectedResolutionAt?: string | null | undefined;
    priority?: string | undefined;
  },
) {
  requirePermission(caller.principal, 'tickets.assign');
  const id = await changeTicket(
    ctx,
    caller,
    idOrNumber,
    'ticket.escalation_decided',
    async (tx, ticket, now) => {
      const request = await findEscalationRequest(tx, ticket.id, requestId);
      if (!request) throw new AppError('not_found', 'tickets.requestNotFound');
      if (request.status !== 'pending') throw new AppError('conflict', 'tickets.requestAlreadyAnswered');
      if (input.priority && !(await priorityExists(tx, input.priority))) {
        throw new AppError('validation_failed', 'tickets.unknownPriority', {
          field: 'body.priority',
          params: { code: input.priority },
        });
      }
      const expected = input.newExpectedResolutionAt ? new Date(input.newExpectedResolutionAt) : null;
      await decideEscalationRequest(tx, request.id, {
        status: input.approve ? 'approved' : 'rejected',
        by: caller.principal.userId,
        at: now,
        note: input.note ?? null,
        newExpectedResolutionAt: expected,
      });
      if (input.approve) {
        await updateTicket(
          tx,
          ticket.id,
          { priority: input.priority, expectedResolutionAt: expected ?? undefined },
          now,
        );
      }
      await event(tx, caller, ticket.id, 'escalation', {
        body: input.note ?? '',
        data: {
          requestId,
          decision: input.approve ? 'approved' : 'rejected',
          priority: input.priority ?? null,
          expectedResolutionAt: input.newExpectedResolutionAt ?? null,
        },
        at: now,
      });
      return ticket.id;
    },
  );
  return reload(ctx, caller, id);
}
