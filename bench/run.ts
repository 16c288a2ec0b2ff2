/**
 * Aftercare's benchmark suite: `npm run bench -- --tickets N --db pglite|postgres`.
 *
 * Builds a realistic data set on a fresh database through the product's own services (plus, for large
 * sizes, set-based copies of those tickets), then measures ticket creation through the HTTP API against
 * a plain-SQL reference, the inbox queries, the ticket page, Chinese full-text search, the SLA sweep and
 * the server's memory. Prints a table against the targets and writes it as JSON to bench/results/.
 */
// biome-ignore-all lint/suspicious/noExplicitAny: results are plain JSON passed between the two processes
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BENCH_PRODUCTS, customerSeed, Random, SEARCH_WORDS, ticketSeed } from './data.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values: options } = parseArgs({
  options: {
    tickets: { type: 'string', default: '2000' },
    db: { type: 'string', default: 'pglite' },
    'database-url': { type: 'string' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    requests: { type: 'string' },
    reads: { type: 'string' },
    'service-tickets': { type: 'string' },
    'seed-minutes': { type: 'string' },
    reuse: { type: 'string' },
    workers: { type: 'string' },
    out: { type: 'string' },
    'open-share': { type: 'string', default: '0.01' },
    agents: { type: 'string' },
  },
});

const total = Number(options.tickets);
const dbKind =
  options.db === 'postgres'
    ? 'postgres'
    : options.db === 'pglite'
      ? 'pglite'
      : fail('--db must be pglite or postgres');
if (!Number.isInteger(total) || total < 100) fail('--tickets must be a whole number of at least 100');
const requestsPerLevel = Number(options.requests ?? (options.quick ? 200 : 1000));
const queryRuns = Number(options.reads ?? (options.quick ? 60 : 300));
const serviceTickets = Math.min(
  total,
  Number(options['service-tickets'] ?? (dbKind === 'postgres' ? 40_000 : 12_000)),
);
const seedBudgetMs = Number(options['seed-minutes'] ?? (options.quick ? 3 : 12)) * 60_000;
const workers = Number(options.workers ?? (dbKind === 'postgres' ? 4 : 1));
const openShare = Number(options['open-share']);
if (!(openShare >= 0 && openShare <= 1)) fail('--open-share must be a share between 0 and 1, e.g. 0.01');
const agentCount = options.agents === undefined ? null : Number(options.agents);
if (agentCount !== null && !(Number.isInteger(agentCount) && agentCount >= 1 && agentCount <= 1000))
  fail('--agents must be a whole number between 1 and 1000');
const CONCURRENCY = [1, 8, 32];

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const say = (text: string) => process.stdout.write(`${text}\n`);
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

// ---------------------------------------------------------------------------------------------------
// The server process and its commands

interface Server {
  child: ChildProcess;
  call<T = unknown>(command: string, args?: unknown): Promise<T>;
}

async function startServer(): Promise<Server> {
  const child = fork(join(here, 'server.ts'), [], {
    execArgv: [
      '--experimental-strip-types',
      '--disable-warning=ExperimentalWarning',
      '--max-old-space-size=4096',
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let ready: () => void;
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  child.on(
    'message',
    (message: {
      id?: number;
      ok?: boolean;
      result?: unknown;
      error?: string;
      progress?: string;
      ready?: boolean;
    }) => {
      if (message.ready) return ready();
      if (message.progress) return say(`    ${message.progress}`);
      const waiting = pending.get(message.id!);
      if (!waiting) return;
      pending.delete(message.id!);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(new Error(message.error));
    },
  );
  child.on('exit', (code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`server process exited (${code})`));
  });
  await isReady;
  return {
    child,
    call: <T>(command: string, args?: unknown) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, command, args });
      }),
  };
}

async function stopServer(server: Server) {
  await server.call('close');
  server.child.kill();
}

// ---------------------------------------------------------------------------------------------------
// Statistics

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------------
// HTTP

