import { z } from 'zod';
import { TICKET_TYPES } from '../tickets/ticket.types.js';

const text = (max: number) => z.string().trim().max(max);

/** The customer web form (R1.1): what a customer fills in without an account. */
export const publicTicketBody = z
  .strictObject({
    type: z.enum(TICKET_TYPES),
    title: text(200).optional(),
    description: text(10_000).min(1),
    name: text(100).min(1),
    phone: text(40).optional(),
    email: z.email().max(200).optional(),
    orderNumber: text(100).optional(),
    productModel: text(100).optional(),
    serialNumber: text(100).optional(),
    preferredContactTime: text(100).optional(),
    /** Left empty by people; filled by bots that fill every field. */
    website: z.string().max(200).optional(),
  })
  .refine((body) => body.phone || body.email, {
    message: 'Give a phone number or an e-mail address',
    path: ['phone'],
  });

export const publicTicketResponse = z.object({
  number: z.string(),
  status: z.string(),
  receivedAt: z.string(),
});

/** What an integrator relays from social media, WeChat or a shop platform. */
export const inboundWebhookBody = z.strictObject({
  messageId: text(200).min(1),
  threadId: text(200)
    .optional()
    .describe('The conversation; later messages of it are added to the same ticket'),
  customer: z.strictObject({
    name: text(100).min(1),
    phone: text(40).optional(),
    email: z.email().max(200).optional(),
  }),
  title: text(200).optional(),
  text: text(20_000).min(1),
  type: z.enum(TICKET_TYPES).optional(),
  orderNumber: text(100).optional(),
  product: z.strictObject({ model: text(100).optional(), serial: text(100).optional() }).optional(),
});

export const inboundWebhookResponse = z.object({
  action: z.enum(['created', 'appended', 'duplicate']),
  ticketNumber: z.string(),
});

export const webhookSourceResponse = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    defaultType: z.string(),
    isActive: z.boolean(),
    secretHint: z.string(),
    url: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookSource' });

export const createWebhookSourceBody = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'Use 2–40 lowercase letters, digits, dashes or underscores'),
  name: text(100).min(1),
  defaultType: z.enum(TICKET_TYPES).default('consultation'),
});

export const updateWebhookSourceBody = z.strictObject({
  name: text(100).min(1).optional(),
  defaultType: z.enum(TICKET_TYPES).optional(),
  isActive: z.boolean().optional(),
  rotateSecret: z.boolean().optional(),
});
