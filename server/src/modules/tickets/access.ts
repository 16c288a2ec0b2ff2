import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../audit/actor.js';
import type { Permission, Principal } from '../auth/permissions.js';
import { findTicketView, isInScope, type TicketScope, type TicketView } from './tickets.repository.js';

/** A staff member acting on tickets: who they are (for access) and how the audit trail names them. */
export interface Caller {
  principal: Principal;
  actor: Actor;
}

/** R13.4: every ticket, or only those of the caller's groups, their own and those they collaborate on. */
export function ticketScopeOf(principal: Principal): TicketScope {
  return {
    all: principal.permissions.has('tickets.read_all'),
    userId: principal.userId,
    groupIds: principal.groupIds,
  };
}

export const canSeePersonalData = (principal: Principal) => principal.permissions.has('customers.pii');

export function requirePermission(principal: Principal, permission: Permission, field?: string): void {
  if (!principal.permissions.has(permission)) {
    throw new AppError('forbidden', 'auth.permissionRequired', {
      permission,
      params: { permission },
      ...(field ? { field } : {}),
    });
  }
}

/** A ticket the caller may see; one outside their scope is reported as not found, so its existence does not leak. */
export async function visibleTicket(db: Queryable, caller: Caller, idOrNumber: string): Promise<TicketView> {
  const ticket = await findTicketView(db, idOrNumber);
  if (!ticket || !isInScope(ticket, ticketScopeOf(caller.principal))) {
    throw new AppError('not_found', 'tickets.notFound', { params: { ticket: idOrNumber } });
  }
  return ticket;
}