async function request(base: string, token: string, path: string, init: RequestInit = {}) {
  const begin = performance.now();
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
  const body = await response.text();
  const ms = performance.now() - begin;
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${body.slice(0, 300)}`);
  return { ms, body };
}

async function measureQuery(base: string, token: string, paths: () => string, runs: number) {
  for (let i = 0; i < 5; i++) await request(base, token, paths());
  const latencies: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const { ms, body } = await request(base, token, paths());
    latencies.push(ms);
    const parsed = JSON.parse(body) as { items?: unknown[] };
    rows += parsed.items?.length ?? 1;
  }
  return { ...summary(latencies), averageRows: round(rows / runs) };
}

// ---------------------------------------------------------------------------------------------------
// Targets

interface Target {
  name: string;
  measured: number;
  unit: string;
  target: number;
  better: 'higher' | 'lower';
}

function targetsFor(kind: 'pglite' | 'postgres', results: Record<string, any>): Target[] {
  const creation32 = results.creation.find((level: any) => level.concurrency === 32);
  const inbox = Object.values(results.inbox) as any[];
  const inboxWorst = Math.max(...inbox.map((query) => query.p99));
  if (kind === 'pglite') {
    return [
      {
        name: 'creation at concurrency 32 (tickets/s)',
        measured: creation32.throughput,
        unit: '/s',
        target: 200,
        better: 'higher',
      },
      { name: 'inbox queries, worst p99', measured: inboxWorst, unit: 'ms', target: 100, better: 'lower' },
    ];
  }
  const search = results.search;
  const sweepMs = results.sweep.totalMs;
  return [
    {
      name: 'creation at concurrency 32 (tickets/s)',
      measured: creation32.throughput,
      unit: '/s',
      target: 1000,
      better: 'higher',
    },
    {
      name: 'creation API/SQL ratio at concurrency 32',
      measured: creation32.apiToSql,
      unit: '',
      target: 0.5,
      better: 'higher',
    },
    { name: 'inbox queries, worst p99', measured: inboxWorst, unit: 'ms', target: 50, better: 'lower' },
    { name: 'ticket page p99', measured: results.ticketPage.p99, unit: 'ms', target: 50, better: 'lower' },
    { name: 'Chinese search p95', measured: search.p95, unit: 'ms', target: 150, better: 'lower' },
    { name: 'SLA sweep of 1 000 due items', measured: sweepMs, unit: 'ms', target: 100, better: 'lower' },
    { name: 'server RSS after load', measured: results.rssMb, unit: 'MB', target: 400, better: 'lower' },
  ];
}

const met = (target: Target) =>
  target.better === 'higher' ? target.measured >= target.target : target.measured <= target.target;

// ---------------------------------------------------------------------------------------------------
// The run

async function main() {
  const runStarted = Date.now();
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '_');
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;

  if (options.reuse) {
    if (dbKind === 'postgres') databaseUrl = options.reuse;
    else dataDir = options.reuse;
    say(`Reusing the seeded database ${options.reuse}`);
  } else if (dbKind === 'postgres') {
    const serverUrl =
      options['database-url'] ??
      process.env.BENCH_DATABASE_URL ??
      fail('PostgreSQL needs --database-url or BENCH_DATABASE_URL');
    const name = `aftercare_bench_${stamp.toLowerCase()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const version = (await admin.query('SHOW server_version')).rows[0].server_version;
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    say(`PostgreSQL ${version}: fresh database ${name}`);
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'aftercare-bench-'));
    say(`PGlite: fresh data directory ${dataDir}`);
  }

  const results: Record<string, any> = {
    date: new Date().toISOString(),
    database: dbKind,
    tickets: total,
    machine: machine(),
    commit: commit(),
  };

  const servers: Server[] = [];
  const launch = async () => {
    const server = await startServer();
    servers.push(server);
    return server;
  };
  try {
    if (options.reuse) {
      const server = await launch();
      await server.call('open', { databaseUrl, dataDir });
      say('Vacuuming and analysing the reused database');
      await server.call('vacuum');
      results.seeding = { ...earlierSeeding(), reused: options.reuse, now: await server.call<any>('stats') };
      await stopServer(server);
    } else await seed(launch, databaseUrl, dataDir, results);
    await measure(launch, databaseUrl, dataDir, results, stamp);
    results.targets = targetsFor(dbKind, results).map((target) => ({ ...target, met: met(target) }));
    printTable(results);
    const outDir = join(here, 'results');
    mkdirSync(outDir, { recursive: true });
    const file =
      options.out ??
      join(outDir, `${dbKind}-${total}-${stamp.slice(0, 8)}${options.reuse ? '-remeasured' : ''}.json`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    say(`\nWritten to ${file} — total ${elapsed(runStarted)}`);
  } finally {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill();
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!options.keep && !options.reuse) {
      if (dropDatabase)
        await dropDatabase().catch((error) => say(`could not drop the database: ${error.message}`));
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    } else {
      say(`kept: ${databaseUrl ?? dataDir} (measure again with --reuse ${databaseUrl ?? dataDir})`);
    }
  }
}

