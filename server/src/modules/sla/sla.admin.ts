import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { findTicketView } from '../tickets/tickets.repository.js';
import { CONTRACT_TARGETS, DEFAULT_OVERDUE_REASONS, STANDARD_TARGETS } from './defaults.js';
import {
  calendarExists,
  countPolicyUse,
  deleteSlaPolicy,
  findCalendarIdByKey,
  findSlaPolicy,
  findSlaPolicyByKey,
  insertSlaPolicy,
  listOpenTicketIdsOfCalendar,
  listOpenTicketIdsOfPolicy,
  listOverdueReasons,
  listSlaPolicies,
  type OverdueReasonRecord,
  type SlaPolicyRecord,
  updateSlaPolicy,
  upsertOverdueReason,
} from './sla.repository.js';
import type { CreateSlaPolicyInput, UpdateSlaPolicyInput } from './sla.schema.js';
import { syncTicketSla } from './sla.service.js';

/**
 * First run: the SPEC R5.1 policy (seed 004) on the China business calendar, the seed 000 contract
 * policy beside it (inactive until an administrator gives it conditions), and the overdue reasons.
 */
export async function ensureDefaultSla(db: Queryable, now: Date): Promise<void> {
  if ((await listOverdueReasons(db)).length === 0) {
    for (const [position, reason] of DEFAULT_OVERDUE_REASONS.entries()) {
      await upsertOverdueReason(db, { ...reason, position, isActive: true });
    }
  }
  if ((await listSlaPolicies(db)).length > 0) return;
  const calendarId = await findCalendarIdByKey(db, 'china_business');
  if (!calendarId) return;
  const common = {
    conditions: {},
    calendarId,
    pauseWhileWaitingCustomer: true,
    warningPercents: [75, 90],
    breachActions: {},
  };
  await insertSlaPolicy(
    db,
    {
      ...common,
      key: 'standard',
      name: '标准售后时效',
      description: 'SPEC R5.1（时效管理工具）',
      position: 100,
      isActive: true,
      targets: STANDARD_TARGETS,
    },
    now,
  );
  await insertSlaPolicy(
    db,
    {
      ...common,
      key: 'contract',
      name: '合同客户时效',
      description: '响应 2/24/48 小时，解决 4/48 小时、7 个工作日',
      position: 50,
      isActive: false,
      targets: CONTRACT_TARGETS,
    },
    now,
  );
}

export function presentPolicy(policy: SlaPolicyRecord) {
  return { ...policy, createdAt: policy.createdAt.toISOString(), updatedAt: policy.updatedAt.toISOString() };
}

const audited = ({ createdAt: _c, updatedAt: _u, ...policy }: SlaPolicyRecord) => policy;

async function assertCalendar(db: Queryable, calendarId: string) {
  if (!(await calendarExists(db, calendarId)))
    throw new AppError('validation_failed', 'sla.unknownCalendar', { field: 'body.calendarId' });
}

export const listPolicies = (ctx: AppContext) => listSlaPolicies(ctx.db);

export async function createPolicy(ctx: AppContext, actor: Actor, input: CreateSlaPolicyInput) {
  return ctx.db.transaction(async (tx) => {
    if (await findSlaPolicyByKey(tx, input.key))
      throw new AppError('conflict', 'sla.policyKeyTaken', { field: 'body.key', params: { key: input.key } });
    await assertCalendar(tx, input.calendarId);
    const id = await insertSlaPolicy(tx, input, ctx.clock.now());
    const policy = (await findSlaPolicy(tx, id))!;
    await recordAudit(tx, actor, {
      action: 'sla_policy.created',
      entityType: 'sla_policy',
      entityId: id,
      after: audited(policy),
    });
    return policy;
  });
}

/** A change applies to new tickets; with `applyToOpenTickets`, also to the open milestones of tickets under it. */
export async function updatePolicy(ctx: AppContext, actor: Actor, id: string, input: UpdateSlaPolicyInput) {
  return ctx.db.transaction(async (tx) => {
    const before = await findSlaPolicy(tx, id);
    if (!before) throw new AppError('not_found', 'sla.policyNotFound');
    if (input.calendarId) await assertCalendar(tx, input.calendarId);
    const { applyToOpenTickets, ...changes } = input;
    await updateSlaPolicy(
      tx,
      id,
      { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) },
      ctx.clock.now(),
    );
    const after = (await findSlaPolicy(tx, id))!;
    let recomputed = 0;
    if (applyToOpenTickets) {
      const now = ctx.clock.now();
      for (const ticketId of await listOpenTicketIdsOfPolicy(tx, id)) {
        await syncTicketSla(tx, (await findTicketView(tx, ticketId))!, now, { recomputeTargets: true });
        recomputed += 1;
      }
    }
    await recordAudit(tx, actor, {
      action: 'sla_policy.updated',
      entityType: 'sla_policy',
      entityId: id,
      before: audited(before),
      after: { ...audited(after), recomputedTickets: recomputed },
    });
    return after;
  });
}

export async function deletePolicy(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const policy = await findSlaPolicy(tx, id);
    if (!policy) throw new AppError('not_found', 'sla.policyNotFound');
    if ((await countPolicyUse(tx, id)) > 0) throw new AppError('conflict', 'sla.policyInUse');
    await deleteSlaPolicy(tx, id);
    await recordAudit(tx, actor, {
      action: 'sla_policy.deleted',
      entityType: 'sla_policy',
      entityId: id,
      before: audited(policy),
    });
  });
}

export const listReasons = (ctx: AppContext) => listOverdueReasons(ctx.db);

export async function saveReason(ctx: AppContext, actor: Actor, reason: OverdueReasonRecord) {
  await ctx.db.transaction(async (tx) => {
    await upsertOverdueReason(tx, reason);
    await recordAudit(tx, actor, {
      action: 'overdue_reason.saved',
      entityType: 'overdue_reason',
      entityId: reason.code,
      after: reason,
    });
  });
  return reason;
}

/**
 * Recalculation after a calendar changed (R5): open milestones of tickets whose policy uses it are
 * recomputed on the new working time; met and breached ones stay as they were.
 */
export async function recomputeForCalendar(ctx: AppContext, calendarId: string): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const ids = await listOpenTicketIdsOfCalendar(tx, calendarId);
    for (const ticketId of ids) {
      await syncTicketSla(tx, (await findTicketView(tx, ticketId))!, now, { recomputeTargets: true });
    }
    return ids.length;
  });
}
