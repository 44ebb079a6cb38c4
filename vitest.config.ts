import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const alias = { '@parley/contracts': fileURLToPath(new URL('./packages/contracts/src/index.ts', import.meta.url)) };
const serverTests = ['apps/server/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'];
const globalSetup = ['apps/server/src/testing/global-setup.ts'];
// Suites that never touch the database run once, on the embedded project only.
const engineFree = [
  'apps/server/src/cli.test.ts',
  'apps/server/src/config.test.ts',
  'apps/server/src/platform/db/lock-file.test.ts',
  'apps/server/src/platform/db/group-commit.test.ts',
  'apps/server/src/platform/excel/**',
  'apps/server/src/modules/channels/whatsapp/wire/**',
  'apps/server/src/modules/channels/whatsapp/fake-graph/**',
  'apps/server/src/modules/contacts/lib/**',
  'apps/server/src/modules/channels/telegram/wire/**',
  'apps/server/src/modules/channels/telegram/fake-telegram/**',
  'apps/server/src/modules/channels/telegram/normalize.test.ts',
  'apps/server/src/modules/bot/engine/**',
  'apps/server/src/modules/bot/external/address-guard.test.ts',
  'apps/server/src/modules/bot/external/protocol.test.ts',
  'apps/server/src/modules/campaigns/templates/variables.test.ts',
  'apps/server/src/modules/campaigns/templates/meta-mapping.test.ts',
];
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);

// One run: every suite on the embedded engine; the database suites again on PostgreSQL when
// TEST_DATABASE_URL is set; the browser journeys last (they skip, loudly, when Chromium is absent).
// Projects do not inherit the root's test options, so each one states its timeouts (a loaded 2-core CI
// machine starts a server and a browser slower than the 10 s default allows).
const timeouts = { testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'pglite', include: serverTests, globalSetup, env: { PARLEY_TEST_ENGINE: 'pglite' }, ...timeouts },
      },
      ...(withPostgres
        ? [
            {
              resolve: { alias },
              test: {
                name: 'postgres',
                include: serverTests,
                exclude: engineFree,
                globalSetup,
                env: { PARLEY_TEST_ENGINE: 'postgres' },
                ...timeouts,
              },
            },
          ]
        : []),
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup,
          env: { PARLEY_TEST_ENGINE: 'pglite' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