async function seed(
  launch: () => Promise<Server>,
  databaseUrl: string | undefined,
  dataDir: string | undefined,
  results: Record<string, any>,
) {
  {
    // 1. Seeding, in its own server process (so the measured server starts as after a restart).
    say(`\n== Seeding ${total.toLocaleString('en')} tickets`);
    const server = await launch();
    await server.call('open', { databaseUrl, dataDir });
    const seedStarted = Date.now();
    say(`  reference data: ${await server.call('seedReference')}`);
    const customerCount = Math.max(200, Math.round(serviceTickets / 4));
    const service = await server.call<any>('seedService', {
      tickets: serviceTickets,
      customers: customerCount,
      workers,
      budgetMs: seedBudgetMs,
      seed: 20261126,
    });
    const projectedMinutes = total / service.ticketsPerSecond / 60;
    say(
      `  service path: ${service.customers} customers (with purchases) in ${round(service.customerMs / 1000)} s; ` +
        `${service.tickets} tickets with ${service.steps} handling steps in ${round(service.ticketMs / 1000)} s ` +
        `(${round(service.ticketsPerSecond)}/s, ${service.failures} failed); all ${total.toLocaleString('en')} this way would take ~${round(projectedMinutes)} min`,
    );
    const surveys = await server.call<boolean>('surveysPresent');
    say(
      surveys
        ? `  surveys: ${service.surveys.answered} answered through the portal path (${service.surveys.newNeeds} naming a new need, opened as a ticket and handled), ${service.surveys.notOffered} not offered, ${service.surveys.failed} failed${service.surveys.firstError ? ` (${service.surveys.firstError})` : ''}`
        : '  surveys: no surveys module in this build — skipped',
    );
    const firstCatchUp = await server.call<any>('catchUpSweep', { maxMs: 15 * 60_000 });
    say(
      `  SLA sweep over the service-made tickets: ${firstCatchUp.handled} milestones in ${round(firstCatchUp.ms / 1000)} s`,
    );
    const staff = await server.call<any>('staff', { target: total, agents: agentCount, seed: 20261127 });
    say(
      `  staff: ${staff.agents} agents in the service groups (${staff.added} added through the user service in ${round(staff.ms / 1000)} s)`,
    );
    const replication = await server.call<any>('replicate', {
      target: total,
      batch: dbKind === 'postgres' ? 20_000 : 5_000,
      openShare,
    });
    say(
      `  set-based copies: ${replication.copied} tickets in ${round(replication.ms / 1000)} s — ` +
        `${replication.openCopies} open (backlog ${replication.backlog}: ${round(openShare * 100, 2)} % of ${total.toLocaleString('en')}, ` +
        `at least the ${replication.openBefore} service-made open tickets), ${replication.closedCopies} resolved or closed`,
    );
    const catchUp = await server.call<any>('catchUpSweep', { maxMs: 15 * 60_000 });
    say(
      `  catch-up SLA sweep: ${catchUp.handled} milestones in ${round(catchUp.ms / 1000)} s (${catchUp.left} still due)`,
    );
    const seeded = await server.call<any>('stats');
    results.seeding = {
      serviceTickets: service.tickets,
      serviceCustomers: service.customers,
      serviceSteps: service.steps,
      serviceFailures: service.failures,
      serviceTicketsPerSecond: round(service.ticketsPerSecond),
      projectedFullServiceMinutes: round(projectedMinutes),
      copiedTickets: replication.copied,
      copiedOpenTickets: replication.openCopies,
      copiedClosedTickets: replication.closedCopies,
      openShare,
      openBacklogTarget: replication.backlog,
      agentsAdded: staff.added,
      copyMs: replication.ms,
      catchUpSweep: catchUp,
      surveys: surveys ? service.surveys : 'module absent, skipped',
      totalMs: Date.now() - seedStarted,
      ...seeded,
    };
    say(
      `  data set: ${seeded.tickets} tickets (open backlog ${seeded.openTickets}), ${seeded.agents} agents, ${seeded.events} timeline entries, ` +
        `${seeded.milestones} SLA milestones, ${seeded.customers} customers, ${seeded.purchases} purchases — ${elapsed(seedStarted)}`,
    );
    await stopServer(server);
  }
}

