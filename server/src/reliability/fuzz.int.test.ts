import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAdmin, startTestApp, type TestApp } from '../test/harness.js';
import {
  bodyFor,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  parameterFor,
} from './openapi-arbitraries.js';

// Generated requests to every operation of the OpenAPI document, as an administrator and anonymously:
// shaped right, broken in places, or hostile throughout. None may make the server answer 5xx, and every
// refusal is a problem+json body with a code. AFTERCARE_FUZZ_RUNS sets the runs per operation and
// caller; AFTERCARE_FUZZ_SEED replays a failing run.
const RUNS = Number(process.env.AFTERCARE_FUZZ_RUNS ?? 10);
const SEED = Number(process.env.AFTERCARE_FUZZ_SEED ?? Date.now() % 2 ** 31);

// Not fuzzed, each for a reason: signing out ends the session the other requests use; the live stream
// never ends; the mailbox connection test dials whatever host it is given.
const SKIPPED = new Set([
  'POST /api/v1/auth/sign-out',
  'GET /api/v1/notifications/stream',
  'POST /api/v1/mailboxes/connection-test',
]);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

let t: TestApp;
let admin: Session;
let doc: OpenApiDocument;

beforeAll(async () => {
  t = await startTestApp({
    AFTERCARE_PUBLIC_FORM_RATE_PER_MINUTE: '10000',
    AFTERCARE_LOGIN_RATE_PER_MINUTE: '10000',
  });
  admin = await signInAdmin(t.app);
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDocument;
});
afterAll(async () => {
  await t.close();
});

interface Generated {
  url: string;
  body: unknown;
}

function requestsFor(operation: Operation, runs: number, seed: number): Generated[] {
  const path = fc.record(
    Object.fromEntries(operation.pathParams.map((p) => [p.name, parameterFor(doc, p.schema)])),
  );
  const query = fc.record(
    Object.fromEntries(operation.query.map((q) => [q.name, parameterFor(doc, q.schema)])),
    { requiredKeys: operation.query.filter((q) => q.required).map((q) => q.name) },
  );
  const body = operation.body ? bodyFor(doc, operation.body) : fc.constant(undefined);
  return fc.sample(
    fc.tuple(path, query, body).map(([params, search, payload]) => {
      const filled = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        // A lone surrogate cannot be percent-encoded; the server would never see one in a path anyway.
        encodeURIComponent(
          String((params as Record<string, string>)[name] ?? '').replace(LONE_SURROGATE, '\uFFFD'),
        ),
      );
      const qs = new URLSearchParams(search as Record<string, string>).toString();
      return { url: qs ? `${filled}?${qs}` : filled, body: payload };
    }),
    { numRuns: runs, seed },
  );
}

interface Failure {
  operation: string;
  caller: string;
  status: number;
  reason: string;
  url: string;
  body: string;
}

describe('input fuzzing of every operation in the OpenAPI document', () => {
  it('answers generated requests without a 5xx, refusing with problem+json', async () => {
    const operations = operationsOf(doc).filter((op) => !SKIPPED.has(`${op.method} ${op.path}`));
    expect(operations.length).toBeGreaterThan(100);
    const failures: Failure[] = [];
    let sent = 0;
    for (const [index, operation] of operations.entries()) {
      for (const caller of ['administrator', 'anonymous'] as const) {
        const runs = caller === 'administrator' ? RUNS : Math.max(1, Math.ceil(RUNS / 4));
        for (const generated of requestsFor(operation, runs, SEED + index)) {
          const headers: Record<string, string> =
            caller === 'administrator' ? { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } : {};
          const payload = generated.body === undefined ? undefined : JSON.stringify(generated.body);
          if (payload !== undefined) headers['content-type'] = 'application/json';
          const response = await t.app.inject({
            method: operation.method as 'GET',
            url: generated.url,
            headers,
            ...(payload === undefined ? {} : { payload }),
          });
          sent += 1;
          const problem = () => {
            if (response.statusCode >= 500) return `status ${response.statusCode}`;
            if (response.statusCode < 400) return undefined;
            if (!String(response.headers['content-type']).startsWith('application/problem+json'))
              return `content-type ${response.headers['content-type']}`;
            const code = (response.json() as { code?: unknown }).code;
            return typeof code === 'string' && code.length > 0 ? undefined : 'no code';
          };
          const reason = problem();
          if (reason) {
            failures.push({
              operation: `${operation.method} ${operation.path}`,
              caller,
              status: response.statusCode,
              reason,
              url: generated.url.slice(0, 300),
              body: (payload ?? '').slice(0, 1500),
            });
          }
        }
        // A request that signed the administrator out (or locked them) would blind the rest of the run.
        if (
          caller === 'administrator' &&
          (await admin.request('GET', '/api/v1/auth/me')).statusCode !== 200
        ) {
          admin = await signInAdmin(t.app);
        }
      }
    }
    expect(sent).toBeGreaterThan(operations.length * RUNS);
    expect({ seed: SEED, failures: failures.slice(0, 40), total: failures.length }).toEqual({
      seed: SEED,
      failures: [],
      total: 0,
    });
  }, 180_000);
});
