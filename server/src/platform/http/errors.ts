import {
  type Locale,
  type LocalizedText,
  type MessageKey,
  type MessageParams,
  translate,
} from '../i18n/translate.js';

/** Every error code a client can see; the `code` member of each problem+json body. */
export type ErrorCode =
  | 'validation_failed'
  | 'malformed_request'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_authenticated'
  | 'invalid_credentials'
  | 'account_locked'
  | 'account_disabled'
  | 'session_expired'
  | 'csrf_token_invalid'
  | 'forbidden'
  | 'token_scope_missing'
  | 'not_found'
  | 'ticket_not_found'
  | 'conflict'
  | 'ticket_closed'
  | 'plan_not_awaiting_decision'
  | 'confirmation_not_expected'
  | 'survey_link_invalid'
  | 'survey_link_expired'
  | 'survey_already_answered'
  | 'rate_limited'
  | 'service_unavailable'
  | 'internal_error';

/** A message for one offending field, rendered in the reader's language. */
export type FieldError = { field: string; message: LocalizedText };

export type ErrorDetails = {
  /** The offending field, as a dotted path into the request (`body.username`). */
  field?: string;
  /** Values for the message's `{name}` placeholders. */
  params?: MessageParams;
  errors?: FieldError[];
  /** Anything else becomes a member of the problem body (`lockedUntil`, `permission`, …). */
  [key: string]: unknown;
};

/** An error a client may see: a stable code and a catalogue message, rendered in the reader's language. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly details: ErrorDetails = {},
  ) {
    // Logs and stack traces read English; users get `detailIn(their locale)`.
    super(translate('en', messageKey, details.params));
    this.name = 'AppError';
  }

  detailIn(locale: Locale): string {
    return translate(locale, this.messageKey, this.details.params);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unmapped error code: ${String(value)}`);
}

/** The one table from error code to HTTP status; the switch is exhaustive so no code goes unmapped. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'malformed_request':
      return 400;
    case 'not_authenticated':
    case 'invalid_credentials':
    case 'session_expired':
      return 401;
    case 'account_locked':
    case 'account_disabled':
    case 'csrf_token_invalid':
    case 'forbidden':
    case 'token_scope_missing':
      return 403;
    case 'not_found':
    case 'ticket_not_found':
    case 'survey_link_invalid':
      return 404;
    case 'conflict':
    case 'ticket_closed':
    case 'plan_not_awaiting_decision':
    case 'confirmation_not_expected':
    case 'survey_already_answered':
      return 409;
    case 'survey_link_expired':
      return 410;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'rate_limited':
      return 429;
    case 'internal_error':
      return 500;
    case 'service_unavailable':
      return 503;
    default:
      return assertUnreachable(code);
  }
}

export const notFound = (messageKey: MessageKey) => new AppError('not_found', messageKey);
export const forbidden = (messageKey: MessageKey = 'auth.forbidden') => new AppError('forbidden', messageKey);
