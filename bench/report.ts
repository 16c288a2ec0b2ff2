/**
 * Renders benchmark results (bench/results/*.json) as the Markdown tables of bench/RESULTS.md:
 * `node --experimental-strip-types bench/report.ts bench/results/postgres-1000000-20261126.json`.
 */
import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noExplicitAny: the results file is the runner's own JSON
type Results = any;

const say = (text = '') => process.stdout.write(`${text}\n`);
const count = (value: number | undefined) => (value === undefined ? '–' : value.toLocaleString('en'));

for (const file of process.argv.slice(2)) {
  const results: Results = JSON.parse(readFileSync(file, 'utf8'));
  const seeding = results.seeding;
  say(
    `### ${results.database === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${results.tickets.toLocaleString('en')} tickets`,
  );
  say();
  const load = results.loadAverage
    ? ` Load average (1, 5, 15 min) before measuring ${results.loadAverage.beforeMeasuring.join(', ')}, after ${results.loadAverage.afterMeasuring.join(', ')}.`
    : '';
  say(
    `Run ${results.date.slice(0, 16).replace('T', ' ')} UTC, commit ${results.commit}, file \`${file}\`.${load}`,
  );
  say();
  say('| Target | Goal | Measured | Met |');
  say('| --- | --- | --- | --- |');
  for (const target of results.targets) {
    const unit = target.unit === '/s' || target.unit === '' ? '' : ` ${target.unit}`;
    say(
      `| ${target.name} | ${target.better === 'higher' ? '≥' : '≤'} ${target.target}${unit} | ${target.measured}${unit} | ${target.met ? 'met' : '**not met**'} |`,
    );
  }
  say();
  say(
    'Ticket creation through `POST /api/v1/tickets` against the plain-SQL reference (same rows, one transaction per ticket):',
  );
  say();
  say(
    '| Concurrency | Requests | API tickets/s | p50 ms | p95 ms | p99 ms | SQL tickets/s | SQL p50 ms | SQL p99 ms | API/SQL |',
  );
  say('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const level of results.creation) {
    say(
      `| ${level.concurrency} | ${level.requests} | ${level.throughput} | ${level.p50} | ${level.p95} | ${level.p99} | ${level.sqlThroughput} | ${level.sqlP50} | ${level.sqlP99} | ${level.apiToSql} |`,
    );
  }
  say();
  const busiest =
    results.inboxOfOpenTickets === undefined ? '' : `, ${count(results.inboxOfOpenTickets)} of them`;
  say(
    `Reads, one at a time, as \`${results.inboxOf}\` (the group member with the most open tickets${busiest}):`,
  );
  say();
  say('| Request | p50 ms | p95 ms | p99 ms | rows |');
  say('| --- | --- | --- | --- | --- |');
  const reads: [string, Results][] = [
    ['Inbox: my open tickets (`view=mine&open=true&sort=priority`)', results.inbox.myOpenTickets],
    ['Inbox: group queue (`view=my_groups&open=true&sort=received_asc`)', results.inbox.groupQueue],
    ['Inbox: overdue and due now (`GET /sla/board?horizonMinutes=0`)', results.inbox.overdueBoard],
    ['Inbox: filter combination (open, type, priority, tier)', results.inbox.filterCombination],
    ['Ticket page (`GET /tickets/:id`)', results.ticketPage],
    ['Chinese search (`q=制冷`, `漏水`, `退货` …)', results.search],
  ];
  for (const [name, value] of reads)
    say(`| ${name} | ${value.p50} | ${value.p95} | ${value.p99} | ${value.averageRows} |`);
  say();
  const sweep = results.sweep;
  say(
    `SLA sweep: ${sweep.handled} milestones made due (each one breaching) among ${sweep.openTickets.toLocaleString('en')} open tickets, ` +
      (sweep.batches
        ? `${sweep.batches.length} batches (${sweep.batches.map((batch: Results) => `${batch.handled} in ${batch.ms} ms`).join(', ')}): `
        : `one run of the sweep, batches of 500, ${sweep.concurrency} at a time: `) +
      `${sweep.totalMs} ms in all, ${sweep.msPerItem} ms per milestone; the claim query that finds them takes ${sweep.claimQueryMs ?? '–'} ms. Server RSS after the load: ${results.rssMb} MB.`,
  );
  say();
  if (seeding.reused && seeding.serviceTickets === undefined) {
    say(
      `Data set (reused from an earlier seeding run): ${count(seeding.now.tickets)} tickets, ` +
        `open backlog ${count(seeding.now.openTickets)}, ${count(seeding.now.agents)} agents.`,
    );
  } else {
    if (seeding.reused) say('Measured again on the data set seeded by the earlier run:');
    say(
      `Data set: ${count(seeding.tickets)} tickets, open backlog ${count(seeding.openTickets)}${backlogShare(seeding)}, ` +
        `${count(seeding.agents)} agents in the service groups (${count(seeding.agentsAdded)} added to the demo staff), ` +
        `${count(seeding.events)} timeline entries, ${count(seeding.milestones)} SLA milestones, ` +
        `${count(seeding.customers)} customers, ${count(seeding.purchases)} purchases, ${count(seeding.auditEntries)} audit entries. ` +
        `Through the product's services: ${count(seeding.serviceCustomers)} customers with purchases and ` +
        `${count(seeding.serviceTickets)} tickets with ${count(seeding.serviceSteps)} handling steps ` +
        `(${seeding.serviceTicketsPerSecond} tickets/s; the whole set this way would take ~${seeding.projectedFullServiceMinutes} min). ` +
        `Set-based copies of those: ${count(seeding.copiedTickets)} tickets${copiesSplit(seeding)}. Seeding took ${Math.round(seeding.totalMs / 60000)} min.`,
    );
  }
  say();
}

/** The open backlog as a share of all tickets. */
function backlogShare(seeding: Results): string {
  if (seeding.openTickets === undefined || !seeding.tickets) return '';
  return ` (${((seeding.openTickets / seeding.tickets) * 100).toFixed(1)} %)`;
}

/** How many of the copies are open and how many resolved or closed, where the run recorded it. */
function copiesSplit(seeding: Results): string {
  if (seeding.copiedOpenTickets === undefined) return '';
  return ` (${count(seeding.copiedOpenTickets)} open, up to a backlog of ${count(seeding.openBacklogTarget)}; ${count(seeding.copiedClosedTickets)} resolved or closed)`;
}
