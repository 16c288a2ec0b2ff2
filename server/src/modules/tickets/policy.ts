import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.js';
import type { TicketType } from './ticket.types.js';

/** The ticket rules an administrator tunes (every SPEC number is a default). */
export const ticketPolicySchema = z.strictObject({
  /** R4.5: a resolved ticket with no answer from the customer closes itself after this many days. */
  autoCloseDays: z.number().int().min(1).max(90).default(7),
  /** R4.5: a customer reply this many days after closing reopens the ticket; later it opens a new one. */
  reopenWindowDays: z.number().int().min(0).max(365).default(14),
  /** R4.4: plans compensating more than this (CNY) need management approval after the lead's. */
  majorCompensationThreshold: z.number().min(0).max(10_000_000).default(2000),
  /** R1.5: how far back possible duplicates are looked for. */
  duplicateWindowDays: z.number().int().min(1).max(365).default(30),
});
export type TicketPolicy = z.infer<typeof ticketPolicySchema>;

const POLICY_KEY = 'tickets.policy';

export async function loadTicketPolicy(db: Queryable): Promise<TicketPolicy> {
  const rows = await db.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [POLICY_KEY]);
  return ticketPolicySchema.parse(rows[0]?.value ?? {});
}

export async function saveTicketPolicy(tx: Queryable, policy: TicketPolicy, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [POLICY_KEY, JSON.stringify(policy), now],
  );
}

const NEEDS_ORDER: readonly TicketType[] = ['order_question', 'return_exchange', 'refund'];
const NEEDS_PRODUCT: readonly TicketType[] = ['repair', 'usage_question', 'return_exchange'];

/** R1.5: which essentials a new ticket lacks — a way to reach the customer, and the order or product its type needs. */
export function missingEssentials(ticket: {
  type: TicketType;
  contactPhone: string | null;
  contactEmail: string | null;
  orderNumber: string | null;
  productModel: string | null;
  serialNumber: string | null;
}): string[] {
  const missing: string[] = [];
  if (!ticket.contactPhone && !ticket.contactEmail) missing.push('contact');
  if (NEEDS_ORDER.includes(ticket.type) && !ticket.orderNumber) missing.push('order');
  if (NEEDS_PRODUCT.includes(ticket.type) && !ticket.productModel && !ticket.serialNumber)
    missing.push('product');
  return missing;
}

/** R4.4: a plan needs management approval when it is a bulk action or compensates above the threshold. */
export function needsManagementApproval(
  plan: { isBulk: boolean; compensationAmount: number | null },
  policy: TicketPolicy,
) {
  return plan.isBulk || (plan.compensationAmount ?? 0) > policy.majorCompensationThreshold;
}
