import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.js';
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
    const surveys = await t.db.query<{ status: string; follow_up: string | null }>(
      `SELECT s.status, f.status AS follow_up FROM surveys s LEFT JOIN survey_follow_ups f ON f.survey_id = s.id
        WHERE s.status = 'answered'`,
    );
    expect(surveys).toEqual([{ status: 'answered', follow_up: 'done' }]);
    const again = await seedDemoData(t.context);
    expect(again.alreadyLoaded).toBe(true);
  });
});
