import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@unfurlkit/source'] },
  ssr: { resolve: { conditions: ['@unfurlkit/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on child processes, sockets and Chromium rather than compute: two workers on a 2-core
    // machine take the suite from ~8 to ~6 minutes (Vitest's default is one worker fewer than the cores).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
