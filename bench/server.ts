/**
 * The benchmarked Aftercare process. The runner (bench/run.ts) forks it and sends commands over IPC:
 * it serves the HTTP API on a real port and does the work that needs the database directly (seeding
 * through the product's services, set-based replication, the plain-SQL reference, the SLA sweep) —
 * with PGlite only this process may open the database.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../server/dist/modules/audit/actor.js';
import { createApiToken, principalOf } from '../server/dist/modules/auth/auth.service.js';
import { addPurchase, createCustomer } from '../server/dist/modules/customers/customers.service.js';
import { createProduct } from '../server/dist/modules/products/products.service.js';
import { sweepAllDue, sweepDueMilestones } from '../server/dist/modules/sla/sla.sweep.js';
import { seedDemoData } from '../server/dist/modules/system/demo-data.js';
import { createTicket } from '../server/dist/modules/tickets/intake.service.js';
import {
  acceptTicket,
  addMessage,
  assignTicket,
  closeTicket,
  recordCustomerReply,
  resolveTicket,
  setStatus,
} from '../server/dist/modules/tickets/tickets.service.js';
import { findUserByUsername } from '../server/dist/modules/users/users.repository.js';
import { createUser } from '../server/dist/modules/users/users.service.js';
import { ManualClock } from '../server/dist/platform/clock.js';
import { loadConfig } from '../server/dist/platform/config.js';
import { createAftercare } from '../server/dist/server.js';
import {
  BENCH_PRODUCTS,
  CUSTOMER_REPLIES,
  customerSeed,
  NEW_NEEDS,
  purchaseSeed,
  Random,
  REPLIES,
  RESOLUTIONS,
  staffSeed,
  ticketSeed,
} from './data.ts';

// biome-ignore lint/suspicious/noExplicitAny: the compiled server ships no type declarations
type Any = any;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPEN = `status NOT IN ('resolved', 'closed')`;
/** Who counts as an agent: an active member of a service group (the administrator account aside). */
const AGENTS = `SELECT gm.group_id, gm.user_id, u.username FROM group_members gm JOIN users u ON u.id = gm.user_id
  WHERE u.is_active AND u.username <> 'admin'`;
/** Whose staff handle a ticket: its group, or the front line for a ticket that routing left without one. */
const HANDLING_GROUP = `coalesce(group_id, (SELECT id FROM groups WHERE key = 'frontline'))`;

let aftercare: Any;
let ctx: Any;

const send = (message: unknown) => process.send?.(message);

const commands: Record<string, (args: Any) => Promise<unknown>> = {
  async open(args: { databaseUrl?: string; dataDir?: string }) {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: args.databaseUrl ?? '',
      AFTERCARE_DATA_DIR: args.dataDir ?? '',
      LOG_LEVEL: 'warn',
      AFTERCARE_ADMIN_PASSWORD: 'bench-admin-password',
      DATABASE_POOL_MAX: '20',
    });
    aftercare = await createAftercare(config, { webDist: false });
    ctx = aftercare.context;
    await aftercare.app.listen({ port: 0, host: '127.0.0.1' });
    const address = aftercare.app.server.address();
    return { port: address.port, pid: process.pid, kind: ctx.db.kind };
  },

  async close() {
    await aftercare?.close();
    aftercare = undefined;
    return true;
  },

  /** Organisation, staff, sample rules and products through the demo loader and the product service. */
  async seedReference() {
    const summary = await seedDemoData(ctx);
    const existing = new Set(
      (await ctx.db.query('SELECT model FROM products')).map((row: { model: string }) => row.model),
    );
    for (const product of BENCH_PRODUCTS) {
      if (existing.has(product.model)) continue;
      await createProduct(ctx, systemActor('bench'), {
        model: product.model,
        name: product.name,
        category: product.category,
        productLine: product.line,
        warrantyMonths: product.warranty,
        isActive: true,
      });
    }
    return summary.description;
  },

  async token(args: { username: string }) {
    const user = await findUserByUsername(ctx.db, args.username);
    const created = await createApiToken(
      ctx,
      { userId: user.id, permissions: new Set(user.permissions) },
      systemActor('bench'),
      { name: `bench-${Date.now()}`, scopes: user.permissions },
    );
    return { token: created.token, userId: user.id };
  },

  seedService,
  staff,
  replicate,
  catchUpSweep,
  sqlReference,
  deleteReference,
  sweep,
  stats,
  sampleTickets,
  surveysPresent: async () => surveysModule() !== null,

  async vacuum() {
    await ctx.db.exec('VACUUM ANALYZE');
    return true;
  },

  /** The group member with the most open tickets: whose inbox the queries are measured for. */
  async busiestAgent() {
    const rows = await ctx.db.query(
      `SELECT u.username, count(*)::int AS open FROM tickets t JOIN users u ON u.id = t.owner_user_id
        WHERE t.${OPEN} AND EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = u.id)
          AND u.username <> 'admin'
        GROUP BY u.username ORDER BY count(*) DESC LIMIT 1`,
    );
    return { username: rows[0]?.username ?? 'liqian', openTickets: rows[0]?.open ?? 0 };
  },
};

