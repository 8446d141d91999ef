import type { ContenderContext } from './contender.ts';
import type { ContenderId } from './contender-registry.ts';
import type { CallCost } from './measure-calls.ts';

/** A measured call shape. */
export type Scenario = 'chat' | 'stream' | 'large';

/** One measured batch inside a worker. */
export interface PhaseSpec {
  readonly scenario: Scenario;
  readonly concurrency: number;
  /** Most calls measured. */
  readonly calls: number;
  /** Most warm-up calls. */
  readonly warmup: number;
  /** Time bound of the measured calls (calls in flight finish). */
  readonly maxMs?: number;
  /** Time bound of the warm-up. */
  readonly warmupMaxMs?: number;
  /** Calls measured whatever the time bound (a starved machine still gets a figure). */
  readonly minCalls?: number;
  /** Warm-up calls made whatever the time bound. */
  readonly minWarmup?: number;
}

/** A batch with what it cost. */
export type PhaseResult = PhaseSpec & CallCost;

/** Resident memory read after a forced GC once a number of calls had completed. */
export interface MemoryCheckpoint {
  readonly calls: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Memory of C++ objects bound to JS ones, ArrayBuffers included (undici, Buffers). */
  readonly externalBytes: number;
  /** The time bound ended the check before this checkpoint's call count was reached. */
  readonly truncated?: boolean;
}

/** Latency distribution of one operation, in microseconds. */
export interface LatencySample {
  readonly samples: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly meanUs: number;
}

/** Where an aiclient component keeps its state in a measurement. */
export type StoreKind = 'memory' | 'redis';

/** What a worker process is asked to do (passed as JSON on its command line). */
export type WorkerJob =
  | {
      readonly kind: 'calls';
      readonly contender: ContenderId;
      readonly context: ContenderContext;
      readonly phases: readonly PhaseSpec[];
    }
  | {
      readonly kind: 'memory';
      readonly contender: ContenderId;
      readonly context: ContenderContext;
      readonly checkpoints: readonly number[];
      readonly concurrency: number;
      readonly maxMs?: number;
    }
  | {
      readonly kind: 'cache-hit';
      readonly context: ContenderContext;
      readonly store: StoreKind;
      readonly samples: number;
    }
  | {
      readonly kind: 'rate-limit';
      readonly context: ContenderContext;
      readonly store: StoreKind;
      readonly samples: number;
    }
  | { readonly kind: 'client-creation'; readonly context: ContenderContext }
  | {
      readonly kind: 'side-by-side';
      /** Measured alternately in this one process, in this order, `repeats` times. */
      readonly contenders: readonly ContenderId[];
      readonly context: ContenderContext;
      readonly phase: PhaseSpec;
      readonly repeats: number;
    }
  | {
      readonly kind: 'server-load';
      readonly baseURL: string;
      readonly apiKey: string;
      readonly requests: number;
      readonly concurrency: number;
      readonly maxMs?: number;
    };

/** Result of a `server-load` job, seen from the load generator. */
export interface ServerLoadResult {
  readonly requests: number;
  readonly wallMs: number;
}

/** Result of a `client-creation` job. */
export interface ClientCreationResult {
  /** First `getOpenAIClient()` of the process: settings, pipeline and SDK instance built. */
  readonly firstMs: number;
  /** A repeated call with the same settings (the shared instance). */
  readonly cachedUs: number;
}

/** One measurement of a `cache-hit` or `rate-limit` job: its latency, or why it did not run. */
export interface ComponentLatencyResult {
  /** What was timed, in words, for the table. */
  readonly what: string;
  readonly latency?: LatencySample;
  readonly notRun?: string;
}

/** One measurement of a `side-by-side` job. */
export interface SideBySideSample {
  readonly contender: ContenderId;
  readonly repeat: number;
  readonly cpuUs: number;
  readonly minorFaults: number;
}

/** What a worker prints as its one JSON line. */
export type WorkerOutput =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: string };
