import type { TicketType } from '../tickets/types';

/** An integrator that relays customer messages (server: modules/intake/intake.schema.ts). */
export type WebhookSource = {
  id: string;
  key: string;
  name: string;
  defaultType: TicketType;
  isActive: boolean;
  /** The first characters of the secret, to tell which one an integrator holds. */
  secretHint: string;
  /** Where the integrator posts; relative when the server has no public URL configured. */
  url: string;
  createdAt: string;
  updatedAt: string;
};

/** A source as created or with a rotated secret: the only time the full secret is returned. */
export type WebhookSourceWithSecret = WebhookSource & { secret: string };

export type CreateWebhookSourceInput = { key: string; name: string; defaultType: TicketType };

export type UpdateWebhookSourceInput = {
  name?: string;
  defaultType?: TicketType;
  isActive?: boolean;
  rotateSecret?: boolean;
};

/** The ticket rules an administrator tunes (server: modules/tickets/policy.ts). */
export type TicketPolicy = {
  /** R4.5: a resolved ticket with no answer from the customer closes itself after this many days. */
  autoCloseDays: number;
  /** R4.5: a customer reply this many days after closing reopens the ticket; later it opens a new one. */
  reopenWindowDays: number;
  /** R4.4: plans compensating more than this (CNY) need management approval after the lead's. */
  majorCompensationThreshold: number;
  /** R1.5: how far back possible duplicates are looked for. */
  duplicateWindowDays: number;
};

/** The server's defaults (SPEC numbers), offered by "restore defaults". */
export const DEFAULT_TICKET_POLICY: TicketPolicy = {
  autoCloseDays: 7,
  reopenWindowDays: 14,
  majorCompensationThreshold: 2000,
  duplicateWindowDays: 30,
};
