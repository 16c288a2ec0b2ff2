import { createContext, useContext } from 'react';
import type { Me } from '../../../api/types';
import type { TicketDetail } from '../types';

/** The dialogs of the ticket page; any part of the page can open one. */
export type DialogKind =
  | 'assign'
  | 'decline'
  | 'status'
  | 'subStatus'
  | 'resolve'
  | 'close'
  | 'reopen'
  | 'merge'
  | 'link'
  | 'plan'
  | 'escalation'
  | 'collaboration'
  | 'classification'
  | 'collaborators'
  | 'complaint'
  | 'product';

/** What every part of the ticket page needs: the detail, its cache key, who is looking and what they may do. */
export type TicketContextValue = {
  detail: TicketDetail;
  /** The id or number in the address; the detail's cache key. */
  routeKey: string;
  me: Me;
  can: (permission: string) => boolean;
  isOwner: boolean;
  /** Closed (confirmed, merged or auto-closed): only reopening and notes remain. */
  isClosed: boolean;
  /** Resolved or closed. */
  isFinished: boolean;
  openDialog: (dialog: DialogKind) => void;
};

export const TicketContext = createContext<TicketContextValue | null>(null);

export function useTicketContext(): TicketContextValue {
  const value = useContext(TicketContext);
  if (!value) throw new Error('useTicketContext() outside the ticket page');
  return value;
}
