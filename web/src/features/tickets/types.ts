import type { UserRef } from '../../api/types';
import type { SlaSummary, TicketSla } from '../sla/types';

/** The ticket vocabulary (server: modules/tickets/ticket.types.ts). */
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

export const TICKET_CHANNELS = ['phone', 'walk_in', 'staff', 'email', 'portal', 'api', 'webhook'] as const;
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

/** Statuses an agent sets directly; the others follow from assign, resolve, close, reopen. */
export const MANUAL_STATUSES = ['in_progress', 'waiting_customer', 'waiting_third_party'] as const;
export type ManualStatus = (typeof MANUAL_STATUSES)[number];

export const EMOTIONS = ['normal', 'anxious', 'dissatisfied', 'angry'] as const;
export type Emotion = (typeof EMOTIONS)[number];

export const CUSTOMER_TIERS = ['vip', 'regular'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const COMPLAINT_SEVERITIES = ['light', 'medium', 'severe'] as const;
export const COMPLAINT_CATEGORIES = ['product_quality', 'service_attitude', 'after_sales_service'] as const;
export const EXTERNAL_SOURCES = ['12315', 'platform'] as const;

export const CONFIRMATION_METHODS = ['phone', 'email', 'portal', 'in_person', 'message', 'other'] as const;
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];

export const COMPENSATION_TYPES = [
  'none',
  'coupon',
  'cash',
  'refund',
  'replacement',
  'free_repair',
  'free_upgrade',
  'gift',
  'other',
] as const;
export type CompensationType = (typeof COMPENSATION_TYPES)[number];

