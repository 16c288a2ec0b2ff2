import { z } from 'zod';
import { nullableTimestamp, timestamp, userRef } from '../../platform/http/schemas.js';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_SEVERITIES,
  CUSTOMER_TIERS,
  EMOTIONS,
  EXTERNAL_SOURCES,
  TICKET_CHANNELS,
  TICKET_STATUSES,
  TICKET_TYPES,
} from './ticket.types.js';

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();
const priorityCode = z.string().regex(/^P[0-9]$/, 'A priority code such as P1');
const isoDateTime = z.iso.datetime({ offset: true });
// Filters take several ids at once; each must be an id, or the database would reject the query.
const idList = z
  .string()
  .max(1000)
  .regex(
    /^(?:\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\s*(?:,|$))*$/,
    'Comma-separated ids',
  );

export const complaintInput = z.strictObject({
  severity: z.enum(COMPLAINT_SEVERITIES).optional(),
  category: z.enum(COMPLAINT_CATEGORIES).optional(),
  externalSource: z.enum(EXTERNAL_SOURCES).nullable().optional(),
  externalDeadlineAt: isoDateTime.nullable().optional(),
});

/** The intake contract integrations rely on (POST /api/v1/tickets); names are stable. */
export const createTicketBody = z.strictObject({
  title: text(200).min(1),
  description: text(20_000).default(''),
  type: z.enum(TICKET_TYPES),
  channel: z.enum(TICKET_CHANNELS).default('api'),
  sourceReference: optionalText(200),
  priority: priorityCode.nullable().optional(),
  category: z.string().max(60).nullable().optional().describe('A category code; rules decide when absent'),
  emotion: z.enum(EMOTIONS).nullable().optional(),
  customerId: z.uuid().nullable().optional(),
  customer: z
    .strictObject({
      name: text(100).min(1),
      phone: optionalText(40),
      email: z.email().max(200).nullable().optional(),
      tier: z.enum(CUSTOMER_TIERS).optional(),
      region: optionalText(100),
      company: optionalText(200),
    })
    .optional(),
  preferredContactTime: optionalText(100),
  orderNumber: optionalText(100),
  purchaseChannel: optionalText(100),
  purchasedOn: z.iso.date().nullable().optional(),
  product: z
    .strictObject({
      model: optionalText(100),
      serial: optionalText(100),
      batch: optionalText(100),
    })
    .optional(),
  customerRequest: optionalText(5000),
  expectedResolutionAt: isoDateTime.nullable().optional(),
  tags: z.array(text(40).min(1)).max(30).optional(),
  attachments: z.array(z.uuid()).max(30).optional(),
  complaint: complaintInput.optional(),
  call: z
    .strictObject({
      startedAt: isoDateTime,
      durationSeconds: z.number().int().min(0).max(86_400),
    })
    .optional()
    .describe('Phone and walk-in contacts: when the call started and how long it took'),
  receivedAt: isoDateTime.optional(),
  groupId: z.uuid().nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
});
export type CreateTicketInput = z.infer<typeof createTicketBody>;

export const updateTicketBody = z.strictObject({
  title: text(200).min(1).optional(),
  description: text(20_000).optional(),
  type: z.enum(TICKET_TYPES).optional(),
  priority: priorityCode.optional(),
  categoryId: z.uuid().nullable().optional(),
  emotion: z.enum(EMOTIONS).optional(),
  tags: z.array(text(40).min(1)).max(30).optional(),
  customerRequest: optionalText(5000),
  expectedResolutionAt: isoDateTime.nullable().optional(),
  orderNumber: optionalText(100),
  productModel: optionalText(100),
  serialNumber: optionalText(100),
  complaint: complaintInput.optional(),
  reason: optionalText(500).describe('Why a classification was overridden; kept in the timeline'),
});
export type UpdateTicketInput = z.infer<typeof updateTicketBody>;