async function measure(
  launch: () => Promise<Server>,
  databaseUrl: string | undefined,
  dataDir: string | undefined,
  results: Record<string, any>,
  stamp: string,
) {
  {
    // 2. Measurements on a freshly started server.
    say('\n== Measuring');
    // The machine may be shared: its load while measuring belongs with the figures.
    results.loadAverage = { beforeMeasuring: loadavg().map((value) => round(value, 2)) };
    const server = await launch();
    const { port } = await server.call<any>('open', { databaseUrl, dataDir });
    const base = `http://127.0.0.1:${port}/api/v1`;
    const creator = await server.call<{ token: string; userId: string }>('token', { username: 'liqian' });
    const busiest = await server.call<{ username: string; openTickets: number }>('busiestAgent');
    const agent = await server.call<{ token: string; userId: string }>('token', {
      username: busiest.username,
    });
    results.inboxOf = busiest.username;
    results.inboxOfOpenTickets = busiest.openTickets;
    say(
      `  inbox of ${busiest.username}, the group member with the most open tickets (${busiest.openTickets})`,
    );
    await request(base, agent.token, '/tickets?limit=1');

    results.creation = [];
    const random = new Random(4242);
    let serial = 0;
    for (const concurrency of CONCURRENCY) {
      const createdIds: string[] = [];
      const latencies: number[] = [];
      let next = 0;
      const begin = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < requestsPerLevel) {
            next++;
            const body = creationBody(random, serial++);
            const { ms, body: text } = await request(base, creator.token, '/tickets', {
              method: 'POST',
              body: JSON.stringify(body),
              headers: { 'idempotency-key': `bench-${stamp}-${serial}` },
            });
            latencies.push(ms);
            createdIds.push((JSON.parse(text) as { id: string }).id);
          }
        }),
      );
      const wallMs = performance.now() - begin;
      const throughput = requestsPerLevel / (wallMs / 1000);
      const tag = `SQLREF${concurrency}`;
      const reference = await server.call<any>('sqlReference', {
        count: requestsPerLevel,
        concurrency,
        templateIds: createdIds,
        tag,
      });
      await server.call('deleteReference', { tag });
      const sqlThroughput = requestsPerLevel / (reference.ms / 1000);
      const level = {
        concurrency,
        requests: requestsPerLevel,
        throughput: round(throughput),
        ...summary(latencies),
        sqlThroughput: round(sqlThroughput),
        sqlP50: summary(reference.latencies).p50,
        sqlP99: summary(reference.latencies).p99,
        apiToSql: round(throughput / sqlThroughput, 3),
      };
      results.creation.push(level);
      say(
        `  creation c=${concurrency}: ${level.throughput}/s, p50 ${level.p50} ms, p99 ${level.p99} ms; plain SQL ${level.sqlThroughput}/s → API/SQL ${level.apiToSql}`,
      );
    }

    const filterPath = () =>
      `/tickets?open=true&type=repair,complaint&priority=P1,P2,P3&tier=vip,regular&sort=received_desc&limit=50`;
    results.inbox = {
      myOpenTickets: await measureQuery(
        base,
        agent.token,
        () => '/tickets?view=mine&open=true&sort=priority&limit=50',
        queryRuns,
      ),
      groupQueue: await measureQuery(
        base,
        agent.token,
        () => '/tickets?view=my_groups&open=true&sort=received_asc&limit=50',
        queryRuns,
      ),
      overdueBoard: await measureQuery(base, agent.token, () => '/sla/board?horizonMinutes=0', queryRuns),
      filterCombination: await measureQuery(base, agent.token, filterPath, queryRuns),
    };
    for (const [name, value] of Object.entries(results.inbox) as [string, any][])
      say(`  inbox ${name}: p50 ${value.p50} ms, p99 ${value.p99} ms (${value.averageRows} rows)`);

    const ids = await server.call<string[]>('sampleTickets', { userId: agent.userId, count: 5000 });
    results.ticketPage = await measureQuery(
      base,
      agent.token,
      () => `/tickets/${random.pick(ids)}`,
      queryRuns,
    );
    say(`  ticket page: p50 ${results.ticketPage.p50} ms, p99 ${results.ticketPage.p99} ms`);
    results.search = await measureQuery(
      base,
      agent.token,
      () => `/tickets?q=${encodeURIComponent(random.pick(SEARCH_WORDS))}&limit=50`,
      queryRuns,
    );
    say(
      `  search (${SEARCH_WORDS.slice(0, 3).join(', ')}…): p50 ${results.search.p50} ms, p95 ${results.search.p95} ms, p99 ${results.search.p99} ms`,
    );

    const sweep = await server.call<any>('sweep', { due: 1000, limit: 500 });
    results.sweep = {
      arranged: sweep.arranged,
      openTickets: sweep.openTickets,
      handled: sweep.handled,
      concurrency: sweep.concurrency,
      totalMs: round(sweep.ms),
      msPerItem: round(sweep.ms / Math.max(1, sweep.handled), 2),
      failedRuns: sweep.failures,
      claimQueryMs: round(sweep.claimMs, 2),
    };
    say(
      `  SLA sweep: ${sweep.handled} due of ${sweep.openTickets} open tickets in ${results.sweep.totalMs} ms ` +
        `(batches of 500, ${sweep.concurrency} at a time; ${results.sweep.msPerItem} ms per item; finding them: ${results.sweep.claimQueryMs} ms)`,
    );

    const after = await server.call<any>('stats');
    results.rssMb = round(after.rssBytes / 1048576);
    results.loadAverage.afterMeasuring = loadavg().map((value) => round(value, 2));
    results.heapUsedMb = round(after.heapUsedBytes / 1048576);
    say(`  server RSS after load: ${results.rssMb} MB (heap used ${results.heapUsedMb} MB)`);
    await stopServer(server);
  }
}

