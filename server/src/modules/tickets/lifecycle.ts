import type { TicketStatus } from './ticket.types.js';

/**
 * The status machine of R4.1/R4.5. Closing happens only from `resolved` (customer confirmation or the
 * auto-close silence), or from anywhere when merged into another ticket.
 */
const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['classified', 'assigned'],
  classified: ['assigned'],
  assigned: ['in_progress', 'classified'],
  in_progress: ['waiting_customer', 'waiting_third_party', 'solution_proposed', 'resolved'],
  waiting_customer: ['in_progress', 'solution_proposed', 'resolved'],
  waiting_third_party: ['in_progress', 'solution_proposed', 'resolved'],
  solution_proposed: ['in_progress', 'waiting_customer', 'resolved'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['assigned', 'in_progress'],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return NEXT[from].includes(to);
}

export function allowedNextStatuses(from: TicketStatus): readonly TicketStatus[] {
  return NEXT[from];
}

/** Statuses an agent may set directly; the others come from dedicated actions (assign, resolve, close). */
export const MANUAL_STATUSES: readonly TicketStatus[] = [
  'in_progress',
  'waiting_customer',
  'waiting_third_party',
];

export const isClosedStatus = (status: TicketStatus) => status === 'closed';
export const isFinished = (status: TicketStatus) => status === 'resolved' || status === 'closed';