export const listTicketsQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  view: z.enum(['mine', 'my_groups', 'unassigned', 'all']).optional(),
  status: z.string().max(300).optional().describe('Comma-separated statuses'),
  priority: z.string().max(100).optional(),
  categoryId: idList.optional(),
  channel: z.string().max(200).optional(),
  type: z.string().max(300).optional(),
  tier: z.string().max(50).optional(),
  ownerId: idList.optional(),
  groupId: idList.optional(),
  customerId: z.uuid().optional(),
  productId: z.uuid().optional(),
  tag: z.string().max(40).optional(),
  open: z.enum(['true', 'false']).optional(),
  receivedFrom: isoDateTime.optional(),
  receivedTo: isoDateTime.optional(),
  sort: z.enum(['received_desc', 'received_asc', 'updated_desc', 'priority']).default('received_desc'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

const nameRef = z.object({ id: z.string(), key: z.string(), name: z.string() });

export const ticketSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    type: z.enum(TICKET_TYPES),
    channel: z.enum(TICKET_CHANNELS),
    status: z.enum(TICKET_STATUSES),
    subStatus: z.string().nullable(),
    priority: z.string(),
    emotion: z.enum(EMOTIONS),
    category: z.object({ id: z.string(), code: z.string(), name: z.string(), nameEn: z.string() }).nullable(),
    group: nameRef.nullable(),
    owner: userRef.nullable(),
    assignmentState: z.enum(['pending', 'accepted', 'declined']).nullable(),
    customer: z
      .object({
        id: z.string(),
        number: z.string(),
        name: z.string(),
        tier: z.enum(CUSTOMER_TIERS),
        region: z.string().nullable(),
        companyName: z.string().nullable(),
      })
      .nullable(),
    tags: z.array(z.string()),
    missingEssentials: z.array(z.string()),
    receivedAt: timestamp,
    updatedAt: timestamp,
    expectedResolutionAt: nullableTimestamp,
    isOverdue: z.boolean(),
    sla: z
      .object({
        state: z.enum(['ok', 'warning', 'breached', 'paused', 'met', 'met_late']),
        next: z
          .object({
            milestone: z.string(),
            dueAt: timestamp,
            remainingMs: z.number().nullable(),
            isBusinessTime: z.boolean(),
          })
          .nullable(),
      })
      .nullable()
      .describe(
        'Service-level state: the worst open milestone and the next one due (remaining business or calendar time)',
      ),
  })
  .meta({ id: 'TicketSummary' });

export const ticketResponse = ticketSummary
  .extend({
    description: z.string(),
    overdueReason: z.string().nullable(),
    overdueReasonText: z.string().nullable(),
    sourceReference: z.string().nullable(),
    contact: z.object({
      name: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      preferredTime: z.string().nullable(),
    }),
    orderNumber: z.string().nullable(),
    purchaseChannel: z.string().nullable(),
    purchasedOn: z.string().nullable(),
    product: z.object({ id: z.string().nullable(), model: z.string().nullable() }),
    serialNumber: z.string().nullable(),
    batchNumber: z.string().nullable(),
    customerRequest: z.string().nullable(),
    complaint: z
      .object({
        severity: z.string().nullable(),
        category: z.string().nullable(),
        externalSource: z.string().nullable(),
        externalDeadlineAt: nullableTimestamp,
      })
      .nullable(),
    call: z.object({ startedAt: timestamp, durationSeconds: z.number().int().nullable() }).nullable(),
    collaboratorIds: z.array(z.string()),
    classifiedAt: nullableTimestamp,
    assignedAt: nullableTimestamp,
    acceptedAt: nullableTimestamp,
    firstResponseAt: nullableTimestamp,
    solutionProposedAt: nullableTimestamp,
    resolvedAt: nullableTimestamp,
    closedAt: nullableTimestamp,
    closeReason: z.string().nullable(),
    confirmationMethod: z.string().nullable(),
    reopenedCount: z.number().int(),
    mergedIntoTicketId: z.string().nullable(),
    createdAt: timestamp,
    allowedStatuses: z.array(z.enum(TICKET_STATUSES)),
  })
  .meta({ id: 'Ticket' });

export const ticketEventResponse = z.object({
  id: z.string(),
  kind: z.string(),
  isPublic: z.boolean(),
  author: z.object({ userId: z.string().nullable(), label: z.string() }),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
});

