/** Messages to customers, rendered when queued so they say what was true at that moment. */
export const CUSTOMER_TEMPLATES = [
  'ticketAcknowledged',
  'ticketReplied',
  'ticketResolved',
  'ticketClosed',
  'ticketReopened',
  'progressUpdate',
  'surveyInvitation',
  'surveyReminder',
  'portalCode',
] as const;
export type CustomerTemplate = (typeof CUSTOMER_TEMPLATES)[number];

/**
 * Messages that carry a secret for the one person they go to (the portal's sign-in code): sent only to
 * that address or number, never to outgoing webhooks, and never filed with a ticket.
 */
export const PRIVATE_TEMPLATES = ['portalCode'] as const;
export type PrivateTemplate = (typeof PRIVATE_TEMPLATES)[number];
/** Customer messages about a ticket (everything but the private ones). */
export type TicketCustomerTemplate = Exclude<CustomerTemplate, PrivateTemplate>;

/** Alerts to staff; each user chooses the channels per alert, each group which alerts its robots post. */
export const STAFF_TEMPLATES = [
  'ticketAssigned',
  'urgentTicketForLead',
  'ticketDeclined',
  'escalationRequested',
  'planAwaitingApproval',
  'collaborationRequested',
  'slaWarning',
  'slaBreached',
  'progressUpdateDue',
  'surveyLowScore',
  'slaBreachDigest',
] as const;
export type StaffTemplate = (typeof STAFF_TEMPLATES)[number];

export type NotificationTemplate = CustomerTemplate | StaffTemplate;
export const TEMPLATES: readonly NotificationTemplate[] = [...CUSTOMER_TEMPLATES, ...STAFF_TEMPLATES];

export function isTemplate(value: string): value is NotificationTemplate {
  return (TEMPLATES as readonly string[]).includes(value);
}

export const isStaffTemplate = (value: string): value is StaffTemplate =>
  (STAFF_TEMPLATES as readonly string[]).includes(value);

/**
 * Staff alerts that sum up several tickets for one person (a supervisor told of many breaches in one
 * sweep): about no one ticket, so no group robot posts them and no webhook event stands for them.
 */
export const DIGEST_TEMPLATES = ['slaBreachDigest'] as const;
export type DigestTemplate = (typeof DIGEST_TEMPLATES)[number];
/** Staff alerts about one ticket: what a group's robots may post. */
export type TicketStaffTemplate = Exclude<StaffTemplate, DigestTemplate>;
export const isTicketStaffTemplate = (value: string): value is TicketStaffTemplate =>
  isStaffTemplate(value) && !(DIGEST_TEMPLATES as readonly string[]).includes(value);
export const TICKET_STAFF_TEMPLATES = STAFF_TEMPLATES.filter(isTicketStaffTemplate);

/** The event type an outgoing webhook subscribes to, for each message the system sends. */
export const WEBHOOK_EVENTS = {
  ticketAcknowledged: 'ticket.created',
  ticketReplied: 'ticket.replied',
  ticketResolved: 'ticket.resolved',
  ticketClosed: 'ticket.closed',
  ticketReopened: 'ticket.reopened',
  progressUpdate: 'ticket.progress_updated',
  ticketAssigned: 'ticket.assigned',
  urgentTicketForLead: 'ticket.urgent',
  ticketDeclined: 'ticket.declined',
  escalationRequested: 'ticket.escalation_requested',
  planAwaitingApproval: 'plan.awaiting_approval',
  collaborationRequested: 'ticket.collaboration_requested',
  slaWarning: 'sla.warning',
  slaBreached: 'sla.breached',
  progressUpdateDue: 'sla.progress_update_due',
  surveyInvitation: 'survey.sent',
  surveyReminder: 'survey.reminded',
  surveyLowScore: 'survey.low_score',
} as const satisfies Record<Exclude<NotificationTemplate, PrivateTemplate | DigestTemplate>, string>;

/** The templates whose event outgoing webhooks may subscribe to. */
export type WebhookTemplate = keyof typeof WEBHOOK_EVENTS;
export const isWebhookTemplate = (template: string): template is WebhookTemplate =>
  Object.hasOwn(WEBHOOK_EVENTS, template);
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[WebhookTemplate];
export const WEBHOOK_EVENT_TYPES = [...new Set(Object.values(WEBHOOK_EVENTS))] as [
  WebhookEvent,
  ...WebhookEvent[],
];

/** The test message an administrator sends to check a robot or an endpoint. */
export const CHANNEL_TEST_TEMPLATE = 'channelTest';
export const CHANNEL_TEST_EVENT = 'ping';
