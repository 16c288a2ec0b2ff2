import type { Queryable } from '../../platform/db/database.js';
import { isStaffTemplate } from '../notifications/events.js';
import { outgoingThreadHeaders, replySubject } from './inbound.js';
import { findTicketMailThread, recordOutboundMessage } from './mailboxes.repository.js';

export interface OutgoingThread {
  subject: string;
  inReplyTo: string | undefined;
  references: string[];
  replyTo: string | undefined;
  /** Records the message once sent, so the chain of later messages includes it. */
  recordSent(at: Date): Promise<void>;
}

/**
 * How a message to the customer of an e-mail ticket goes out so that their mail client shows one
 * conversation: "Re: <their subject> [#<number>]", answering their latest message (or our previous one),
 * referencing the chain from the first. A reply to it threads back to the ticket by its Message-ID (from
 * the record, or from the notification the id names). Other mail (staff alerts, tickets from other
 * channels) is left as it is.
 */
export async function threadOutgoingEmail(
  db: Queryable,
  notification: { id: string; ticketId: string | null; template: string },
  messageId: string,
): Promise<OutgoingThread | null> {
  const ticketId = notification.ticketId;
  if (!ticketId || isStaffTemplate(notification.template)) return null;
  const thread = await findTicketMailThread(db, ticketId);
  if (thread?.channel !== 'email') return null;
  const headers = outgoingThreadHeaders(thread.chain.filter((message) => message.messageId !== messageId));
  const subject = replySubject(thread.firstSubject ?? thread.title, thread.number);
  return {
    subject,
    ...headers,
    replyTo: thread.mailboxAddress ?? undefined,
    recordSent: (at) =>
      recordOutboundMessage(db, { messageId, ticketId, notificationId: notification.id, subject, at }),
  };
}
