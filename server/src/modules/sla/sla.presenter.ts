import type { Queryable } from '../../platform/db/database.js';
import { isTaskMilestone, remainingMs, wallClock } from './sla.js';
import {
  findSlaPolicy,
  listMilestonesOfTickets,
  type MilestoneRecord,
  type SlaPolicyRecord,
} from './sla.repository.js';
import { clockOf, MeasureCache } from './sla.service.js';

export type SlaState = 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'met_late';

const RANK: Record<SlaState, number> = { met: 0, met_late: 0, paused: 1, ok: 2, warning: 3, breached: 4 };

function stateOf(row: MilestoneRecord, remaining: number): SlaState {
  if (row.metAt) return row.breachedAt ? 'met_late' : 'met';
  if (row.breachedAt || remaining < 0) return 'breached';
  if (row.pausedAt) return 'paused';
  if (row.warningsSent.length > 0 || remaining < row.targetMinutes * 60_000 * 0.25) return 'warning';
  return 'ok';
}

async function presentMilestones(
  db: Queryable,
  rows: MilestoneRecord[],
  now: Date,
  measures: MeasureCache,
  policies: Map<string, SlaPolicyRecord | undefined>,
) {
  const result = [];
  for (const row of rows) {
    const policyId = row.policyId;
    if (policyId && !policies.has(policyId)) policies.set(policyId, await findSlaPolicy(db, policyId));
    const policy = policyId ? policies.get(policyId) : undefined;
    // Task milestones have no policy and run on the wall clock.
    const measure = policy
      ? await measures.measure(policy, row.isBusinessTime)
      : row.isBusinessTime
        ? null
        : wallClock;
    const remaining = row.metAt || !measure ? 0 : remainingMs(clockOf(row), now, measure);
    result.push({
      milestone: row.milestone,
      state: stateOf(row, remaining),
      targetMinutes: row.targetMinutes,
      isBusinessTime: row.isBusinessTime,
      startedAt: row.startedAt.toISOString(),
      dueAt: row.dueAt.toISOString(),
      metAt: row.metAt?.toISOString() ?? null,
      pausedAt: row.pausedAt?.toISOString() ?? null,
      breachedAt: row.breachedAt?.toISOString() ?? null,
      remainingMs: row.metAt ? null : remaining,
      cycle: row.cycle,
    });
  }
  return result;
}

export type PresentedMilestone = Awaited<ReturnType<typeof presentMilestones>>[number];

/**
 * The badge of a ticket: its most urgent open milestone, and the worst state among them. A closed
 * ticket's clocks have stopped: it shows whether it kept every promise — unless a task on it (a survey
 * follow-up) is still running, which then is its badge.
 */
export function summarise(milestones: PresentedMilestone[], isClosed = false) {
  if (milestones.length === 0) return null;
  let running = milestones;
  if (isClosed) {
    const openTasks = milestones.filter(
      (milestone) => isTaskMilestone(milestone.milestone) && !milestone.metAt,
    );
    if (openTasks.length === 0) {
      const promises = milestones.filter((milestone) => !isTaskMilestone(milestone.milestone));
      return {
        state: promises.some((milestone) => milestone.breachedAt) ? ('met_late' as const) : ('met' as const),
        next: null,
      };
    }
    running = openTasks;
  }
  const open = running.filter((milestone) => !milestone.metAt);
  const worst = open.reduce<SlaState>(
    (state, milestone) => (RANK[milestone.state] > RANK[state] ? milestone.state : state),
    open.length ? 'paused' : 'met',
  );
  const next = [...open].sort((a, b) => (a.remainingMs ?? 0) - (b.remainingMs ?? 0))[0] ?? null;
  return {
    state: worst,
    next: next && {
      milestone: next.milestone,
      dueAt: next.dueAt,
      remainingMs: next.remainingMs,
      isBusinessTime: next.isBusinessTime,
    },
  };
}

/** SLA state for a page of tickets, in one query plus one calendar read per policy. */
export async function slaForTickets(db: Queryable, ticketIds: string[], now: Date) {
  const rows = await listMilestonesOfTickets(db, ticketIds);
  const measures = new MeasureCache(db);
  const policies = new Map<string, SlaPolicyRecord | undefined>();
  const byTicket = new Map<string, PresentedMilestone[]>();
  for (const ticketId of ticketIds) {
    byTicket.set(
      ticketId,
      await presentMilestones(
        db,
        rows.filter((row) => row.ticketId === ticketId),
        now,
        measures,
        policies,
      ),
    );
  }
  return byTicket;
}