let surveys: Any | null | undefined;
async function surveysApi(): Promise<Any | null> {
  if (surveys === undefined) {
    const file = surveysModule();
    surveys = file ? await import(file) : null;
  }
  return surveys;
}

const surveyOutcome = {
  answered: 0,
  notOffered: 0,
  failed: 0,
  newNeeds: 0,
  firstError: null as string | null,
};

/**
 * The customer answers the satisfaction survey of a closed ticket, as through the portal link. A few
 * name another need, which the product opens as a new ticket: its id is returned, so it gets handled.
 */
async function answerSurvey(at: Any, ticketId: string, random: Random): Promise<string | null> {
  const api = await surveysApi();
  if (!api) return null;
  try {
    await api.sweepSurveys(at, 200);
    const link = await api.findSurveyLinkForTicket(at, at.db, ticketId);
    if (!link) {
      surveyOutcome.notOffered++;
      return null;
    }
    const token = link.url.split('/').pop();
    const survey = await api.openPublicSurvey(at, token, 'zh-CN');
    const answers: Record<string, number | string> = {};
    for (const question of survey.questions) {
      if (question.key === 'otherNeeds') {
        if (random.chance(0.04)) answers[question.key] = random.pick(NEW_NEEDS);
      } else if (question.kind === 'text') {
        if (random.chance(0.3))
          answers[question.key] = random.pick(['师傅很专业，谢谢', '处理速度可以再快一点', '满意']);
      } else {
        const top = survey.scale === 'hundred' ? 100 : 5;
        answers[question.key] = random.chance(0.85)
          ? top - random.int(0, 1)
          : random.int(1, Math.max(1, top - 2));
      }
    }
    await api.answerPublicSurvey(at, token, answers, null);
    surveyOutcome.answered++;
    if (!answers.otherNeeds) return null;
    const [need] = await at.db.query(
      `SELECT ticket_id AS id FROM ticket_links WHERE linked_ticket_id = $1 AND kind = 'follow_up'`,
      [ticketId],
    );
    if (need) surveyOutcome.newNeeds++;
    return need?.id ?? null;
  } catch (error) {
    surveyOutcome.failed++;
    surveyOutcome.firstError ??= (error as Error).message;
    return null;
  }
}

function surveysModule(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const file = join(here, '../server/dist/modules/surveys/surveys.service.js');
  return existsSync(file) ? file : null;
}

async function callers() {
  const rows = await ctx.db.query('SELECT username FROM users WHERE is_active');
  const map = new Map<string, Any>();
  for (const { username } of rows) {
    const user = await findUserByUsername(ctx.db, username);
    if (!user) continue;
    map.set(user.id, {
      principal: principalOf(user, 'session'),
      actor: { userId: user.id, label: username, requestId: null, ip: null },
    });
  }
  return map;
}

/**
 * Customers, purchases and tickets through the product's own services, each on a clock set back to
 * when it happened (spread over 18 months), with the handling steps a real ticket sees: accept, reply,
 * the customer's answer, resolve, close on confirmation. Steps that would lie in the future are not
 * taken, so recent tickets stay open in every stage.
 */
