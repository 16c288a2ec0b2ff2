import fc from 'fast-check';

/** Just enough of an OpenAPI 3.1 document to walk its operations and their schemas. */
export type JsonSchema = { [key: string]: unknown };
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
export interface OpenApiOperation {
  parameters?: {
    in: 'path' | 'query' | 'header' | 'cookie';
    name: string;
    required?: boolean;
    schema?: JsonSchema;
  }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface Operation {
  method: string;
  /** The OpenAPI path, `/api/v1/tickets/{id}`. */
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | undefined;
  /** The body is multipart only (uploads); JSON bodies are refused there. */
  multipart: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} })),
        body: content['application/json']?.schema,
        multipart: !content['application/json'] && Boolean(content['multipart/form-data']),
      });
    }
  }
  return operations;
}

const MAX_DEPTH = 6;

/** Values shaped like the schema says: what a correct client could send. */
export function validShaped(doc: OpenApiDocument, schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    return validShaped(doc, doc.components?.schemas?.[name] ?? {}, depth + 1);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const choices = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(choices) && choices.length > 0) {
    return fc.oneof(...choices.map((choice) => validShaped(doc, choice, depth + 1)));
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    return validShaped(doc, schema.allOf[0] as JsonSchema, depth + 1);
  }
  const type = schema.type;
  if (Array.isArray(type)) {
    return fc.oneof(...type.map((t) => validShaped(doc, { ...schema, type: t }, depth + 1)));
  }
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'integer': {
      const min = Math.max(Number(schema.minimum ?? -1_000_000), -1_000_000_000);
      const max = Math.min(Number(schema.maximum ?? 1_000_000), 1_000_000_000);
      return fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) });
    }
    case 'number': {
      const min = Math.max(Number(schema.minimum ?? -1e6), -1e9);
      const max = Math.min(Number(schema.maximum ?? 1e6), 1e9);
      return fc.double({ min, max: Math.max(min, max), noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items as JsonSchema | undefined) ?? {};
      const minLength = Math.min(Number(schema.minItems ?? 0), 3);
      return fc.array(validShaped(doc, items, depth + 1), {
        minLength,
        maxLength: Math.max(minLength, Math.min(Number(schema.maxItems ?? 3), 3)),
      });
    }
    case 'object':
      return objectFor(doc, schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'date-time':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString());
    case 'date':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
  }
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Math.max(minLength, Math.min(Number(schema.maxLength ?? 40), 60));
  if (typeof schema.pattern === 'string') {
    try {
      const pattern = new RegExp(schema.pattern);
      return fc.stringMatching(pattern).filter((value) => value.length >= minLength && value.length <= 2000);
    } catch {
      // A pattern JavaScript cannot compile: fall through to plain strings.
    }
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function objectFor(doc: OpenApiDocument, schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = (schema.required as string[] | undefined) ?? [];
  const additional = schema.additionalProperties;
  const record = fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, validShaped(doc, value, depth + 1)]),
    ),
    { requiredKeys: required.filter((key) => key in properties) },
  );
  if (additional && typeof additional === 'object' && Object.keys(properties).length === 0) {
    const keys = (schema.propertyNames as JsonSchema | undefined) ?? { type: 'string', maxLength: 20 };
    return fc.dictionary(
      validShaped(doc, keys, depth + 1).map(String),
      validShaped(doc, additional as JsonSchema, depth + 1),
      { maxKeys: 3 },
    );
  }
  return record;
}

function nested(levels: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < levels; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

/** What a hostile or broken client sends: wrong types, huge and odd strings, nulls, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 2 ** 31, -(2 ** 31) - 1, 0.1),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '𠮷'.repeat(2000),
    'x'.repeat(100_000),
    "'; DROP TABLE tickets; --",
    '../../../../etc/passwd',
    '%00',
    '%',
    '\\',
    '$' + '{jndi:ldap://x}',
    '<script>alert(1)</script>',
    '9999-99-99',
    '2026-02-30T25:61:00Z',
    '0000-00-00',
    '-1',
    'NaN',
    'Infinity',
    '00000000-0000-0000-0000-000000000000',
    'P0',
    'P99',
    'true',
    '[]',
    '{}',
  ),
  fc.constant([]),
  fc.constant({}),
  fc.constant(nested(2000)),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.string(), { minLength: 200, maxLength: 300 }),
);

type Mutation = { kind: 'replace' | 'extra' | 'drop'; at: number; value: unknown };

function pathsOf(value: unknown, prefix: (string | number)[] = [], into: (string | number)[][] = []) {
  into.push(prefix);
  if (prefix.length > 6) return into;
  if (Array.isArray(value)) for (const [i, item] of value.entries()) pathsOf(item, [...prefix, i], into);
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], into);
  return into;
}

/** Applies `change` to the container holding `path`'s last key, copying only the containers on the path. */
function updateAt(
  value: unknown,
  path: (string | number)[],
  change: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  const [key, ...rest] = path;
  if (rest.length === 0) change(copy, key!);
  else copy[key!] = updateAt(copy[key!], rest, change);
  return copy;
}

function mutate(root: unknown, mutation: Mutation): unknown {
  const paths = pathsOf(root);
  const path = paths[mutation.at % paths.length]!;
  if (path.length === 0) {
    if (mutation.kind === 'extra' && root && typeof root === 'object' && !Array.isArray(root))
      return { ...root, [`unexpected_${mutation.at}`]: mutation.value };
    return mutation.kind === 'drop' ? undefined : mutation.value;
  }
  return updateAt(root, path, (parent, last) => {
    if (mutation.kind === 'drop') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (mutation.kind === 'extra' && !Array.isArray(parent)) {
      parent[`${String(last)}_extra`] = mutation.value;
    } else {
      parent[last] = mutation.value;
    }
  });
}

/** A body for `schema`: shaped right, or shaped right and then broken in a few places. */
export function bodyFor(doc: OpenApiDocument, schema: JsonSchema): fc.Arbitrary<unknown> {
  const mutation = fc.record({
    kind: fc.constantFrom<Mutation['kind']>('replace', 'extra', 'drop'),
    at: fc.nat(),
    value: hostileValue,
  });
  return fc.oneof(
    { weight: 2, arbitrary: validShaped(doc, schema) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(validShaped(doc, schema), fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([value, mutations]) => mutations.reduce(mutate, value)),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** A path or query value: shaped like its schema, or anything at all. */
export function parameterFor(doc: OpenApiDocument, schema: JsonSchema): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 3, arbitrary: validShaped(doc, schema) },
      { weight: 1, arbitrary: hostileValue.filter((value) => typeof value !== 'object' || value === null) },
    )
    .map((value) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? '')));
}
