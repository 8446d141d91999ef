import type { ContenderId } from './contender-registry.ts';
import type { PhaseSpec } from './worker-job.ts';

/** How much a run measures. */
export interface BenchProfile {
  readonly mode: 'full' | 'smoke';
  /** Interleaved rounds; every contender gets a fresh process in each. */
  readonly rounds: number;
  /**
   * Worker processes at once. 1 for real figures (nothing else runs beside a measurement); the
   * smoke run uses more, as only its shape is checked.
   */
  readonly parallel: number;
  readonly contenders: readonly ContenderId[];
  readonly phases: readonly PhaseSpec[];
  /** Calls after which memory is read (0 = before the first); the last two give the growth. */
  readonly memoryCheckpoints: readonly number[];
  readonly memoryContenders: readonly ContenderId[];
  /** Time bound of each memory check; a throttled client is read where it got to. */
  readonly memoryMaxMs: number;
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

/** A sequential phase of the full run: up to `calls`, at least 30, ~0.4 s when the machine is busy. */
function sequential(scenario: PhaseSpec['scenario'], calls: number): PhaseSpec {
  return {
    scenario,
    concurrency: 1,
    calls,
    warmup: 50,
    maxMs: 400,
    warmupMaxMs: 150,
    minCalls: 30,
    minWarmup: 10,
  };
}

/**
 * A phase at 64 in flight: up to `calls`, at least `minCalls` (a few per lane), ~1.5 s (young
 * generation collections of 20-40 ms every ~0.35 s and a full one every 1-2 s make shorter
 * windows lumpy), after a warm-up of up to `warmupMs`. The warm-up is long on purpose: every
 * client's CPU per call falls by 40-60% over its first ~2,000 calls in a process (JIT tiers,
 * heap sizing, pools), and the larger a client's code path the longer it takes to settle; a
 * short warm-up measured that transient instead of what a long-running service pays per call.
 */
function inFlight(
  scenario: PhaseSpec['scenario'],
  calls: number,
  minCalls: number,
  warmupMs: number,
): PhaseSpec {
  return {
    scenario,
    concurrency: 64,
    calls,
    warmup: calls * 2,
    maxMs: 1_500,
    warmupMaxMs: warmupMs,
    minCalls,
    minWarmup: 64,
  };
}

/**
 * The full run: ~9-11 minutes on a 2-core machine. Each phase is bounded by a call count and by
 * time (whichever comes first, above a floor of calls), so a loaded machine makes fewer calls
 * rather than a much longer run; a phase at 64 in flight still spans many GC cycles.
 */
export const FULL_PROFILE: BenchProfile = {
  mode: 'full',
  rounds: 4,
  parallel: 1,
  contenders: ALL_CONTENDERS,
  phases: [
    sequential('chat', 300),
    // The first in-flight phase warms the code every scenario shares (the client, the pipeline,
    // the HTTP stack); the later ones settle their own paths (SSE parsing, large bodies).
    inFlight('chat', 3000, 256, 2_500),
    sequential('stream', 200),
    inFlight('stream', 2000, 256, 1_500),
    sequential('large', 100),
    inFlight('large', 600, 128, 1_000),
  ],
  memoryCheckpoints: [0, 20_000, 60_000],
  // The leak check is about aiclient: its pipeline with telemetry, and with everything on.
  memoryContenders: ['aiclient-telemetry', 'aiclient-full'],
  memoryMaxMs: 150_000,
  importRuns: 7,
  importModules: IMPORT_MODULES,
  serverLoadRequests: 30_000,
  redis: true,
  componentSamples: 5_000,
  clientCreationRuns: 5,
  sideBySideRepeats: 3,
  sideBySidePhase: inFlight('chat', 3000, 512, 1_500),
};

/** The smoke run inside `npm test`: every piece once, a few dozen calls each, no Redis. */
export const SMOKE_PROFILE: BenchProfile = {
  mode: 'smoke',
  rounds: 1,
  parallel: 4,
  contenders: ALL_CONTENDERS,
  phases: [
    { scenario: 'chat', concurrency: 1, calls: 10, warmup: 2 },
    { scenario: 'chat', concurrency: 64, calls: 64, warmup: 0 },
    { scenario: 'stream', concurrency: 1, calls: 5, warmup: 1 },
    { scenario: 'stream', concurrency: 64, calls: 64, warmup: 0 },
    { scenario: 'large', concurrency: 1, calls: 3, warmup: 1 },
    { scenario: 'large', concurrency: 64, calls: 64, warmup: 0 },
  ],
  memoryCheckpoints: [0, 100, 300],
  memoryContenders: ['aiclient-full'],
  memoryMaxMs: 30_000,
  importRuns: 1,
  importModules: ['openai', '@aiclient/client'],
  serverLoadRequests: 500,
  redis: false,
  componentSamples: 50,
  clientCreationRuns: 1,
  sideBySideRepeats: 1,
  sideBySidePhase: { scenario: 'chat', concurrency: 8, calls: 20, warmup: 0 },
};