async function seedService(args: {
  tickets: number;
  customers: number;
  workers: number;
  budgetMs: number;
  seed: number;
}) {
  const random = new Random(args.seed);
  const started = Date.now();
  const now = Date.now();
  const people = await callers();
  const admin = [...people.values()].find((caller) => caller.principal.username === 'admin');
  const agent = [...people.values()].find((caller) => caller.principal.username === 'liqian');

  // Customers and their purchases.
  const customers: { id: string; purchase: Any | null; seed: Any }[] = [];
  const customerStart = Date.now();
  let customerIndex = 0;
  const customerWorker = async () => {
    while (customerIndex < args.customers) {
      const index = customerIndex++;
      const seed = customerSeed(random, index + 1);
      const customer = await createCustomer(
        ctx,
        systemActor('bench'),
        { ...seed, ...(seed.email ? {} : { email: undefined }) },
        true,
      );
      let purchase = null;
      if (random.chance(0.8)) {
        const bought = purchaseSeed(random, index + 1, new Date(now));
        await addPurchase(ctx, systemActor('bench'), customer.id, bought);
        purchase = bought;
      }
      customers.push({ id: customer.id, purchase, seed });
      if (customers.length % 1000 === 0) progress(`customers ${customers.length}/${args.customers}`);
    }
  };
  await Promise.all(Array.from({ length: args.workers }, customerWorker));
  const customerMs = Date.now() - customerStart;

  // Tickets, oldest first, so numbering and routing see them in the order they arrived.
  const moments = Array.from({ length: args.tickets }, () => now - random.next() ** 0.9 * 540 * DAY)
    .map((moment) => Math.min(moment, now - 60_000))
    .sort((a, b) => a - b);
  const overdueReason = 'parts_shortage';
  const newNeedSteps = (at: Any, id: string, owner: Any) => [
    {
      after: random.int(5, 120) * 60_000,
      run: () => assignTicket(at, admin, id, { ownerId: owner.principal.userId }),
    },
    { after: random.int(10, 240) * 60_000, run: () => acceptTicket(at, owner, id) },
    {
      after: random.int(20, 360) * 60_000,
      run: () => addMessage(at, owner, id, { body: random.pick(REPLIES), isPublic: true }),
    },
    { after: random.int(2, 48) * HOUR, run: () => resolveTicket(at, owner, id, random.pick(RESOLUTIONS)) },
    {
      after: random.int(2, 72) * HOUR,
      run: () =>
        closeTicket(at, admin, id, {
          confirmationMethod: random.pick(['phone', 'sms', 'portal']),
          note: '客户确认问题已解决',
          overdueReason,
        }),
    },
  ];
  let next = 0;
  let created = 0;
  let steps = 0;
  let failures = 0;
  const ticketStart = Date.now();
  const worker = async () => {
    const clock = new ManualClock(new Date(now));
    const at = { ...ctx, clock };
    while (next < moments.length && Date.now() - started < args.budgetMs) {
      const receivedAt = moments[next++]!;
      const customer = random.pick(customers);
      const fromPurchase = customer.purchase && random.chance(0.7) ? customer.purchase : null;
      const words = ticketSeed(random, fromPurchase?.productModel ?? null);
      clock.set(new Date(receivedAt));
      const returning = random.chance(0.6);
      const input = {
        title: words.title,
        description: words.description,
        type: words.type,
        channel: words.channel,
        ...(returning
          ? { customerId: customer.id }
          : {
              customer: {
                name: customer.seed.name,
                phone: customer.seed.phone,
                ...(customer.seed.email ? { email: customer.seed.email } : {}),
              },
            }),
        ...(fromPurchase
          ? {
              orderNumber: fromPurchase.orderNumber,
              product: { model: fromPurchase.productModel, serial: fromPurchase.serialNumber },
            }
          : words.productModel
            ? { product: { model: words.productModel } }
            : {}),
        ...(words.type === 'complaint'
          ? { complaint: { severity: random.pick(['light', 'medium', 'severe']) } }
          : {}),
      };
      let view: Any;
      try {
        ({ ticket: view } = await createTicket(at, agent.actor, input, {
          createdByUserId: agent.principal.userId,
        }));
        created++;
      } catch (error) {
        failures++;
        if (failures <= 5) progress(`ticket creation failed: ${(error as Error).message}`);
        continue;
      }
      const owner = (view.ownerUserId && people.get(view.ownerUserId)) || admin;
      const stalls = random.chance(0.012);
      let moment = receivedAt;
      const plan: { after: number; run: () => Promise<unknown> }[] = [];
      if (!view.ownerUserId) {
        plan.push({
          after: random.int(5, 120) * 60_000,
          run: () => assignTicket(at, admin, view.id, { ownerId: admin.principal.userId }),
        });
      }
      plan.push({ after: random.int(10, 240) * 60_000, run: () => acceptTicket(at, owner, view.id) });
      plan.push({
        after: random.int(20, 360) * 60_000,
        run: () => addMessage(at, owner, view.id, { body: random.pick(REPLIES), isPublic: true }),
      });
      if (random.chance(0.35)) {
        plan.push({
          after: random.int(2, 30) * HOUR,
          run: () =>
            recordCustomerReply(at, owner, view.id, { body: random.pick(CUSTOMER_REPLIES), via: 'phone' }),
        });
      }
      if (random.chance(0.1)) {
        plan.push({
          after: random.int(1, 12) * HOUR,
          run: () => setStatus(at, owner, view.id, 'waiting_customer'),
        });
        plan.push({
          after: random.int(6, 48) * HOUR,
          run: () => setStatus(at, owner, view.id, 'in_progress'),
        });
      }
      if (!stalls) {
        plan.push({
          after: random.int(4, 96) * HOUR,
          run: () => resolveTicket(at, owner, view.id, random.pick(RESOLUTIONS)),
        });
        if (random.chance(0.92)) {
          plan.push({
            after: random.int(2, 72) * HOUR,
            run: () =>
              closeTicket(at, admin, view.id, {
                confirmationMethod: random.pick(['phone', 'sms', 'portal']),
                note: '客户确认问题已解决',
                overdueReason,
              }),
          });
          if (random.chance(0.3)) {
            plan.push({
              after: random.int(2, 30) * HOUR,
              // The new need the customer names is handled like any other ticket, by the same agent.
              run: async () => {
                const need = await answerSurvey(at, view.id, random);
                if (need) plan.push(...newNeedSteps(at, need, owner));
              },
            });
          }
        }
      }
      // Steps may add steps (a new need from the survey), so the loop reads the plan as it grows.
      for (const step of plan) {
        moment += step.after;
        if (moment > now) break;
        clock.set(new Date(moment));
        try {
          await step.run();
          steps++;
        } catch (error) {
          failures++;
          if (failures <= 5) progress(`step failed on ${view.number}: ${(error as Error).message}`);
          break;
        }
      }
      if (created % 500 === 0) {
        const seconds = (Date.now() - ticketStart) / 1000;
        progress(`service path: ${created}/${args.tickets} tickets, ${(created / seconds).toFixed(0)}/s`);
      }
    }
  };
  await Promise.all(Array.from({ length: args.workers }, worker));
  const ticketMs = Date.now() - ticketStart;
  return {
    customers: customers.length,
    customerMs,
    tickets: created,
    steps,
    failures,
    ticketMs,
    ticketsPerSecond: created / (ticketMs / 1000),
    surveys: surveyOutcome,
  };
}

