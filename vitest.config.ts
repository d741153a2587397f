import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@tracehub\/core$/, replacement: fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)) },
      { find: /^@tracehub\/core\/otlp-proto$/, replacement: fileURLToPath(new URL('./packages/core/src/otlp/otlp-trace-proto.ts', import.meta.url)) },
      { find: /^@tracehub\/core\/otlp-metrics-proto$/, replacement: fileURLToPath(new URL('./packages/core/src/otlp/otlp-metrics-proto.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'packages/web/e2e/**/*.test.ts'],
    globalSetup: ['./packages/server/src/storage/testing/postgres-global-setup.ts', './packages/sdk/scripts/copy-core-retry.mjs'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default in run mode is one worker less than the cores (one on a 2-core CI machine); most
    // files wait on child processes (the CLI, servers, Chromium), so two workers use the cores better.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
