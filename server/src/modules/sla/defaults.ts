import type { MilestoneTarget, PolicyTargets } from './sla.js';

const business = (minutes: number): MilestoneTarget => ({ minutes, clock: 'business' });
const calendar = (minutes: number): MilestoneTarget => ({ minutes, clock: 'calendar' });
const HOUR = 60;
/** One working day of the default calendar (09:00–12:00, 13:30–18:00). */
const BUSINESS_DAY = 450;

/**
 * SPEC R5.1 (seed 004) with R1.4, R2.3, R3.2 and R4.3: P1 runs around the clock (24×7), P2 and P3 on
 * the business calendar except the acknowledgement and P2's closing, which are wall-clock promises.
 */
export const STANDARD_TARGETS: PolicyTargets = {
  P1: {
    acknowledgement: calendar(5),
    classification: calendar(HOUR),
    dispatch: calendar(30),
    first_response: calendar(30),
    technical_engagement: calendar(HOUR),
    solution_provided: calendar(4 * HOUR),
    closed_confirmed: calendar(24 * HOUR),
    progress_update: calendar(4 * HOUR),
  },
  P2: {
    acknowledgement: calendar(5),
    classification: business(HOUR),
    dispatch: business(30),
    first_response: business(2 * HOUR),
    technical_engagement: business(3 * HOUR),
    solution_provided: business(12 * HOUR),
    closed_confirmed: calendar(72 * HOUR),
    progress_update: business(4 * HOUR),
  },
  P3: {
    acknowledgement: calendar(5),
    classification: business(HOUR),
    dispatch: business(30),
    first_response: business(4 * HOUR),
    technical_engagement: business(6 * HOUR),
    solution_provided: business(24 * HOUR),
    closed_confirmed: business(5 * BUSINESS_DAY),
    progress_update: business(BUSINESS_DAY),
  },
};

/** Seed 000's table: respond 2 h / 24 h / 48 h, resolve 4 h / 48 h / 7 business days. */
export const CONTRACT_TARGETS: PolicyTargets = {
  P1: {
    acknowledgement: calendar(5),
    first_response: calendar(2 * HOUR),
    solution_provided: calendar(4 * HOUR),
  },
  P2: {
    acknowledgement: calendar(5),
    first_response: calendar(24 * HOUR),
    solution_provided: calendar(48 * HOUR),
  },
  P3: {
    acknowledgement: calendar(5),
    first_response: calendar(48 * HOUR),
    solution_provided: business(7 * BUSINESS_DAY),
  },
};

export const DEFAULT_OVERDUE_REASONS = [
  { code: 'parts_shortage', name: '备件短缺', nameEn: 'Parts shortage', requiresText: false },
  { code: 'customer_unreachable', name: '客户无法联系', nameEn: 'Customer unreachable', requiresText: false },
  { code: 'third_party', name: '第三方原因', nameEn: 'Third party', requiresText: false },
  { code: 'internal_handoff', name: '内部交接', nameEn: 'Internal hand-off', requiresText: false },
  { code: 'other', name: '其他', nameEn: 'Other', requiresText: true },
] as const;
