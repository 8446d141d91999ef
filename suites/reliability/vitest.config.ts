import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// Each file drives a server and hundreds of calls on a shared 2-core machine: give a file room,
// but keep every one bounded well under 30 s of its own time budget.
export default mergeConfig(
  sharedTestConfig,
  defineConfig({ test: { testTimeout: 60_000, hookTimeout: 30_000, fileParallelism: false } }),
);
