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
  },
});
