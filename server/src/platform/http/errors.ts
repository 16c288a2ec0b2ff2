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
  | 'conflict'
  | 'rate_limited'
  | 'service_unavailable'
  | 'internal_error';

export type ErrorDetails = {
  /** The offending field, as a dotted path into the request (`body.username`). */
  field?: string;
  errors?: { field: string; message: string }[];
  [key: string]: unknown;
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
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
      return 404;
    case 'conflict':
      return 409;
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

export const notFound = (entity: string) => new AppError('not_found', `${entity} not found`);
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError('forbidden', message);
