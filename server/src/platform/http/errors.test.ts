import { describe, expect, it } from 'vitest';
import type { Locale } from '../i18n/translate.js';
import { AppError, type ErrorCode, httpStatusOf } from './errors.js';
import { type RequestInput, toAppError } from './problem.js';

const request: RequestInput = { body: {}, query: {}, params: {}, headers: {} };

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
    ['ticket_not_found', 404],
    ['conflict', 409],
    ['ticket_closed', 409],
    ['plan_not_awaiting_decision', 409],
    ['confirmation_not_expected', 409],
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
    const error = new AppError('conflict', 'users.usernameTaken', {
      field: 'body.username',
      params: { username: 'li' },
    });
    expect(toAppError(error, request)).toBe(error);
    expect(error.message).toBe('The username li is taken');
  });

  it('turns schema issues into one localized error per field, unknown keys by name', () => {
    const error = Object.assign(new Error('invalid'), {
      validationContext: 'body',
      validation: [
        {
          keyword: 'too_small',
          instancePath: '/displayName',
          message: 'Too small',
          params: { origin: 'string', minimum: 1, inclusive: true },
        },
        {
          keyword: 'invalid_type',
          instancePath: '/phone',
          message: 'Invalid input',
          params: { expected: 'string' },
        },
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
    const body = { displayName: '', phone: 42, a: 1, b: 2 };
    const appError = toAppError(Object.assign(error, { validation: marked }), { ...request, body });
    expect(appError.code).toBe('validation_failed');
    expect(appError.details.field).toBe('body.displayName');
    const rendered = (locale: Locale) =>
      appError.details.errors?.map(({ field, message }) => ({ field, message: message(locale) }));
    expect(rendered('en')).toEqual([
      { field: 'body.displayName', message: 'Too small: expected string to have >=1 characters' },
      { field: 'body.phone', message: 'Invalid input: expected string, received number' },
      { field: 'body.a', message: 'Unknown field' },
      { field: 'body.b', message: 'Unknown field' },
    ]);
    expect(rendered('zh-CN')?.map(({ message }) => message)).toEqual([
      '数值过小：期望 string >=1 字符',
      '无效输入：期望 string，实际接收 数字',
      '未知字段',
      '未知字段',
    ]);
    expect(appError.detailIn('en')).toBe(
      'body.displayName: Too small: expected string to have >=1 characters',
    );
  });

  it('maps framework body errors to stable codes', () => {
    const tooLarge = Object.assign(new Error('too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(toAppError(tooLarge, request).code).toBe('payload_too_large');
    const badJson = Object.assign(new Error('bad'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    expect(toAppError(badJson, request).code).toBe('malformed_request');
    const media = Object.assign(new Error('media'), {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      statusCode: 415,
    });
    expect(toAppError(media, request).code).toBe('unsupported_media_type');
    const limited = Object.assign(new Error('slow down'), { statusCode: 429 });
    expect(toAppError(limited, request).code).toBe('rate_limited');
  });

  it('hides unknown errors behind internal_error', () => {
    const appError = toAppError(new Error('secret database detail'), request);
    expect(appError.code).toBe('internal_error');
    expect(appError.message).not.toContain('secret');
  });
});
