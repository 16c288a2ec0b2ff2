import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { type Locale, translate, translateIssue } from '../i18n/translate.js';
import { AppError, type FieldError, httpStatusOf } from './errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A zod issue as the type provider hands it over: its code, its path, and the rest of it as params. */
type ValidationIssue = {
  keyword: string;
  instancePath?: string;
  params?: Record<string, unknown>;
};

/** The parts of a request that schemas validate. */
export type RequestInput = Pick<FastifyRequest, 'body' | 'query' | 'params' | 'headers'>;

function inputOf(request: RequestInput, context: string | undefined): unknown {
  switch (context) {
    case 'querystring':
      return request.query;
    case 'params':
      return request.params;
    case 'headers':
      return request.headers;
    default:
      return request.body;
  }
}

const valueAt = (root: unknown, path: string[]) =>
  path.reduce<unknown>(
    (value, key) => (value !== null && typeof value === 'object' ? Reflect.get(value, key) : undefined),
    root,
  );

/** Turns schema validation issues into one error per field, naming the field (unknown keys each by name). */
function validationErrors(request: RequestInput, context: string | undefined, issues: ValidationIssue[]) {
  const root = inputOf(request, context);
  const fieldOf = (path: string[]) => [context ?? 'body', ...path].join('.');
  return issues.flatMap((issue): FieldError[] => {
    const path = (issue.instancePath ?? '').split('/').filter(Boolean);
    const keys =
      issue.keyword === 'unrecognized_keys' ? (issue.params?.keys as string[] | undefined) : undefined;
    if (keys?.length) {
      return keys.map((key) => ({
        field: fieldOf([...path, key]),
        message: (locale) => translate(locale, 'request.unknownField'),
      }));
    }
    // zod leaves the offending value out of its issues; its messages name the value's type, so put it back.
    const zodIssue = { ...issue.params, code: issue.keyword, path, input: valueAt(root, path) };
    return [
      { field: fieldOf(path), message: (locale) => translateIssue(locale, zodIssue as z.core.$ZodRawIssue) },
    ];
  });
}

/** Maps Fastify's own errors (body parsing, limits) to ours. */
function fromFrameworkError(error: FastifyError): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'request.tooLarge');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'request.unsupportedMediaType');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_VALIDATION':
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('malformed_request', 'request.malformed');
    default:
      if (error.statusCode === 429) return new AppError('rate_limited', 'request.rateLimited');
      // Multipart limits (too many files, fields or parts) come as 413s of their own.
      if (error.statusCode === 413) return new AppError('payload_too_large', 'request.tooLarge');
      if (error instanceof SyntaxError) return new AppError('malformed_request', 'request.malformed');
      return undefined;
  }
}

/** Any error thrown while handling `request`, as the AppError the client sees. */
export function toAppError(error: unknown, request: RequestInput): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError('service_unavailable', 'system.databaseUnreachable');
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const errors = validationErrors(
      request,
      fastifyError.validationContext,
      fastifyError.validation as ValidationIssue[],
    );
    // The type provider reports at least one issue, and each issue names at least one field.
    const first = errors[0]!;
    return new AppError('validation_failed', 'request.fieldInvalid', {
      field: first.field,
      params: { field: first.field, message: first.message },
      errors,
    });
  }
  if (isResponseSerializationError(fastifyError))
    return new AppError('internal_error', 'request.internalError');
  return fromFrameworkError(fastifyError) ?? new AppError('internal_error', 'request.internalError');
}

/** Renders an error as application/problem+json, every text in `locale`. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  error: AppError,
  locale: Locale,
): FastifyReply {
  const status = httpStatusOf(error.code);
  const { params: _params, errors, ...members } = error.details;
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: `urn:aftercare:problem:${error.code}`,
      title: translate(locale, `problem.${error.code}`),
      status,
      detail: error.detailIn(locale),
      code: error.code,
      ...members,
      ...(errors
        ? { errors: errors.map(({ field, message }) => ({ field, message: message(locale) })) }
        : {}),
      requestId: request.id,
    });
}
