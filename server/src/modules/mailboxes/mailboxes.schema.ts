import { z } from 'zod';
import { nullableTimestamp, timestamp } from '../../platform/http/schemas.js';
import { CONNECTION_PROBLEMS } from './imap.js';

const text = (max: number) => z.string().trim().max(max);

/** A host name or an IP address, without scheme, port or path. */
const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/, 'Give a host name or IP address, e.g. imap.example.com');

const port = z.number().int().min(1).max(65535);
const security = z.enum(['tls', 'starttls', 'none']);
const folder = text(200).min(1);
const pollIntervalMinutes = z.number().int().min(1).max(1440);

/** What an administrator gives for a new mailbox; the password is required and never shown again. */
export const createMailboxBody = z.strictObject({
  name: text(100).min(1),
  host,
  port,
  security: security.default('tls'),
  username: text(200).min(1),
  password: z.string().min(1).max(500),
  folder: folder.default('INBOX'),
  address: z.email().max(200).nullable().optional(),
  defaultGroupId: z.uuid().nullable().optional(),
  isEnabled: z.boolean().default(true),
  pollIntervalMinutes: pollIntervalMinutes.default(1),
});

/** Every field optional; a password given replaces the stored one, none keeps it. */
export const updateMailboxBody = z.strictObject({
  name: text(100).min(1).optional(),
  host: host.optional(),
  port: port.optional(),
  security: security.optional(),
  username: text(200).min(1).optional(),
  password: z.string().min(1).max(500).optional(),
  folder: folder.optional(),
  address: z.email().max(200).nullable().optional(),
  defaultGroupId: z.uuid().nullable().optional(),
  isEnabled: z.boolean().optional(),
  pollIntervalMinutes: pollIntervalMinutes.optional(),
});

/**
 * Settings to try before (or without) saving them. With `mailboxId` and no password, the stored password
 * is used — only for that mailbox's own server and account, so it cannot be sent anywhere else.
 */
export const connectionTestBody = z.strictObject({
  mailboxId: z.uuid().optional(),
  host,
  port,
  security,
  username: text(200).min(1),
  password: z.string().min(1).max(500).optional(),
  folder: folder.default('INBOX'),
});

export const connectionTestResponse = z
  .union([
    z.object({ ok: z.literal(true), messages: z.number(), unseen: z.number(), supportsIdle: z.boolean() }),
    z.object({ ok: z.literal(false), problem: z.enum(CONNECTION_PROBLEMS), detail: z.string() }),
  ])
  .meta({ id: 'MailboxConnectionTest' });

export const mailboxResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    host: z.string(),
    port: z.number(),
    security,
    username: z.string(),
    folder: z.string(),
    address: z.string().nullable(),
    defaultGroup: z.object({ id: z.string(), name: z.string() }).nullable(),
    isEnabled: z.boolean(),
    pollIntervalMinutes: z.number(),
    status: z.object({
      lastPolledAt: nullableTimestamp,
      lastSuccessAt: nullableTimestamp,
      lastError: z.string().nullable(),
      lastErrorAt: nullableTimestamp,
      messagesTaken: z.number(),
      ticketsCreated: z.number(),
      repliesAdded: z.number(),
      ignored: z.number(),
      failed: z.number(),
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Mailbox' });

export const mailMessageResponse = z
  .object({
    id: z.string(),
    messageId: z.string(),
    fromAddress: z.string().nullable(),
    subject: z.string(),
    outcome: z.enum(['processing', 'ticket_created', 'reply_added', 'ignored', 'failed', 'sent']),
    reason: z.string().nullable(),
    ticket: z.object({ id: z.string(), number: z.string() }).nullable(),
    receivedAt: timestamp,
  })
  .meta({ id: 'MailMessage' });

export const mailMessagesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type CreateMailboxInput = z.infer<typeof createMailboxBody>;
export type UpdateMailboxInput = z.infer<typeof updateMailboxBody>;
export type ConnectionTestInput = z.infer<typeof connectionTestBody>;
