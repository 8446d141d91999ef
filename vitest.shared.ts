import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings. Each package writes `.test-results.json` so the root runner can
 * total passed/failed across packages (CI reads one plain "N passed, N failed" line).
 */
export const sharedTestConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.test-results.json' }]],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
