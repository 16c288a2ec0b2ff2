import { z } from 'zod';
import { locale } from '../../platform/http/schemas.js';
import { STAFF_TEMPLATES, TEMPLATES, TICKET_STAFF_TEMPLATES, WEBHOOK_EVENT_TYPES } from './events.js';

const cursor = z
  .string()
  .regex(/^\d{1,18}$/, 'A cursor from a previous page')
  .transform(Number);
const limit = z.coerce.number().int().min(1).max(100).default(20);

// ---- The inbox ----

export const inboxQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  cursor: cursor.optional(),
  limit,
});

export const inboxItem = z
  .object({
    id: z.string(),
    template: z.string(),
    subject: z.string(),
    body: z.string(),
    ticket: z.object({ id: z.string(), number: z.string() }).nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'InboxNotification' });

export const inboxPage = z.object({
  items: z.array(inboxItem),
  nextCursor: z.string().nullable(),
  unread: z.number(),
});

export const markReadBody = z.union([
  z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);

export const unreadCount = z.object({ unread: z.number().int() });

// ---- Subscriptions ----

const staffTemplate = z.enum(STAFF_TEMPLATES);

export const userSubscription = z.object({
  template: staffTemplate,
  inApp: z.boolean(),
  email: z.boolean(),
  sms: z.boolean(),
});

export const mySubscriptionsResponse = z.object({
  items: z.array(userSubscription),
  /** Which channels can deliver at all: e-mail needs SMTP and an address, SMS a provider and a phone. */
  channels: z.object({ email: z.boolean(), sms: z.boolean() }),
});

export const updateMySubscriptionsBody = z.strictObject({
  items: z.array(z.strictObject(userSubscription.shape)).max(STAFF_TEMPLATES.length),
});

const groupTemplate = z.enum(TICKET_STAFF_TEMPLATES);
export const groupSubscriptions = z.object({ groupId: z.string(), templates: z.array(groupTemplate) });
export const updateGroupSubscriptionsBody = z.strictObject({
  templates: z.array(groupTemplate).max(TICKET_STAFF_TEMPLATES.length),
});

// ---- Robots ----

const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const robotResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['wecom', 'dingtalk']),
    groupId: z.string(),
    /** The URL with its access token masked. */
    webhookUrl: z.string(),
    hasSecret: z.boolean(),
    isActive: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'NotificationRobot' });

export const createRobotBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['wecom', 'dingtalk']),
  groupId: z.uuid(),
  webhookUrl: httpUrl,
  secret: z.string().trim().min(1).max(200).nullable().optional(),
  isActive: z.boolean().default(true),
});
export type CreateRobotInput = z.infer<typeof createRobotBody>;

export const updateRobotBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  groupId: z.uuid().optional(),
  webhookUrl: httpUrl.optional(),
  /** null removes the secret; absent keeps it. */
  secret: z.string().trim().min(1).max(200).nullable().optional(),
  isActive: z.boolean().optional(),
});
export type UpdateRobotInput = z.infer<typeof updateRobotBody>;

// ---- Outgoing webhooks ----

const webhookEvent = z.enum(WEBHOOK_EVENT_TYPES);

export const endpointResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    isActive: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });

/** Only the creation answer carries the secret, once. */
export const createdEndpointResponse = endpointResponse.extend({ secret: z.string() });

export const createEndpointBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  url: httpUrl,
  /** Generated when absent. */
  secret: z.string().min(16).max(200).optional(),
  events: z.array(webhookEvent).max(WEBHOOK_EVENT_TYPES.length),
  isActive: z.boolean().default(true),
});
export type CreateEndpointInput = z.infer<typeof createEndpointBody>;

export const updateEndpointBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  url: httpUrl.optional(),
  secret: z.string().min(16).max(200).optional(),
  events: z.array(webhookEvent).max(WEBHOOK_EVENT_TYPES.length).optional(),
  isActive: z.boolean().optional(),
});
export type UpdateEndpointInput = z.infer<typeof updateEndpointBody>;

// ---- Deliveries ----

export const deliveryChannel = z.enum(['email', 'sms', 'wecom', 'dingtalk', 'webhook']);
export const deliveryStatus = z.enum(['pending', 'sent', 'failed', 'skipped', 'dead']);

export const deliveriesQuery = z.strictObject({
  status: deliveryStatus.optional(),
  channel: deliveryChannel.optional(),
  ticketId: z.uuid().optional(),
  cursor: cursor.optional(),
  limit,
});

export const deliveryResponse = z
  .object({
    id: z.string(),
    channel: deliveryChannel,
    recipient: z.string(),
    /** The robot's or endpoint's name. */
    targetName: z.string().nullable(),
    template: z.string(),
    subject: z.string(),
    status: deliveryStatus,
    attempts: z.number().int(),
    attemptLimit: z.number().int(),
    lastError: z.string().nullable(),
    ticket: z.object({ id: z.string(), number: z.string() }).nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'NotificationDelivery' });

export const deliveriesPage = z.object({
  items: z.array(deliveryResponse),
  nextCursor: z.string().nullable(),
});

// ---- Templates ----

export const templateParams = z.strictObject({ template: z.enum(TEMPLATES), locale });

export const templateResponse = z
  .object({
    template: z.string(),
    locale,
    audience: z.enum(['customer', 'staff']),
    subject: z.string(),
    body: z.string(),
    isCustomized: z.boolean(),
    defaultSubject: z.string(),
    defaultBody: z.string(),
    placeholders: z.array(z.string()),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'NotificationTemplate' });

export const updateTemplateBody = z.strictObject({
  subject: z.string().trim().min(1).max(500),
  body: z.string().trim().min(1).max(10_000),
});

export const previewTemplateBody = z.strictObject({
  template: z.enum(TEMPLATES),
  locale,
  subject: z.string().max(500).optional(),
  body: z.string().max(10_000).optional(),
});

export const previewResponse = z.object({
  subject: z.string(),
  body: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const catalogueResponse = z.object({
  customerTemplates: z.array(z.string()),
  staffTemplates: z.array(z.string()),
  webhookEvents: z.array(z.string()),
});