/**
 * Staff in proportion to the size: about one agent per 8 000 tickets (at least the demo's staff, at
 * most 200, or `agents` if given), created through the product's user service. Each new agent joins
 * one service group, the one with the most tickets per member at that point (tickets without a group
 * count for the front line), so the groups are staffed in proportion to where the tickets go; the role
 * is the one most of that group's members have.
 */
async function staff(args: { target: number; agents: number | null; seed: number }) {
  const started = Date.now();
  const random = new Random(args.seed);
  const members: { group_id: string; user_id: string; role_id: string }[] = await ctx.db.query(
    `SELECT a.group_id, a.user_id, u.role_id FROM (${AGENTS}) a JOIN users u ON u.id = a.user_id`,
  );
  const before = new Set(members.map((member) => member.user_id)).size;
  const wanted = args.agents ?? Math.min(200, Math.max(before, Math.round(args.target / 8000)));
  const routed: { group_id: string; tickets: number }[] = await ctx.db.query(
    `SELECT group_id, count(*)::int AS tickets
       FROM (SELECT ${HANDLING_GROUP} AS group_id FROM tickets WHERE merged_into_ticket_id IS NULL) t
      WHERE group_id IS NOT NULL GROUP BY group_id`,
  );
  const [fallbackRole] = await ctx.db.query(`SELECT id FROM roles WHERE key = 'agent'`);
  const groups = routed.map((group) => {
    const roles = new Map<string, number>();
    for (const member of members)
      if (member.group_id === group.group_id) roles.set(member.role_id, (roles.get(member.role_id) ?? 0) + 1);
    const role = [...roles.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallbackRole?.id;
    return { id: group.group_id, tickets: group.tickets, seats: roles.size ? sum(roles.values()) : 0, role };
  });
  let added = 0;
  while (groups.length > 0 && before + added < wanted) {
    const group = groups.reduce((best, candidate) =>
      candidate.tickets / (candidate.seats + 1) > best.tickets / (best.seats + 1) ? candidate : best,
    );
    const seed = staffSeed(random, added + 1);
    await createUser(ctx, systemActor('bench'), {
      username: seed.username,
      displayName: seed.displayName,
      email: seed.email,
      password: 'bench-staff-password',
      roleId: group.role,
      groupIds: [group.id],
    });
    group.seats++;
    added++;
    if (added % 25 === 0) progress(`staff: ${added}/${wanted - before} agents added`);
  }
  const [{ count: agents }] = await ctx.db.query(
    `SELECT count(DISTINCT user_id)::int AS count FROM (${AGENTS}) a`,
  );
  return { before, added, agents, ms: Date.now() - started };
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function progress(text: string) {
  send({ progress: text });
}

const TIME_COLUMNS = new Set([
  'received_at',
  'classified_at',
  'assigned_at',
  'accepted_at',
  'first_response_at',
  'solution_proposed_at',
  'resolved_at',
  'closed_at',
  'last_public_update_at',
  'last_customer_activity_at',
  'call_started_at',
  'expected_resolution_at',
  'external_deadline_at',
  'acknowledged_at',
  'created_at',
  'updated_at',
]);

async function columnsOf(table: string): Promise<{ name: string; type: string }[]> {
  const rows = await ctx.db.query(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
        AND (identity_generation IS NULL) ORDER BY ordinal_position`,
    [table],
  );
  return rows;
}

/**
 * Grows the data set to `target` tickets by copying the service-made tickets with set-based SQL: new
 * ids and numbers, every moment shifted by the same offset (closed history up to 20 days earlier, open
 * tickets up to 5 minutes, so their SLA state, already swept, stays true), the search vector copied with
 * the number replaced, and the timeline and SLA milestones copied with the same shift. Customers,
 * products and texts stay those of the original.
 *
 * A department that resolves within days has an open backlog of a few days' intake, not a fixed share
 * of 18 months: open tickets are copied only up to `openShare` of the target (the service-made open ones
 * count towards it and are never fewer), every other copy is of a resolved or closed ticket. Each copy
 * with an owner gets one of the members of its group (the front line's for a ticket without a group)
 * instead of the original's owner, and what the original's owner wrote is written by the new one, so
 * the work spreads over the staff as routing would spread it; copies of unassigned tickets stay so.
 */
async function replicate(args: { target: number; batch: number; openShare: number }) {
  const started = Date.now();
  const [{ count: before }] = await ctx.db.query('SELECT count(*)::int AS count FROM tickets');
  const remaining = args.target - before;
  const [{ count: openBefore }] = await ctx.db.query(
    `SELECT count(*)::int AS count FROM tickets WHERE ${OPEN}`,
  );
  const backlog = Math.max(openBefore, Math.round(args.openShare * args.target));
  if (remaining <= 0) return { copied: 0, openCopies: 0, closedCopies: 0, backlog, openBefore, ms: 0 };
  const ticketColumns = (await columnsOf('tickets')).map((column) => column.name);
  const select = ticketColumns.map((name) => {
    if (name === 'id') return 'c.new_id';
    if (name === 'number')
      return `to_char((t.received_at + c.shift) AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') || '-' || c.serial`;
    if (name === 'merged_into_ticket_id') return 'NULL';
    if (name === 'source_reference') return 'NULL';
    if (name === 'owner_user_id') return 'c.owner';
    if (name === 'search_vector')
      return `ts_delete(t.search_vector, ARRAY[t.number]) || to_tsvector('simple', quote_literal(to_char((t.received_at + c.shift) AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') || '-' || c.serial))`;
    if (TIME_COLUMNS.has(name)) return `t.${name} + c.shift`;
    return `t.${name}`;
  });
  const eventColumns = (await columnsOf('ticket_events'))
    .map((column) => column.name)
    .filter((name) => name !== 'id');
  const eventSelect = eventColumns.map((name) => {
    if (name === 'ticket_id') return 'c.new_id';
    if (name === 'created_at') return 'e.created_at + c.shift';
    if (name === 'author_user_id')
      return 'CASE WHEN e.author_user_id = c.old_owner THEN c.owner ELSE e.author_user_id END';
    if (name === 'author_label')
      return 'CASE WHEN e.author_user_id = c.old_owner AND c.owner_label IS NOT NULL THEN c.owner_label ELSE e.author_label END';
    return `e.${name}`;
  });
  const milestoneColumns = (await columnsOf('ticket_milestones')).map((column) => column.name);
  const milestoneTimes = new Set([
    'started_at',
    'due_at',
    'met_at',
    'paused_at',
    'breached_at',
    'next_check_at',
    'created_at',
    'updated_at',
  ]);
  const milestoneSelect = milestoneColumns.map((name) =>
    name === 'id'
      ? 'gen_random_uuid()'
      : name === 'ticket_id'
        ? 'c.new_id'
        : milestoneTimes.has(name)
          ? `m.${name} + c.shift`
          : `m.${name}`,
  );
  // The originals, numbered within open and done, so a copy picks one by a random ordinal; and the
  // staff of each group, numbered the same way, so a copy picks its owner by a random ordinal. The
  // copies' serials lie above the product's monthly numbers and above those of any earlier copies.
  await ctx.db.exec(`
    DROP TABLE IF EXISTS bench_templates, bench_agents, bench_group_sizes;
    DROP SEQUENCE IF EXISTS bench_serial;
    CREATE UNLOGGED TABLE bench_templates AS
      SELECT id, done, group_id, owner_user_id,
             row_number() OVER (PARTITION BY done ORDER BY id)::int AS ordinal
        FROM (SELECT id, status IN ('resolved', 'closed') AS done, ${HANDLING_GROUP} AS group_id, owner_user_id
                FROM tickets WHERE merged_into_ticket_id IS NULL) t;
    CREATE UNLOGGED TABLE bench_agents AS
      SELECT group_id, user_id, username,
             row_number() OVER (PARTITION BY group_id ORDER BY username)::int AS ordinal
        FROM (${AGENTS}) a;
    CREATE UNLOGGED TABLE bench_group_sizes AS
      SELECT group_id, count(*)::int AS members FROM bench_agents GROUP BY group_id;
    CREATE SEQUENCE bench_serial START ${100_000 + before};`);
  const kinds: { done: boolean; count: number }[] = await ctx.db.query(
    'SELECT done, count(*)::int AS count FROM bench_templates GROUP BY done',
  );
  const templatesOf = (done: boolean) => kinds.find((kind) => kind.done === done)?.count ?? 0;
  if (templatesOf(true) === 0) throw new Error('no resolved or closed ticket to copy');
  const openCopies = templatesOf(false) === 0 ? 0 : Math.min(remaining, Math.max(0, backlog - openBefore));
  const closedCopies = remaining - openCopies;
  let copied = 0;
  for (const { done, count } of [
    { done: false, count: openCopies },
    { done: true, count: closedCopies },
  ]) {
    let left = count;
    while (left > 0) {
      const size = Math.min(left, args.batch);
      await ctx.db.transaction(async (tx: Any) => {
        await tx.query('DROP TABLE IF EXISTS bench_copy');
        await tx.query(`CREATE TEMP TABLE bench_copy ON COMMIT DROP AS
          WITH picks AS MATERIALIZED (
            SELECT 1 + floor(random() * ${templatesOf(done)})::int AS ordinal, random() AS agent_pick
              FROM generate_series(1, ${size}))
          SELECT b.id AS old_id, gen_random_uuid() AS new_id, nextval('bench_serial') AS serial,
                 -(random() * interval '${done ? '20 days' : '5 minutes'}') AS shift,
                 b.owner_user_id AS old_owner,
                 CASE WHEN b.owner_user_id IS NULL THEN NULL ELSE coalesce(a.user_id, b.owner_user_id) END AS owner,
                 a.username AS owner_label
            FROM picks p JOIN bench_templates b ON b.done = ${done} AND b.ordinal = p.ordinal
            LEFT JOIN bench_group_sizes s ON s.group_id = b.group_id
            LEFT JOIN bench_agents a
              ON a.group_id = b.group_id AND a.ordinal = 1 + floor(p.agent_pick * s.members)::int`);
        await tx.query(
          `INSERT INTO tickets (${ticketColumns.join(', ')}) SELECT ${select.join(', ')} FROM tickets t JOIN bench_copy c ON c.old_id = t.id`,
        );
        await tx.query(
          `INSERT INTO ticket_events (${eventColumns.join(', ')}) SELECT ${eventSelect.join(', ')} FROM ticket_events e JOIN bench_copy c ON c.old_id = e.ticket_id ORDER BY e.id`,
        );
        await tx.query(
          `INSERT INTO ticket_milestones (${milestoneColumns.join(', ')}) SELECT ${milestoneSelect.join(', ')} FROM ticket_milestones m JOIN bench_copy c ON c.old_id = m.ticket_id`,
        );
        await tx.query(
          `INSERT INTO ticket_collaborators (ticket_id, user_id, added_at) SELECT c.new_id, tc.user_id, tc.added_at + c.shift FROM ticket_collaborators tc JOIN bench_copy c ON c.old_id = tc.ticket_id`,
        );
      });
      copied += size;
      left -= size;
      const seconds = (Date.now() - started) / 1000;
      progress(
        `replicated ${copied}/${remaining} tickets (${done ? 'resolved or closed' : 'open'}), ${(copied / seconds).toFixed(0)}/s`,
      );
    }
  }
  // What autovacuum would have done to 18 months of history: statistics and the visibility map.
  await ctx.db.exec(
    'DROP TABLE IF EXISTS bench_templates, bench_agents, bench_group_sizes; DROP SEQUENCE IF EXISTS bench_serial;',
  );
  await ctx.db.exec('VACUUM ANALYZE');
  return { copied, openCopies, closedCopies, backlog, openBefore, ms: Date.now() - started };
}

/** Lets the product's sweep handle every milestone that has come due, so the measurement starts level. */
async function catchUpSweep(args: { maxMs: number }) {
  const started = Date.now();
  let handled = 0;
  for (;;) {
    const count = await sweepDueMilestones(ctx, 500);
    handled += count;
    if (count === 0 || Date.now() - started > args.maxMs) break;
    progress(`catch-up sweep: ${handled} milestones`);
  }
  const [{ left }] = await ctx.db.query(
    'SELECT count(*)::int AS left FROM ticket_milestones WHERE next_check_at <= now()',
  );
  return { handled, left, ms: Date.now() - started };
}

/**
 * The plain-SQL reference: the same rows the API wrote for `count` tickets (ticket, timeline entries,
 * milestones), inserted with parameterised INSERTs, one transaction per ticket, `concurrency` at once.
 */
async function sqlReference(args: {
  count: number;
  concurrency: number;
  templateIds: string[];
  tag: string;
}) {
  const ticketColumns = (await columnsOf('tickets')).map((column) => column.name);
  const templates: Any[] = [];
  for (const id of args.templateIds.slice(0, 200)) {
    const [ticket] = await ctx.db.query(
      `SELECT *, search_vector::text AS search_text FROM tickets WHERE id = $1`,
      [id],
    );
    const events = await ctx.db.query('SELECT * FROM ticket_events WHERE ticket_id = $1 ORDER BY id', [id]);
    const milestones = await ctx.db.query('SELECT * FROM ticket_milestones WHERE ticket_id = $1', [id]);
    if (ticket) templates.push({ ticket, events, milestones });
  }
  const eventColumns = [
    'ticket_id',
    'kind',
    'is_public',
    'author_user_id',
    'author_label',
    'body',
    'data',
    'created_at',
  ];
  const milestoneColumns = (await columnsOf('ticket_milestones'))
    .map((column) => column.name)
    .filter((name) => name !== 'id');
  const insertTicket = `INSERT INTO tickets (${ticketColumns.join(', ')}) VALUES (${ticketColumns
    .map((name, index) => (name === 'search_vector' ? `$${index + 1}::tsvector` : `$${index + 1}`))
    .join(', ')})`;
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < args.count) {
      const index = next++;
      const template = templates[index % templates.length];
      const id = crypto.randomUUID();
      const now = new Date();
      const begin = performance.now();
      await ctx.db.transaction(async (tx: Any) => {
        await tx.query(
          insertTicket,
          ticketColumns.map((name) =>
            name === 'id'
              ? id
              : name === 'number'
                ? `${args.tag}-${index}`
                : name === 'search_vector'
                  ? template.ticket.search_text
                  : name === 'created_at' || name === 'updated_at' || name === 'received_at'
                    ? now
                    : template.ticket[name],
          ),
        );
        const eventValues: unknown[] = [];
        const eventRows = template.events.map((event: Any, row: number) => {
          eventValues.push(
            id,
            event.kind,
            event.is_public,
            event.author_user_id,
            event.author_label,
            event.body,
            event.data,
            now,
          );
          return `(${eventColumns.map((_, column) => `$${row * eventColumns.length + column + 1}`).join(', ')})`;
        });
        if (eventRows.length)
          await tx.query(
            `INSERT INTO ticket_events (${eventColumns.join(', ')}) VALUES ${eventRows.join(', ')}`,
            eventValues,
          );
        const milestoneValues: unknown[] = [];
        const milestoneRows = template.milestones.map((milestone: Any, row: number) => {
          for (const name of milestoneColumns)
            milestoneValues.push(name === 'ticket_id' ? id : milestone[name]);
          return `(${milestoneColumns.map((_, column) => `$${row * milestoneColumns.length + column + 1}`).join(', ')})`;
        });
        if (milestoneRows.length)
          await tx.query(
            `INSERT INTO ticket_milestones (${milestoneColumns.join(', ')}) VALUES ${milestoneRows.join(', ')}`,
            milestoneValues,
          );
      });
      latencies.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: args.concurrency }, worker));
  return { ms: performance.now() - started, latencies };
}