export const ticketDetailResponse = z
  .object({
    ticket: ticketResponse,
    timeline: z.array(ticketEventResponse),
    links: z.array(
      z.object({
        ticketId: z.string(),
        number: z.string(),
        title: z.string(),
        status: z.string(),
        kind: z.string(),
        direction: z.enum(['outgoing', 'incoming']),
      }),
    ),
    plans: z.array(z.record(z.string(), z.unknown())),
    collaborationRequests: z.array(z.record(z.string(), z.unknown())),
    escalations: z.array(z.record(z.string(), z.unknown())),
    attachments: z.array(
      z.object({
        id: z.string(),
        fileName: z.string(),
        contentType: z.string(),
        sizeBytes: z.number(),
        createdAt: timestamp,
        url: z.string(),
      }),
    ),
    sla: z.object({
      policyId: z.string().nullable(),
      milestones: z.array(
        z.object({
          milestone: z.string(),
          state: z.string(),
          targetMinutes: z.number(),
          isBusinessTime: z.boolean(),
          startedAt: timestamp,
          dueAt: timestamp,
          metAt: nullableTimestamp,
          pausedAt: nullableTimestamp,
          breachedAt: nullableTimestamp,
          remainingMs: z.number().nullable(),
          cycle: z.number(),
        }),
      ),
    }),
    possibleDuplicates: z.array(
      z.object({
        id: z.string(),
        number: z.string(),
        title: z.string(),
        status: z.string(),
        receivedAt: timestamp,
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: 'TicketDetail' });

export const ticketIdParams = z.strictObject({
  id: z.string().min(1).max(40).describe('Ticket id or number'),
});

export const replyBody = z.strictObject({
  body: text(20_000).min(1),
  attachments: z.array(z.uuid()).max(30).optional(),
});

export const customerReplyBody = z.strictObject({
  body: text(20_000).min(1),
  via: z.enum(['email', 'portal', 'phone', 'webhook', 'other']).default('other'),
  attachments: z.array(z.uuid()).max(30).optional(),
});

export const callBody = z.strictObject({
  startedAt: isoDateTime,
  durationSeconds: z.number().int().min(0).max(86_400),
  direction: z.enum(['inbound', 'outbound']).default('outbound'),
  summary: text(5000).min(1),
});

export const statusBody = z.strictObject({
  status: z.enum(['in_progress', 'waiting_customer', 'waiting_third_party']),
  note: optionalText(2000),
});

export const subStatusBody = z.strictObject({ subStatus: text(60).min(1) });

export const assignBody = z
  .strictObject({
    groupId: z.uuid().nullable().optional(),
    ownerId: z.uuid().nullable().optional(),
    note: optionalText(1000),
  })
  .refine((body) => body.groupId !== undefined || body.ownerId !== undefined, {
    message: 'Give a group, an owner or both',
    path: ['ownerId'],
  });

export const declineBody = z.strictObject({ reason: text(1000).min(1) });
export const resolveBody = z.strictObject({ summary: text(5000).min(1) });
export const closeBody = z.strictObject({
  confirmationMethod: z.enum(['phone', 'email', 'portal', 'in_person', 'message', 'other']),
  note: optionalText(2000),
  overdueReason: z.string().max(40).optional().describe('Required when a milestone was breached (R5.4)'),
  overdueReasonText: optionalText(2000),
});
export const reopenBody = z.strictObject({ reason: text(2000).min(1) });
export const mergeBody = z.strictObject({
  into: z.string().min(1).max(40).describe('Ticket id or number to merge into'),
});
export const linkBody = z.strictObject({
  ticket: z.string().min(1).max(40),
  kind: z.enum(['related', 'duplicate', 'follow_up']).default('related'),
});
export const collaboratorsBody = z.strictObject({ userIds: z.array(z.uuid()).max(50) });

export const planBody = z.strictObject({
  body: text(10_000).min(1),
  compensationType: z
    .enum(['none', 'coupon', 'cash', 'refund', 'replacement', 'free_repair', 'free_upgrade', 'gift', 'other'])
    .default('none'),
  compensationAmount: z.number().min(0).max(10_000_000).nullable().optional(),
  isBulk: z.boolean().default(false),
});
export const planDecisionBody = z.strictObject({ approve: z.boolean(), note: optionalText(2000) });
export const customerDecisionBody = z.strictObject({ accepted: z.boolean(), note: optionalText(2000) });
export const planParams = z.strictObject({ id: z.string().min(1).max(40), planId: z.uuid() });

export const collaborationBody = z.strictObject({
  groupId: z.uuid(),
  action: text(2000).min(1),
  dueAt: isoDateTime,
});
export const answerBody = z.strictObject({ answer: text(5000).min(1) });
export const requestParams = z.strictObject({ id: z.string().min(1).max(40), requestId: z.uuid() });

export const escalationBody = z.strictObject({
  reason: text(2000).min(1),
  supportNeeded: text(2000).default(''),
});
export const escalationDecisionBody = z.strictObject({
  approve: z.boolean(),
  note: optionalText(2000),
  newExpectedResolutionAt: isoDateTime.nullable().optional(),
  priority: priorityCode.optional(),
});

export const bulkBody = z.strictObject({
  ticketIds: z.array(z.uuid()).min(1).max(200),
  action: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('assign'),
      groupId: z.uuid().nullable().optional(),
      ownerId: z.uuid().nullable().optional(),
    }),
    z.strictObject({
      kind: z.literal('status'),
      status: z.enum(['in_progress', 'waiting_customer', 'waiting_third_party']),
    }),
    z.strictObject({
      kind: z.literal('tag'),
      add: z.array(text(40).min(1)).max(10).default([]),
      remove: z.array(text(40)).max(10).default([]),
    }),
  ]),
});

export const savedViewBody = z.strictObject({
  name: text(60).min(1),
  filters: z.record(z.string(), z.unknown()),
  isShared: z.boolean().default(false),
});

export const ticketPolicyBody = z.strictObject({
  autoCloseDays: z.number().int().min(1).max(90),
  reopenWindowDays: z.number().int().min(0).max(365),
  majorCompensationThreshold: z.number().min(0).max(10_000_000),
  duplicateWindowDays: z.number().int().min(1).max(365),
});
