import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Unit tests sit beside their sources; cross-process tests live in test/ and run against the built app
// (`pnpm run build` first; `npm test` does that).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'sync-server/src/**/*.test.ts', 'test/bench/lib/**/*.test.ts'],
        },
      },
      {
        // State in *.svelte.ts files (runes) is compiled as in the app; `$lib` resolves as SvelteKit resolves it.
        plugins: [svelte()],
        resolve: { alias: { $lib: fileURLToPath(new URL('web/lib', import.meta.url)) } },
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
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each browser test starts its own server and Chromium; two cores run them best one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
