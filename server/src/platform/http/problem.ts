import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type ErrorDetails, httpStatusOf } from './errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

type ValidationIssue = {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { keys?: string[] };
};

function fieldPath(context: string | undefined, instancePath: string | undefined): string {
  const parts = (instancePath ?? '').split('/').filter(Boolean);
  return [context ?? 'body', ...parts].join('.');
}

/** Turns schema validation issues into one error per field, naming the field (unknown keys each by name). */
function validationErrors(context: string | undefined, issues: ValidationIssue[]) {
  return issues.flatMap((issue) => {
    const keys = issue.keyword === 'unrecognized_keys' ? issue.params?.keys : undefined;
    if (keys?.length) {
      return keys.map((key) => ({
        field: fieldPath(context, `${issue.instancePath ?? ''}/${key}`),
        message: 'Unknown field',
      }));
    }
    return [{ field: fieldPath(context, issue.instancePath), message: issue.message ?? 'Invalid value' }];
  });
}

/** Maps Fastify's own errors (body parsing, limits) to our codes. */
function codeOfFrameworkError(error: FastifyError): ErrorCode | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_VALIDATION':
      return 'malformed_request';
    default:
      if (error.statusCode === 429) return 'rate_limited';
      if (error instanceof SyntaxError) return 'malformed_request';
      return undefined;
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const errors = validationErrors(
      fastifyError.validationContext,
      fastifyError.validation as ValidationIssue[],
    );
    const first = errors[0];
    return new AppError('validation_failed', first ? `${first.field}: ${first.message}` : 'Invalid request', {
      ...(first ? { field: first.field } : {}),
      errors,
    });
  }
  if (isResponseSerializationError(fastifyError)) {
    return new AppError('internal_error', 'Internal server error');
  }
  const code = codeOfFrameworkError(fastifyError);
  if (code) return new AppError(code, fastifyError.message);
  return new AppError('internal_error', 'Internal server error');
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const status = httpStatusOf(error.code);
  const details: ErrorDetails = error.details;
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: `urn:aftercare:problem:${error.code}`,
      title: error.code.replaceAll('_', ' '),
      status,
      detail: error.message,
      code: error.code,
      ...details,
      requestId: request.id,
    });
}
