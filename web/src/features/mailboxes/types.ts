/** An IMAP mailbox whose mail becomes tickets (server: modules/mailboxes/mailboxes.schema.ts). */
export type MailboxSecurity = 'tls' | 'starttls' | 'none';

export const MAILBOX_SECURITIES: readonly MailboxSecurity[] = ['tls', 'starttls', 'none'];

/** The usual port for each kind of connection, offered when the kind changes. */
export const DEFAULT_PORTS: Record<MailboxSecurity, number> = { tls: 993, starttls: 143, none: 143 };

export type Mailbox = {
  id: string;
  name: string;
  host: string;
  port: number;
  security: MailboxSecurity;
  username: string;
  folder: string;
  /** The address customers write to; our replies about its tickets ask for answers there. */
  address: string | null;
  defaultGroup: { id: string; name: string } | null;
  isEnabled: boolean;
  pollIntervalMinutes: number;
  status: {
    lastPolledAt: string | null;
    lastSuccessAt: string | null;
    lastError: string | null;
    lastErrorAt: string | null;
    messagesTaken: number;
    ticketsCreated: number;
    repliesAdded: number;
    ignored: number;
    failed: number;
  };
  createdAt: string;
  updatedAt: string;
};

export type MailboxInput = {
  name: string;
  host: string;
  port: number;
  security: MailboxSecurity;
  username: string;
  /** Required for a new mailbox; left out, an edit keeps the stored one (it is never sent back). */
  password?: string;
  folder: string;
  address: string | null;
  defaultGroupId: string | null;
  isEnabled: boolean;
  pollIntervalMinutes: number;
};

export type ConnectionTestInput = {
  mailboxId?: string;
  host: string;
  port: number;
  security: MailboxSecurity;
  username: string;
  password?: string;
  folder: string;
};

export const CONNECTION_PROBLEMS = [
  'auth_failed',
  'connect_failed',
  'tls_failed',
  'timeout',
  'folder_missing',
  'failed',
] as const;
export type ConnectionProblem = (typeof CONNECTION_PROBLEMS)[number];

export type ConnectionTestResult =
  | { ok: true; messages: number; unseen: number; supportsIdle: boolean }
  | { ok: false; problem: ConnectionProblem; detail: string };

export type MailOutcome = 'processing' | 'ticket_created' | 'reply_added' | 'ignored' | 'failed' | 'sent';

export type MailMessage = {
  id: string;
  messageId: string;
  fromAddress: string | null;
  subject: string;
  outcome: MailOutcome;
  /** Why it was ignored (auto_submitted, delivery_report, …), how a reply was threaded, or what failed. */
  reason: string | null;
  ticket: { id: string; number: string } | null;
  receivedAt: string;
};
