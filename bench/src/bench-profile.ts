import type { ContenderId } from './contender-registry.ts';
import type { PhaseSpec } from './worker-job.ts';

/** How much a run measures. */
export interface BenchProfile {
  readonly mode: 'full' | 'smoke';
  /** Interleaved rounds; every contender gets a fresh process in each. */
  readonly rounds: number;
  readonly contenders: readonly ContenderId[];
  readonly phases: readonly PhaseSpec[];
  /** Calls after which memory is read (first and last give the growth). */
  readonly memoryCheckpoints: readonly number[];
  readonly memoryContenders: readonly ContenderId[];
  /** Fresh-process imports per module. */
  readonly importRuns: number;
  readonly importModules: readonly string[];
  /** Requests of the testkit throughput measurement. */
  readonly serverLoadRequests: number;
  /** Start a redis-server for the Redis rows. */
  readonly redis: boolean;
  /** Timed operations of each cache-hit / rate-limit measurement. */
  readonly componentSamples: number;
  readonly clientCreationRuns: number;
  /** Alternations of the openai 6 / 7 side-by-side process. */
  readonly sideBySideRepeats: number;
  readonly sideBySidePhase: PhaseSpec;
}

const ALL_CONTENDERS: readonly ContenderId[] = [
  'raw-fetch',
  'openai',
  'openai-v6',
  'aiclient-off',
  'aiclient-telemetry',
  'aiclient-full',
  'vercel-ai',
  'langchain',
];

const IMPORT_MODULES = [
  'openai',
  '@aiclient/errors',
  '@aiclient/config',
  '@aiclient/telemetry',
  '@aiclient/testkit',
  '@aiclient/client',
];

/**
 * The full run: ~5-8 minutes on a 2-core machine. Each phase is bounded by a call count and by
 * time (whichever comes first), so a loaded machine makes fewer calls rather than a longer run;
 * a phase at 64 in flight still spans many GC cycles.
 */
export const FULL_PROFILE: BenchProfile = {
  mode: 'full',
  rounds: 5,
  contenders: ALL_CONTENDERS,
  phases: [
    { scenario: 'chat', concurrency: 1, calls: 400, warmup: 100, maxMs: 400, warmupMaxMs: 150 },
    { scenario: 'chat', concurrency: 64, calls: 4000, warmup: 800, maxMs: 700, warmupMaxMs: 250 },
    { scenario: 'stream', concurrency: 1, calls: 200, warmup: 60, maxMs: 400, warmupMaxMs: 150 },
    { scenario: 'stream', concurrency: 64, calls: 2000, warmup: 400, maxMs: 700, warmupMaxMs: 250 },
    { scenario: 'large', concurrency: 1, calls: 100, warmup: 20, maxMs: 400, warmupMaxMs: 150 },
    { scenario: 'large', concurrency: 64, calls: 600, warmup: 128, maxMs: 700, warmupMaxMs: 250 },
  ],
  memoryCheckpoints: [20_000, 60_000],
  memoryContenders: ['openai', 'aiclient-full'],
  importRuns: 7,
  importModules: IMPORT_MODULES,
  serverLoadRequests: 30_000,
  redis: true,
  componentSamples: 5_000,
  clientCreationRuns: 5,
  sideBySideRepeats: 3,
  sideBySidePhase: {
    scenario: 'chat',
    concurrency: 64,
    calls: 3000,
    warmup: 300,
    maxMs: 1500,
    warmupMaxMs: 300,
  },
};

/** The smoke run inside `npm test`: every piece once, a few dozen calls each, no Redis. */
export const SMOKE_PROFILE: BenchProfile = {
  mode: 'smoke',
  rounds: 1,
  contenders: ALL_CONTENDERS,
  phases: [
    { scenario: 'chat', concurrency: 1, calls: 10, warmup: 2 },
    { scenario: 'chat', concurrency: 64, calls: 64, warmup: 0 },
    { scenario: 'stream', concurrency: 1, calls: 5, warmup: 1 },
    { scenario: 'stream', concurrency: 64, calls: 64, warmup: 0 },
    { scenario: 'large', concurrency: 1, calls: 3, warmup: 1 },
    { scenario: 'large', concurrency: 64, calls: 64, warmup: 0 },
  ],
  memoryCheckpoints: [100, 300],
  memoryContenders: ['aiclient-full'],
  importRuns: 1,
  importModules: ['openai', '@aiclient/client'],
  serverLoadRequests: 500,
  redis: false,
  componentSamples: 50,
  clientCreationRuns: 1,
  sideBySideRepeats: 1,
  sideBySidePhase: { scenario: 'chat', concurrency: 8, calls: 20, warmup: 0 },
};
