import { defineConfig } from 'vitest/config';

// Unit tests sit beside their sources; cross-process tests live in test/. End-to-end tests in Chromium have
// their own config (test/e2e/vitest.config.ts) because they need a built app.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'sync-server/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'web',
          include: ['web/lib/**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
