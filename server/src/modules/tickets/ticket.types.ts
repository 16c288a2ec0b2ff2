/** The vocabulary of a ticket (R1.2, R2, R4), shared by every module that reads or writes tickets. */
export const TICKET_TYPES = [
  'consultation',
  'usage_question',
  'order_question',
  'complaint',
  'suggestion',
  'repair',
  'return_exchange',
  'refund',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_CHANNELS = ['portal', 'api', 'email', 'webhook', 'phone', 'walk_in', 'staff'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export const TICKET_STATUSES = [
  'new',
  'classified',
  'assigned',
  'in_progress',
  'waiting_customer',
  'waiting_third_party',
  'solution_proposed',
  'resolved',
  'closed',
  'reopened',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which a ticket is still someone's work (counts toward open load). */
export const OPEN_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter(
  (status) => status !== 'resolved' && status !== 'closed',
);

export const EMOTIONS = ['normal', 'anxious', 'dissatisfied', 'angry'] as const;
export type Emotion = (typeof EMOTIONS)[number];

export const COMPLAINT_SEVERITIES = ['light', 'medium', 'severe'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

export const COMPLAINT_CATEGORIES = ['product_quality', 'service_attitude', 'after_sales_service'] as const;
export const EXTERNAL_SOURCES = ['12315', 'platform'] as const;

export const CUSTOMER_TIERS = ['vip', 'regular'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** What classification rules and routing look at when a ticket comes in. */
export interface TicketFacts {
  title: string;
  description: string;
  type: TicketType;
  channel: TicketChannel;
  customerTier: CustomerTier | null;
  productModel: string | null;
  productLine: string | null;
  productCategory: string | null;
  region: string | null;
}
