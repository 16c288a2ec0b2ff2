import { z } from 'zod';

/** Shapes shared by every module's HTTP schemas. */
export const idParams = z.strictObject({ id: z.uuid() });

// Loose: a problem carries extra members that depend on its code (lockedUntil, permission, …).
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    field: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string(),
  })
  .meta({ id: 'Problem' });

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
} as const;

export const timestamp = z.iso.datetime();
export const nullableTimestamp = timestamp.nullable();

/** Dates leave the API as ISO 8601 strings in UTC. */
export const iso = (date: Date) => date.toISOString();
export const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export const userRef = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
export const namedRef = z.object({ id: z.string(), key: z.string(), name: z.string() });

export const locale = z.enum(['zh-CN', 'en']);
