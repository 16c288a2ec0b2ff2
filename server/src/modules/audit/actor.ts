/** Who made a change, and through which request; every audited write carries one. */
export interface Actor {
  userId: string | null;
  label: string;
  requestId: string | null;
  ip: string | null;
}

export const systemActor = (label = 'system'): Actor => ({ userId: null, label, requestId: null, ip: null });