export const LINK_KINDS = ['related', 'duplicate', 'follow_up'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** Orders the server sorts by. */
export const SERVER_SORTS = ['received_desc', 'received_asc', 'updated_desc', 'priority'] as const;
/** Plus the SLA due time, sorted here within the loaded pages (the server has no such order). */
export const SORTS = [...SERVER_SORTS, 'sla_due'] as const;
export type TicketSort = (typeof SORTS)[number];

export const QUICK_VIEWS = ['mine', 'my_groups', 'unassigned', 'all'] as const;
export type QuickView = (typeof QUICK_VIEWS)[number];

export type AssignmentState = 'pending' | 'accepted' | 'declined';

export type TicketSummary = {
  id: string;
  number: string;
  title: string;
  type: TicketType;
  channel: TicketChannel;
  status: TicketStatus;
  subStatus: string | null;
  priority: string;
  emotion: Emotion;
  category: { id: string; code: string; name: string; nameEn: string } | null;
  group: { id: string; key: string; name: string } | null;
  owner: UserRef | null;
  assignmentState: AssignmentState | null;
  customer: {
    id: string;
    number: string;
    name: string;
    tier: CustomerTier;
    region: string | null;
    companyName: string | null;
  } | null;
  tags: string[];
  missingEssentials: string[];
  receivedAt: string;
  updatedAt: string;
  expectedResolutionAt: string | null;
  /** A milestone was breached (R5.4): closing needs an overdue reason. */
  isOverdue: boolean;
  /** Service-level state: the worst open milestone and the next one due; null when no policy applies. */
  sla: SlaSummary | null;
};

export type Ticket = TicketSummary & {
  description: string;
  overdueReason: string | null;
  overdueReasonText: string | null;
  sourceReference: string | null;
  contact: { name: string | null; phone: string | null; email: string | null; preferredTime: string | null };
  orderNumber: string | null;
  purchaseChannel: string | null;
  purchasedOn: string | null;
  product: { id: string | null; model: string | null };
  serialNumber: string | null;
  batchNumber: string | null;
  customerRequest: string | null;
  complaint: {
    severity: string | null;
    category: string | null;
    externalSource: string | null;
    externalDeadlineAt: string | null;
  } | null;
  call: { startedAt: string; durationSeconds: number | null } | null;
  collaboratorIds: string[];
  classifiedAt: string | null;
  assignedAt: string | null;
  acceptedAt: string | null;
  firstResponseAt: string | null;
  solutionProposedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  confirmationMethod: string | null;
  reopenedCount: number;
  mergedIntoTicketId: string | null;
  createdAt: string;
  allowedStatuses: TicketStatus[];
};

export type TicketEvent = {
  id: string;
  kind: string;
  isPublic: boolean;
  author: { userId: string | null; label: string };
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
};

export type TicketLink = {
  ticketId: string;
  number: string;
  title: string;
  status: string;
  kind: string;
  direction: 'outgoing' | 'incoming';
};

export type PlanStatus =
  | 'pending_lead'
  | 'pending_management'
  | 'approved'
  | 'rejected'
  | 'accepted'
  | 'declined_by_customer'
  | 'withdrawn';

/** A solution plan as the detail returns it (the server sends the stored record). */
export type SolutionPlan = {
  id: string;
  body: string;
  compensationType: string | null;
  compensationAmount: number | string | null;
  isBulk: boolean;
  needsManagement: boolean;
  status: PlanStatus;
  leadDecidedBy: string | null;
  leadDecidedAt: string | null;
  leadNote: string | null;
  managementDecidedBy: string | null;
  managementDecidedAt: string | null;
  managementNote: string | null;
  customerDecidedAt: string | null;
  customerNote: string | null;
  createdBy: string | null;
  createdAt: string;
};

export type CollaborationRequest = {
  id: string;
  requestedBy: string;
  requestedByName: string;
  groupId: string;
  groupName: string;
  action: string;
  dueAt: string;
  status: 'open' | 'answered';
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  createdAt: string;
};

export type EscalationRequest = {
  id: string;
  requestedBy: string;
  requestedByName: string;
  reason: string;
  supportNeeded: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  newExpectedResolutionAt: string | null;
  createdAt: string;
};

export type Attachment = {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
  url: string;
};

export type PossibleDuplicate = {
  id: string;
  number: string;
  title: string;
  status: string;
  receivedAt: string;
  reason: string;
};

export type TicketDetail = {
  ticket: Ticket;
  timeline: TicketEvent[];
  links: TicketLink[];
  plans: SolutionPlan[];
  collaborationRequests: CollaborationRequest[];
  escalations: EscalationRequest[];
  attachments: Attachment[];
  possibleDuplicates: PossibleDuplicate[];
  sla: TicketSla;
};

/** The inbox filters, as the list endpoint takes them (lists are comma-separated there). */
export type TicketFilters = {
  q?: string;
  view?: QuickView;
  status?: TicketStatus[];
  priority?: string[];
  categoryId?: string[];
  channel?: TicketChannel[];
  type?: TicketType[];
  tier?: CustomerTier[];
  ownerId?: string[];
  groupId?: string[];
  customerId?: string;
  tag?: string;
  open?: boolean;
  receivedFrom?: string;
  receivedTo?: string;
  sort?: TicketSort;
};

export type TicketPage = { items: TicketSummary[]; nextCursor: string | null };

export type SavedView = {
  id: string;
  userId: string;
  name: string;
  filters: TicketFilters;
  isShared: boolean;
  createdAt: string;
};

export type CreateTicketInput = {
  title: string;
  description?: string;
  type: TicketType;
  channel: TicketChannel;
  sourceReference?: string | null;
  priority?: string | null;
  category?: string | null;
  emotion?: Emotion | null;
  customerId?: string | null;
  customer?: {
    name: string;
    phone?: string | null;
    email?: string | null;
    tier?: CustomerTier;
    region?: string | null;
    company?: string | null;
  };
  preferredContactTime?: string | null;
  orderNumber?: string | null;
  purchaseChannel?: string | null;
  purchasedOn?: string | null;
  product?: { model?: string | null; serial?: string | null; batch?: string | null };
  customerRequest?: string | null;
  expectedResolutionAt?: string | null;
  tags?: string[];
  attachments?: string[];
  complaint?: ComplaintInput;
  call?: { startedAt: string; durationSeconds: number };
  receivedAt?: string;
  groupId?: string | null;
  ownerId?: string | null;
};

export type ComplaintInput = {
  severity?: string;
  category?: string;
  externalSource?: string | null;
  externalDeadlineAt?: string | null;
};

export type UpdateTicketInput = Partial<{
  title: string;
  description: string;
  type: TicketType;
  priority: string;
  categoryId: string | null;
  emotion: Emotion;
  tags: string[];
  customerRequest: string | null;
  expectedResolutionAt: string | null;
  orderNumber: string | null;
  productModel: string | null;
  serialNumber: string | null;
  complaint: ComplaintInput;
  reason: string | null;
}>;

export type BulkAction =
  | { kind: 'assign'; groupId?: string | null; ownerId?: string | null }
  | { kind: 'status'; status: ManualStatus }
  | { kind: 'tag'; add: string[]; remove: string[] };

export type BulkResult = { results: { id: string; ok: boolean; code?: string }[] };

/** A group with its members, from GET /routing (readable by every signed-in user). */
export type RoutingGroup = {
  id: string;
  key: string;
  name: string;
  kind: 'department' | 'group';
  parentId: string | null;
  lead: UserRef | null;
  members: { userId: string; username: string; displayName: string; isActive: boolean; openCount: number }[];
};

export type CustomerOption = {
  id: string;
  customerNumber: string;
  name: string;
  companyName: string | null;
  phone: string | null;
  email: string | null;
  tier: CustomerTier;
  region: string | null;
  masked: boolean;
};

export type CategoryItem = {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  parentId: string | null;
  position: number;
  isActive: boolean;
};

export type PriorityItem = {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  rank: number;
  isActive: boolean;
};