async function deleteReference(args: { tag: string }) {
  await ctx.db.query(`DELETE FROM tickets WHERE number LIKE $1`, [`${args.tag}-%`]);
  return true;
}

/**
 * Arranges `due` milestones of open tickets to have come due now (their target passed a minute ago, so
 * each one breaches, the heaviest case), then times one run of the product's sweep (what the minute's
 * job does: batch after batch until nothing is due, as many at a time as the server is configured for).
 */
async function sweep(args: { due: number; limit: number }) {
  await catchUpSweep({ maxMs: 600_000 });
  const arranged = await ctx.db.query(
    `UPDATE ticket_milestones SET due_at = now() - interval '1 minute', next_check_at = now() - interval '1 minute',
            breached_at = NULL
      WHERE id IN (SELECT m.id FROM ticket_milestones m JOIN tickets t ON t.id = m.ticket_id
                    WHERE t.${OPEN} AND m.met_at IS NULL AND m.breached_at IS NULL AND m.paused_at IS NULL
                    ORDER BY m.id LIMIT $1)
      RETURNING id`,
    [args.due],
  );
  const [{ open }] = await ctx.db.query(`SELECT count(*)::int AS open FROM tickets WHERE ${OPEN}`);
  // What finding the due work costs, apart from handling it: the sweep's claim query, read-only.
  const claimTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const begin = performance.now();
    await ctx.db.query(
      `SELECT id FROM ticket_milestones WHERE next_check_at IS NOT NULL AND next_check_at <= now()
        ORDER BY next_check_at LIMIT $1`,
      [args.limit],
    );
    claimTimes.push(performance.now() - begin);
  }
  claimTimes.sort((a, b) => a - b);
  const concurrency = ctx.config.slaSweepConcurrency;
  const failures: string[] = [];
  for (;;) {
    const begin = performance.now();
    try {
      const handled = await sweepAllDue(ctx, { concurrency, batchSize: args.limit });
      const ms = performance.now() - begin;
      return {
        arranged: arranged.length,
        openTickets: open,
        handled,
        ms,
        concurrency,
        failures,
        claimMs: claimTimes[10],
      };
    } catch (error) {
      // Another sweeper (the server's own minute job) working on the same tickets.
      failures.push((error as Error).message);
      if (failures.length > 5) throw error;
    }
  }
}

