import { z } from 'zod';
import { TICKET_NUMBER_PATTERN } from '../tickets/numbering.js';
import { TICKET_STATUSES, TICKET_TYPES } from '../tickets/ticket.types.js';

const text = (max: number) => z.string().trim().max(max);
const ticketNumber = z.string().regex(TICKET_NUMBER_PATTERN, 'A ticket number such as 202611-001');
/** Forms send empty fields as empty strings; the service treats them as absent. */
const optionalEmail = z.union([z.literal(''), z.email().max(200)]).optional();

export const SCOPES = ['account', 'ticket'] as const;

export const requestCodeBody = z.strictObject({
  destination: text(200).min(1).describe('An e-mail address or a mobile number'),
  ticketNumber: ticketNumber.optional().describe('To look up one ticket instead of signing in to all'),
});

export const codeSentResponse = z.object({
  destinationMasked: z.string(),
  expiresInSeconds: z.number().int(),
});

export const signInBody = z.strictObject({
  destination: text(200).min(1),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'The 6-digit code from the message'),
  ticketNumber: ticketNumber.optional(),
});

export const sessionResponse = z
  .object({
    scope: z.enum(SCOPES),
    ticketNumber: z.string().optional(),
    destinationMasked: z.string(),
    csrfToken: z.string().describe('Send it as the X-CSRF-Token header on every portal write'),
  })
  .meta({ id: 'PortalSession' });

export const categoriesResponse = z.array(
  z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable() }),
);

export const ticketTypesResponse = z.array(z.object({ value: z.enum(TICKET_TYPES), label: z.string() }));

/** The portal's request form (multipart fields; the files travel alongside under any field name). */
export const newTicketFields = z
  .strictObject({
    type: z.enum(TICKET_TYPES),
    categoryId: z.union([z.literal(''), z.uuid()]).optional(),
    title: text(200).optional(),
    description: text(10_000).min(1),
    orderNumber: text(100).optional(),
    productModel: text(100).optional(),
    serialNumber: text(100).optional(),
    contactName: text(100).min(1),
    contactPhone: text(40).optional(),
    contactEmail: optionalEmail,
    preferredContactTime: text(100).optional(),
    /** Left empty by people; filled by bots that fill every field. */
    website: z.string().max(200).optional(),
  })
  .refine((fields) => fields.contactPhone || fields.contactEmail, {
    message: 'Give a mobile number or an e-mail address',
    path: ['contactPhone'],
  });
export type NewTicketFields = z.infer<typeof newTicketFields>;

export const ticketCreatedResponse = z.object({
  number: z.string(),
  url: z.string(),
  csrfToken: z.string(),
});

export const ticketParams = z.strictObject({ number: ticketNumber });
export const planParams = z.strictObject({ number: ticketNumber, planId: z.uuid() });
export const attachmentParams = z.strictObject({ number: ticketNumber, attachmentId: z.uuid() });

export const portalTicketSummary = z
  .object({
    number: z.string(),
    title: z.string(),
    type: z.enum(TICKET_TYPES),
    status: z.enum(TICKET_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
    nextExpectedAt: z.string().nullable(),
  })
  .meta({ id: 'PortalTicketSummary' });

export const portalTicketList = z.object({ items: z.array(portalTicketSummary) });

const portalAttachment = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
});

export const portalTicketDetail = z
  .object({
    number: z.string(),
    title: z.string(),
    type: z.enum(TICKET_TYPES),
    status: z.enum(TICKET_STATUSES),
    description: z.string(),
    createdAt: z.string(),
    orderNumber: z.string().nullable(),
    productModel: z.string().nullable(),
    serialNumber: z.string().nullable(),
    nextExpectedAt: z.string().nullable(),
    canConfirm: z.boolean(),
    pendingPlan: z
      .object({
        id: z.string(),
        body: z.string(),
        compensationType: z.string().nullable(),
        compensationAmount: z.number().nullable(),
      })
      .nullable(),
    survey: z.object({ url: z.string() }).nullable(),
    timeline: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        authorLabel: z.string(),
        body: z.string(),
        createdAt: z.string(),
        attachments: z.array(portalAttachment),
      }),
    ),
  })
  .meta({ id: 'PortalTicket' });

export const replyFields = z.strictObject({
  body: text(20_000).optional().describe('The message; may be left out when files are sent'),
});

export const planDecisionBody = z.strictObject({
  decision: z.enum(['accept', 'reject']),
  comment: text(2000).optional(),
});

export const confirmationBody = z.strictObject({
  solved: z.boolean(),
  comment: text(2000).optional(),
});

export const confirmationResponse = z.object({ status: z.enum(TICKET_STATUSES) });
