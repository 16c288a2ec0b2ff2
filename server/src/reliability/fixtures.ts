import { createHash } from 'node:crypto';
import type { Queryable } from '../platform/db/database.js';

/** A ticket body as an integration would send it; `n` makes each one recognisable. */
export function ticketBody(run: string, n: number, extra: Record<string, unknown> = {}) {
  const mailbox = createHash('sha256').update(run).digest('hex').slice(0, 10);
  return {
    title: `${run} 工单 ${n}`,
    description: `第 ${n} 张：空调不制冷，外机不转`,
    type: 'repair',
    channel: 'api',
    priority: 'P2',
    customer: {
      name: `客户${n}`,
      email: `customer-${mailbox}-${n}@example.com`,
      phone: `1380000${String(n).padStart(4, '0')}`,
    },
    ...extra,
  };
}

export interface TicketIntegrity {
  id: string;
  number: string;
  title: string;
  events: number;
  milestones: number;
  outbox: number;
  audit: number;
}

/** What intake writes for each ticket in one transaction: the ticket, its timeline, SLA milestones, outbox, audit. */
export async function ticketIntegrity(db: Queryable, titlePrefix: string): Promise<TicketIntegrity[]> {
  return db.query<TicketIntegrity>(
    `SELECT t.id, t.number, t.title,
            (SELECT count(*)::int FROM ticket_events e WHERE e.ticket_id = t.id) AS events,
            (SELECT count(*)::int FROM ticket_milestones m WHERE m.ticket_id = t.id) AS milestones,
            (SELECT count(*)::int FROM notifications o WHERE o.ticket_id = t.id AND o.channel = 'email') AS outbox,
            (SELECT count(*)::int FROM audit_log a WHERE a.entity_type = 'ticket' AND a.entity_id = t.id::text) AS audit
       FROM tickets t WHERE t.title LIKE $1 || '%' ORDER BY t.number`,
    [titlePrefix],
  );
}

/** Runs `tasks` with at most `width` at a time, in order of the list. */
export async function inParallel<T>(
  width: number,
  count: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** The serial part of a ticket number such as AC-202603-000012 (whatever the prefix), as a number. */
export const serialOf = (number: string) => Number(/(\d+)$/.exec(number)?.[1]);
