import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.ts';

// The smoke run spawns a server, workers and cold-start probes: give it more room than a unit test.
export default mergeConfig(sharedTestConfig, defineConfig({ test: { testTimeout: 90_000 } }));