/** A request as a phone agent or an integration sends it: a customer (new or known), a product, words. */
function creationBody(random: Random, index: number) {
  const customer = customerSeed(random, 90_000_000 + (random.chance(0.5) ? index : random.int(1, 2000)));
  const product = random.chance(0.7) ? random.pick(BENCH_PRODUCTS).model : null;
  const words = ticketSeed(random, product);
  return {
    title: words.title,
    description: words.description,
    type: words.type,
    channel: words.channel,
    customer: {
      name: customer.name,
      phone: customer.phone,
      ...(customer.email ? { email: customer.email } : {}),
      region: customer.region,
    },
    ...(product ? { product: { model: product } } : {}),
    ...(random.chance(0.4) ? { orderNumber: `JD2026${String(index).padStart(9, '0')}` } : {}),
  };
}

function printTable(results: Record<string, any>) {
  say(`\n== Results: ${results.database}, ${results.tickets.toLocaleString('en')} tickets`);
  const rows: string[][] = [['Measure', 'Target', 'Measured', 'Met']];
  for (const target of results.targets as (Target & { met: boolean })[]) {
    rows.push([
      target.name,
      `${target.better === 'higher' ? '≥' : '≤'} ${target.target}${target.unit === '/s' ? '' : ` ${target.unit}`}`.trim(),
      `${target.measured}${target.unit === '/s' ? '' : ` ${target.unit}`}`.trim(),
      target.met ? 'met' : 'NOT MET',
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const [index, row] of rows.entries()) {
    say(`  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`);
    if (index === 0) say(`  ${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  }
}

/** How the reused data set was built: the seeding part of the newest earlier result of this size. */
function earlierSeeding() {
  const dir = join(here, 'results');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.startsWith(`${dbKind}-${total}-`) && name.endsWith('.json'))
        .sort()
        .reverse()
    : [];
  for (const name of files) {
    const earlier = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { seeding?: { reused?: string } };
    if (earlier.seeding && !earlier.seeding.reused) return earlier.seeding;
  }
  return {};
}

function machine() {
  const pglite = (() => {
    try {
      const file = join(here, '..', 'node_modules', '@electric-sql', 'pglite', 'package.json');
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  })();
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 1024 ** 3),
    node: process.version,
    pglite,
  };
}

function commit() {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: here,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: here,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${hash} (with uncommitted changes)` : hash;
  } catch {
    return 'unknown';
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
