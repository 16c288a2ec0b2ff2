import { iso, isoOrNull } from '../../platform/http/schemas.js';
import { maskEmail, maskName, maskPhone } from '../customers/masking.js';
import type { summarise } from '../sla/sla.presenter.js';
import { allowedNextStatuses } from './lifecycle.js';
import type { TicketView } from './tickets.repository.js';

/** Personal data shown to this reader as stored, or masked (R11.3). */
export interface Reader {
  canSeePersonalData: boolean;
}

const pii = (reader: Reader, value: string | null, mask: (value: string) => string | null) =>
  value === null || reader.canSeePersonalData ? value : mask(value);

export type SlaSummary = ReturnType<typeof summarise>;

export function presentTicketSummary(ticket: TicketView, reader: Reader, sla: SlaSummary = null) {
  return {
    id: ticket.id,
    number: ticket.number,
    title: ticket.title,
    type: ticket.type,
    channel: ticket.channel,
    status: ticket.status,
    subStatus: ticket.subStatus,
    priority: ticket.priority,
    emotion: ticket.emotion,
    category:
      ticket.categoryId && ticket.categoryCode
        ? {
            id: ticket.categoryId,
            code: ticket.categoryCode,
            name: ticket.categoryName ?? '',
            nameEn: ticket.categoryNameEn ?? '',
          }
        : null,
    group:
      ticket.groupId && ticket.groupKey
        ? { id: ticket.groupId, key: ticket.groupKey, name: ticket.groupName ?? '' }
        : null,
    owner:
      ticket.ownerUserId && ticket.ownerUsername
        ? {
            id: ticket.ownerUserId,
            username: ticket.ownerUsername,
            displayName: ticket.ownerDisplayName ?? '',
          }
        : null,
    assignmentState: ticket.assignmentState,
    customer:
      ticket.customerId && ticket.customerNumber
        ? {
            id: ticket.customerId,
            number: ticket.customerNumber,
            name: pii(reader, ticket.customerName, maskName) ?? '',
            tier: ticket.customerTier ?? 'regular',
            region: ticket.customerRegion,
            companyName: ticket.customerCompanyName,
          }
        : null,
    tags: ticket.tags,
    missingEssentials: ticket.missingEssentials,
    receivedAt: iso(ticket.receivedAt),
    updatedAt: iso(ticket.updatedAt),
    expectedResolutionAt: isoOrNull(ticket.expectedResolutionAt),
    isOverdue: ticket.isOverdue,
    sla,
  };
}

export function presentTicket(ticket: TicketView, reader: Reader, sla: SlaSummary = null) {
  const isComplaint = ticket.type === 'complaint' || ticket.complaintSeverity !== null;
  return {
    ...presentTicketSummary(ticket, reader, sla),
    overdueReason: ticket.overdueReason,
    overdueReasonText: ticket.overdueReasonText,
    description: ticket.description,
    sourceReference: ticket.sourceReference,
    contact: {
      name: pii(reader, ticket.contactName, maskName),
      phone: pii(reader, ticket.contactPhone, maskPhone),
      email: pii(reader, ticket.contactEmail, maskEmail),
      preferredTime: ticket.preferredContactTime,
    },
    orderNumber: ticket.orderNumber,
    purchaseChannel: ticket.purchaseChannel,
    purchasedOn: ticket.purchasedOn,
    product: { id: ticket.productId, model: ticket.productModel },
    serialNumber: ticket.serialNumber,
    batchNumber: ticket.batchNumber,
    customerRequest: ticket.customerRequest,
    complaint: isComplaint
      ? {
          severity: ticket.complaintSeverity,
          category: ticket.complaintCategory,
          externalSource: ticket.externalSource,
          externalDeadlineAt: isoOrNull(ticket.externalDeadlineAt),
        }
      : null,
    call: ticket.callStartedAt
      ? { startedAt: iso(ticket.callStartedAt), durationSeconds: ticket.callDurationSeconds }
      : null,
    collaboratorIds: ticket.collaboratorIds,
    classifiedAt: isoOrNull(ticket.classifiedAt),
    assignedAt: isoOrNull(ticket.assignedAt),
    acceptedAt: isoOrNull(ticket.acceptedAt),
    firstResponseAt: isoOrNull(ticket.firstResponseAt),
    solutionProposedAt: isoOrNull(ticket.solutionProposedAt),
    resolvedAt: isoOrNull(ticket.resolvedAt),
    closedAt: isoOrNull(ticket.closedAt),
    closeReason: ticket.closeReason,
    confirmationMethod: ticket.confirmationMethod,
    reopenedCount: ticket.reopenedCount,
    mergedIntoTicketId: ticket.mergedIntoTicketId,
    createdAt: iso(ticket.createdAt),
    allowedStatuses: [...allowedNextStatuses(ticket.status)],
  };
}

/** What the audit trail keeps of a ticket: its handling fields, never the customer's personal data. */
export function auditedTicket(ticket: TicketView) {
  return {
    number: ticket.number,
    title: ticket.title,
    type: ticket.type,
    status: ticket.status,
    subStatus: ticket.subStatus,
    priority: ticket.priority,
    category: ticket.categoryCode,
    emotion: ticket.emotion,
    group: ticket.groupKey,
    owner: ticket.ownerUsername,
    assignmentState: ticket.assignmentState,
    tags: ticket.tags,
    expectedResolutionAt: ticket.expectedResolutionAt,
  };
}
