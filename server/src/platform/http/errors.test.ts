import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode, httpStatusOf } from './errors.js';
import { toAppError } from './problem.js';

describe('httpStatusOf', () => {
  it.each<[ErrorCode, number]>([
    ['validation_failed', 400],
    ['malformed_request', 400],
    ['not_authenticated', 401],
    ['invalid_credentials', 401],
    ['session_expired', 401],
    ['account_locked', 403],
    ['account_disabled', 403],
    ['csrf_token_invalid', 403],
    ['forbidden', 403],
    ['token_scope_missing', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['payload_too_large', 413],
    ['unsupported_media_type', 415],
    ['rate_limited', 429],
    ['internal_error', 500],
    ['service_unavailable', 503],
  ])('maps %s to %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });
});

describe('toAppError', () => {
  it('keeps an AppError as it is', () => {
    const error = new AppError('conflict', 'taken', { field: 'body.username' });
    expect(toAppError(error)).toBe(error);
  });

  it('turns schema issues into one error per field, unknown keys by name', () => {
    const error = Object.assign(new Error('invalid'), {
      validationContext: 'body',
      validation: [
        { keyword: 'too_small', instancePath: '/displayName', message: 'Too small' },
        {
          keyword: 'unrecognized_keys',
          instancePath: '/',
          message: 'Unrecognized keys',
          params: { keys: ['a', 'b'] },
        },
      ],
    });
    // The zod type provider marks each of its issues with this registered symbol.
    const marked = error.validation.map((issue) => ({
      ...issue,
      [Symbol.for('ZodFastifySchemaValidationError')]: true,
    }));
    const appError = toAppError(Object.assign(error, { validation: marked }));
    expect(appError.code).toBe('validation_failed');
    expect(appError.details).toEqual({
      field: 'body.displayName',
      errors: [
        { field: 'body.displayName', message: 'Too small' },
        { field: 'body.a', message: 'Unknown field' },
        { field: 'body.b', message: 'Unknown field' },
      ],
    });
  });

  it('maps framework body errors to stable codes', () => {
    const tooLarge = Object.assign(new Error('too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(toAppError(tooLarge).code).toBe('payload_too_large');
    const badJson = Object.assign(new Error('bad'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    expect(toAppError(badJson).code).toBe('malformed_request');
    const media = Object.assign(new Error('media'), {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      statusCode: 415,
    });
    expect(toAppError(media).code).toBe('unsupported_media_type');
    const limited = Object.assign(new Error('slow down'), { statusCode: 429 });
    expect(toAppError(limited).code).toBe('rate_limited');
  });

  it('hides unknown errors behind internal_error', () => {
    const appError = toAppError(new Error('secret database detail'));
    expect(appError.code).toBe('internal_error');
    expect(appError.message).not.toContain('secret');
  });
});
