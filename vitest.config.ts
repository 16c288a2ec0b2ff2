import { defineConfig } from 'vitest/config';

const integration = ['server/src/**/*.int.test.ts'];
// Crash, multi-process and outage tests: the built server as child processes, on PostgreSQL only.
const reliability = ['server/src/reliability/**/*.process.test.ts'];
const postgres = process.env.TEST_DATABASE_URL;

// `npm test`: unit tests, the integration suites on embedded PGlite, and the same integration suites
// on PostgreSQL when TEST_DATABASE_URL points at a server (each test file gets its own database).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['server/src/**/*.test.ts'],
          exclude: [...integration, ...reliability],
        },
      },
      { extends: true, test: { name: 'pglite', include: integration, env: { AFTERCARE_TEST_DB: 'pglite' } } },
      ...(postgres
        ? [
            {
              extends: true,
              test: { name: 'postgres', include: integration, env: { AFTERCARE_TEST_DB: 'postgres' } },
            },
            {
              extends: true,
              test: {
                name: 'reliability',
                include: reliability,
                env: { AFTERCARE_TEST_DB: 'postgres' },
                globalSetup: ['server/src/reliability/build.global-setup.ts'],
                testTimeout: 60_000,
                // Each file runs several server processes; one file at a time keeps 2 cores from thrashing.
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