async function stats() {
  const count = async (sql: string) => (await ctx.db.query(sql))[0].count;
  return {
    tickets: await count('SELECT count(*)::int AS count FROM tickets'),
    openTickets: await count(`SELECT count(*)::int AS count FROM tickets WHERE ${OPEN}`),
    events: await count('SELECT count(*)::int AS count FROM ticket_events'),
    milestones: await count('SELECT count(*)::int AS count FROM ticket_milestones'),
    customers: await count('SELECT count(*)::int AS count FROM customers'),
    purchases: await count('SELECT count(*)::int AS count FROM purchases'),
    products: await count('SELECT count(*)::int AS count FROM products'),
    agents: await count(`SELECT count(DISTINCT user_id)::int AS count FROM (${AGENTS}) a`),
    auditEntries: await count('SELECT count(*)::int AS count FROM audit_log'),
    rssBytes: process.memoryUsage().rss,
    heapUsedBytes: process.memoryUsage().heapUsed,
  };
}

/** Ids of tickets a user can open: owned by them or in their groups, open and closed. */
async function sampleTickets(args: { userId: string; count: number }) {
  const rows = await ctx.db.query(
    `SELECT id FROM tickets t
      WHERE t.owner_user_id = $1 OR t.group_id IN (SELECT group_id FROM group_members WHERE user_id = $1)
      ORDER BY t.received_at DESC LIMIT $2`,
    [args.userId, args.count],
  );
  return rows.map((row: { id: string }) => row.id);
}

process.on('message', async (message: Any) => {
  const command = commands[message.command];
  try {
    if (!command) throw new Error(`unknown command ${message.command}`);
    const result = await command(message.args ?? {});
    send({ id: message.id, ok: true, result });
  } catch (error) {
    send({ id: message.id, ok: false, error: (error as Error).stack ?? String(error) });
  }
});
send({ ready: true });
