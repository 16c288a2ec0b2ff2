import { describe, expect, it } from 'vitest';
import { mayWriteReferenceData } from './reference-cache.js';

describe('mayWriteReferenceData', () => {
  it('lets reads and plain writes to other tables keep the known version', () => {
    expect(mayWriteReferenceData('SELECT * FROM settings')).toBe(false);
    expect(mayWriteReferenceData('  select 1')).toBe(false);
    expect(mayWriteReferenceData('INSERT INTO tickets (id) VALUES ($1)')).toBe(false);
    expect(mayWriteReferenceData('UPDATE tickets SET number = $2 WHERE id = $1')).toBe(false);
    expect(mayWriteReferenceData('DELETE FROM portal_codes WHERE id = $1')).toBe(false);
    expect(mayWriteReferenceData('INSERT INTO ticket_events(ticket_id) VALUES ($1)')).toBe(false);
  });

  it('treats writes to reference tables, and anything it cannot read, as a possible change', () => {
    expect(mayWriteReferenceData('UPDATE settings SET value = $2 WHERE key = $1')).toBe(true);
    expect(mayWriteReferenceData('insert into sla_policies (key) values ($1)')).toBe(true);
    expect(mayWriteReferenceData('DELETE FROM calendar_days WHERE calendar_id = $1')).toBe(true);
    expect(mayWriteReferenceData('UPDATE "webhook_endpoints" SET is_active = false')).toBe(true);
    expect(mayWriteReferenceData('WITH moved AS (SELECT 1) UPDATE tickets SET x = 1')).toBe(true);
    expect(mayWriteReferenceData('TRUNCATE priorities')).toBe(true);
    expect(mayWriteReferenceData('CREATE TABLE x (id int)')).toBe(true);
  });
});
