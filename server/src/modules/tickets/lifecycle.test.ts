import { describe, expect, it } from 'vitest';
import { allowedNextStatuses, canTransition } from './lifecycle.js';
import { TICKET_STATUSES } from './ticket.types.js';

describe('ticket status machine', () => {
  it.each([
    ['new', 'classified', true],
    ['new', 'assigned', true],
    ['new', 'closed', false],
    ['classified', 'assigned', true],
    ['assigned', 'in_progress', true],
    ['in_progress', 'waiting_customer', true],
    ['waiting_customer', 'in_progress', true],
    ['in_progress', 'waiting_third_party', true],
    ['waiting_third_party', 'in_progress', true],
    ['in_progress', 'solution_proposed', true],
    ['solution_proposed', 'resolved', true],
    ['resolved', 'closed', true],
    ['in_progress', 'closed', false],
    ['waiting_customer', 'closed', false],
    ['resolved', 'reopened', true],
    ['closed', 'reopened', true],
    ['closed', 'in_progress', false],
    ['reopened', 'in_progress', true],
  ] as const)('%s → %s: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('lets every status be left except to itself', () => {
    for (const status of TICKET_STATUSES) {
      expect(allowedNextStatuses(status).length).toBeGreaterThan(0);
      expect(allowedNextStatuses(status)).not.toContain(status);
    }
  });

  it('reaches closed only through resolved', () => {
    const into = TICKET_STATUSES.filter((status) => canTransition(status, 'closed'));
    expect(into).toEqual(['resolved']);
  });
});
