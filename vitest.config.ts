import { defineConfig } from 'vitest/config';

const integration = ['server/src/**/*.int.test.ts'];
const postgres = process.env.TEST_DATABASE_URL;

// `npm test`: unit tests, the integration suites on embedded PGlite, and the same integration suites
// on PostgreSQL when TEST_DATABASE_URL points at a server (each test file gets its own database).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['server/src/**/*.test.ts'], exclude: integration } },
      { extends: true, test: { name: 'pglite', include: integration, env: { AFTERCARE_TEST_DB: 'pglite' } } },
      ...(postgres
        ? [
            {
              extends: true,
              test: { name: 'postgres', include: integration, env: { AFTERCARE_TEST_DB: 'postgres' } },
            },
          ]
        : []),
    ],
  },
});
