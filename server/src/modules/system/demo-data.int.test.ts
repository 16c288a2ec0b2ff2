import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, startTestApp, type TestApp } from '../../test/harness.js';
import { TICKET_STATUSES } from '../tickets/ticket.types.js';
import { seedDemoData } from './demo-data.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('demo data', () => {
  it('loads staff, customers, products and tickets in every status, once', async () => {
    const summary = await seedDemoData(t.context);
    expect(summary.alreadyLoaded).toBe(false);
    expect(summary.staffPassword).toMatch(/^demo-/);
    const statuses = await t.db.query<{ status: string }>(
      'SELECT DISTINCT status FROM tickets ORDER BY status',
    );
    expect(statuses.map((row) => row.status)).toEqual([...TICKET_STATUSES].sort());
    const closeReasons = await t.db.query<{ close_reason: string }>(
      'SELECT DISTINCT close_reason FROM tickets WHERE close_reason IS NOT NULL ORDER BY close_reason',
    );
    expect(closeReasons.map((row) => row.close_reason)).toEqual(['auto_closed', 'confirmed', 'merged']);
    const vip = await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM customers WHERE tier = 'vip'`,
    );
    expect(vip[0]!.count).toBeGreaterThan(0);
    const tickets = await t.db.query<{ count: number }>('SELECT count(*)::int AS count FROM tickets');
    expect(summary.description).toContain(`, ${tickets[0]!.count} tickets`);
    expect(summary.description).toContain('sign in as zhoujie@139.com');
    // The demo customers' real-looking addresses are never written to: their history is withheld.
    const withheld = await t.db.query<{ status: string; count: number }>(
      `SELECT status, count(*)::int AS count FROM notifications
        WHERE channel = 'email' AND recipient = 'zhoujie@139.com' GROUP BY status`,
    );
    expect(withheld.length).toBe(1);
    expect(withheld[0]!.status).toBe('skipped');
    expect(withheld[0]!.count).toBeGreaterThan(0);
    const again = await seedDemoData(t.context);
    expect(again.alreadyLoaded).toBe(true);
    expect(await t.db.query('SELECT count(*)::int AS count FROM surveys')).toEqual([{ count: 34 }]);
  });

  it('fills the satisfaction report and the follow-ups from six months of surveys', async () => {
    const surveys = await t.db.query<{ status: string; count: number }>(
      'SELECT status, count(*)::int AS count FROM surveys GROUP BY status ORDER BY status',
    );
    expect(surveys).toEqual([
      { status: 'answered', count: 29 },
      { status: 'expired', count: 1 },
      { status: 'scheduled', count: 1 },
      { status: 'sent', count: 3 },
    ]);
    const reminded = await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM surveys WHERE reminded_at IS NOT NULL AND status <> 'answered'`,
    );
    expect(reminded[0]!.count).toBe(4);
    const followUps = await t.db.query<{ status: string; assignee: string; due_in_hours: number }>(
      `SELECT f.status, u.username AS assignee,
              round(extract(epoch FROM f.due_at - $1::timestamptz) / 3600)::int AS due_in_hours
         FROM survey_follow_ups f JOIN users u ON u.id = f.assignee_user_id
        WHERE f.status = 'open' ORDER BY f.due_at`,
      [t.clock.now()],
    );
    expect(followUps).toEqual([
      { status: 'open', assignee: 'zhaomin', due_in_hours: 6 },
      { status: 'open', assignee: 'chenjie', due_in_hours: 37 },
    ]);
    const done = await t.db.query<{ count: number; remedies: string[] }>(
      `SELECT count(*)::int AS count, array_agg(DISTINCT remedy_type ORDER BY remedy_type) AS remedies
         FROM survey_follow_ups WHERE status = 'done' AND cardinality(cause_tags) > 0`,
    );
    expect(done).toEqual([{ count: 6, remedies: ['coupon', 'free_repair', 'gift', 'replacement'] }]);
    const newNeed = await t.db.query<{ channel: string; status: string }>(
      `SELECT t.channel, t.status FROM ticket_links l JOIN tickets t ON t.id = l.ticket_id WHERE l.kind = 'follow_up'`,
    );
    expect(newNeed).toEqual([{ channel: 'portal', status: 'in_progress' }]);
    const portal = await t.db.query<{ status: string }>(
      `SELECT status FROM tickets WHERE channel = 'portal' AND contact_email = 'zhoujie@139.com' ORDER BY status`,
    );
    expect(portal.map((row) => row.status)).toEqual(['closed', 'solution_proposed']);

    const admin = await signInAdmin(t.app);
    const from = new Date(t.clock.now().getTime() - 200 * 86_400_000).toISOString();
    const report = await admin.request(
      'GET',
      `/api/v1/reports/csat?from=${from}&to=${t.clock.now().toISOString()}&interval=month&by=group`,
    );
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json();
    expect(body.totals).toMatchObject({ sent: 33, answered: 29, lowCount: 8 });
    expect(body.levels).toEqual({ '1': 1, '2': 1, '3': 5, '4': 7, '5': 15 });
    expect(body.trend).toHaveLength(7);
    expect(body.breakdown.length).toBeGreaterThanOrEqual(7);
  });
});
