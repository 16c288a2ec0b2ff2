import nodemailer, { type Transporter } from 'nodemailer';

/** Outgoing e-mail over SMTP (nodemailer); one pooled transport per SMTP URL. */
const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Threading: every message about one ticket refers to the same root, so mail clients group them. */
  messageId: string;
  /** One root id, or the whole chain from the conversation's first message (e-mail tickets). */
  references: string | string[];
  /** The message this one answers; without it, the single root in `references`. */
  inReplyTo?: string | undefined;
  /** Where the customer's answer should go (the mailbox their ticket came in through). */
  replyTo?: string | undefined;
}

export async function sendEmail(smtpUrl: string, email: OutgoingEmail): Promise<void> {
  await transportFor(smtpUrl).sendMail({
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    messageId: email.messageId,
    references: email.references,
    inReplyTo:
      email.inReplyTo ?? (typeof email.references === 'string' ? email.references : email.references.at(-1)),
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
  });
}
