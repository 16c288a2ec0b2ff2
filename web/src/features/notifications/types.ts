export type TicketLink = { id: string; number: string };

export type InboxNotification = {
  id: string;
  template: string;
  subject: string;
  body: string;
  ticket: TicketLink | null;
  createdAt: string;
  readAt: string | null;
};

export type InboxPage = { items: InboxNotification[]; nextCursor: string | null; unread: number };
export type UnreadCount = { unread: number };

export type Subscription = { template: string; inApp: boolean; email: boolean; sms: boolean };
export type MySubscriptions = { items: Subscription[]; channels: { email: boolean; sms: boolean } };

export type Catalogue = { customerTemplates: string[]; staffTemplates: string[]; webhookEvents: string[] };

export type RobotKind = 'wecom' | 'dingtalk';
export type Robot = {
  id: string;
  name: string;
  kind: RobotKind;
  groupId: string;
  /** With its access token masked. */
  webhookUrl: string;
  hasSecret: boolean;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
};
export type CreateRobotInput = {
  name: string;
  kind: RobotKind;
  groupId: string;
  webhookUrl: string;
  secret?: string | null;
  isActive?: boolean;
};
export type UpdateRobotInput = Partial<Omit<CreateRobotInput, 'kind'>>;

export type GroupSubscriptions = { groupId: string; templates: string[] };

export type WebhookEndpoint = {
  id: string;
  name: string;
  url: string;
  events: string[];
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
};
export type CreatedWebhookEndpoint = WebhookEndpoint & { secret: string };
export type CreateEndpointInput = {
  name: string;
  url: string;
  secret?: string;
  events: string[];
  isActive?: boolean;
};
export type UpdateEndpointInput = Partial<CreateEndpointInput>;

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'skipped', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_CHANNELS = ['email', 'sms', 'wecom', 'dingtalk', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export type Delivery = {
  id: string;
  channel: DeliveryChannel;
  recipient: string;
  targetName: string | null;
  template: string;
  subject: string;
  status: DeliveryStatus;
  attempts: number;
  attemptLimit: number;
  lastError: string | null;
  ticket: TicketLink | null;
  createdAt: string;
  sentAt: string | null;
};
export type DeliveryQuery = {
  status?: DeliveryStatus;
  channel?: DeliveryChannel;
  cursor?: string;
  limit?: number;
};
export type DeliveryPage = { items: Delivery[]; nextCursor: string | null };

export type TemplateLocale = 'zh-CN' | 'en';
export type NotificationTemplate = {
  template: string;
  locale: TemplateLocale;
  audience: 'customer' | 'staff';
  subject: string;
  body: string;
  isCustomized: boolean;
  defaultSubject: string;
  defaultBody: string;
  placeholders: string[];
  updatedAt: string | null;
};
export type TemplatePreview = { subject: string; body: string; params: Record<string, string | number> };
