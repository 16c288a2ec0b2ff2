import { z } from 'zod';
import { CUSTOMER_TIERS, TICKET_CHANNELS, TICKET_TYPES } from '../tickets/ticket.types.js';
import { MILESTONES, TASK_MILESTONES } from './sla.js';

const target = z.strictObject({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 365),
  clock: z.enum(['business', 'calendar']),
});

const targets = z.record(
  z.string().regex(/^P[0-9]$/, 'A priority code such as P1'),
  z.partialRecord(z.enum(MILESTONES), target),
);

const conditions = z.strictObject({
  priorities: z
    .array(z.string().regex(/^P[0-9]$/))
    .max(10)
    .optional(),
  customerTiers: z.array(z.enum(CUSTOMER_TIERS)).optional(),
  categoryIds: z.array(z.uuid()).max(200).optional(),
  channels: z.array(z.enum(TICKET_CHANNELS)).optional(),
  types: z.array(z.enum(TICKET_TYPES)).optional(),
});

const breachActions = z.strictObject({
  raisePriority: z.boolean().optional(),
  reassignToLead: z.boolean().optional(),
  addWatcherUserId: z.uuid().nullable().optional(),
  autoProgressUpdate: z.boolean().optional(),
});

const warningPercents = z.array(z.number().int().min(1).max(99)).max(5);

export const slaPolicyResponse = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    position: z.number().int(),
    isActive: z.boolean(),
    conditions,
    calendarId: z.string(),
    targets,
    pauseWhileWaitingCustomer: z.boolean(),
    warningPercents: z.array(z.number()),
    breachActions,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SlaPolicy' });

export const createSlaPolicyBody = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Use 2–40 lowercase letters, digits or underscores'),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).default(''),
  position: z.number().int().min(0).max(10_000).default(100),
  isActive: z.boolean().default(true),
  conditions: conditions.default({}),
  calendarId: z.uuid(),
  targets,
  pauseWhileWaitingCustomer: z.boolean().default(true),
  warningPercents: warningPercents.default([75, 90]),
  breachActions: breachActions.default({}),
});
export type CreateSlaPolicyInput = z.infer<typeof createSlaPolicyBody>;

export const updateSlaPolicyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().trim().max(1000).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  isActive: z.boolean().optional(),
  conditions: conditions.optional(),
  calendarId: z.uuid().optional(),
  targets: targets.optional(),
  pauseWhileWaitingCustomer: z.boolean().optional(),
  warningPercents: warningPercents.optional(),
  breachActions: breachActions.optional(),
  applyToOpenTickets: z
    .boolean()
    .default(false)
    .describe('Recompute the open milestones of tickets under this policy'),
});
export type UpdateSlaPolicyInput = z.infer<typeof updateSlaPolicyBody>;

export const overdueReasonSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  name: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().max(60).default(''),
  requiresText: z.boolean().default(false),
  position: z.number().int().min(0).max(1000).default(0),
  isActive: z.boolean().default(true),
});

/** The board counts each state up to this many milestones; a count at the limit means "at least". */
export const BOARD_COUNT_LIMIT = 200;

export const slaBoardQuery = z.strictObject({
  horizonMinutes: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60)
    .describe('Also list milestones due within this many minutes'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
export type SlaBoardQuery = z.infer<typeof slaBoardQuery>;

export const slaBoardResponse = z
  .object({
    generatedAt: z.string(),
    items: z.array(
      z.object({
        ticketId: z.string(),
        number: z.string(),
        title: z.string(),
        priority: z.string(),
        status: z.string(),
        groupId: z.string().nullable(),
        groupName: z.string().nullable(),
        ownerUserId: z.string().nullable(),
        ownerName: z.string().nullable(),
        milestone: z.enum([...MILESTONES, ...TASK_MILESTONES]),
        dueAt: z.string(),
        breachedAt: z.string().nullable(),
        warningsSent: z.array(z.number()),
        isBusinessTime: z.boolean(),
        calendarId: z.string().nullable(),
        state: z.enum(['breached', 'at_risk']),
        remainingMs: z
          .number()
          .describe("Time left on the milestone's clock (business or wall), negative when late"),
      }),
    ),
    limit: z.number().int(),
    offset: z.number().int(),
    total: z
      .number()
      .int()
      .describe(
        'Milestones on the board: the two counts added, so at least this many when a count is at countLimit',
      ),
    counts: z.object({ breached: z.number().int(), atRisk: z.number().int() }),
    countLimit: z
      .number()
      .int()
      .describe('Each count stops here: a count equal to it means at least that many'),
  })
  .meta({ id: 'SlaBoard' });
