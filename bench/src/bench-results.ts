import type { CallRow } from './aggregate-rounds.ts';
import type { MachineInfo } from './machine-info.ts';
import type { ClientCreationResult, LatencySample, StoreKind } from './worker-job.ts';

/** A figure that could not be measured, and why. */
export interface NotRun {
  readonly notRun: string;
}

/** Cold import time of one module in a fresh process. */
export interface ImportRow {
  readonly module: string;
  readonly ms: number;
  /** Median over runs of this import / the `openai` import of the same run. */
  readonly ratioToOpenai: number;
  readonly runs: number;
}

/** Latency of one aiclient component in one store. */
export type ComponentRow = { readonly store: StoreKind; readonly what: string } & (
  | LatencySample
  | NotRun
);

/** Memory of a contender making many calls. */
export type MemoryRow = { readonly contender: string } & (
  | {
      readonly checkpoints: readonly {
        calls: number;
        rssMiB: number;
        heapUsedMiB: number;
        externalMiB: number;
        /** The time bound stopped the check before this checkpoint's call count. */
        truncated?: boolean;
      }[];
      /** RSS growth between the last two checkpoints (20,000 -> 60,000 calls in the full run). */
      readonly rssGrowthMiB: number;
      readonly heapGrowthMiB: number;
    }
  | NotRun
);

/** The openai 6 vs 7 investigation: both SDKs measured in one process, in both orders. */
export interface SideBySideRow {
  readonly order: string;
  readonly contender: string;
  readonly cpuUs: number;
  readonly minorFaults: number;
}

/** A target of the issue and whether this run met it. */
export interface TargetRow {
  readonly target: string;
  readonly measured: string;
  /** undefined when the figure is missing. */
  readonly met: boolean | undefined;
}

/** Everything one run produced (bench/results/latest.json). */
export interface BenchResults {
  readonly meta: {
    readonly mode: 'full' | 'smoke';
    readonly date: string;
    readonly command: string;
    readonly machine: MachineInfo;
    readonly pinned: boolean;
    readonly rounds: number;
    readonly durationS: number;
    readonly baseline: string;
  };
  readonly labels: Readonly<Record<string, string>>;
  readonly calls: readonly CallRow[];
  readonly failures: readonly { contender: string; round: number; error: string }[];
  readonly serverThroughput:
    | {
        readonly requestsPerSecond: number;
        readonly requestsPerCpuSecond: number;
        readonly requests: number;
      }
    | NotRun;
  readonly cacheHit: readonly ComponentRow[];
  readonly rateLimit: readonly ComponentRow[];
  readonly imports: readonly (ImportRow | ({ readonly module: string } & NotRun))[];
  readonly clientCreation: ClientCreationResult | NotRun;
  readonly memory: readonly MemoryRow[];
  readonly sideBySide: readonly SideBySideRow[] | NotRun;
  readonly targets: readonly TargetRow[];
}
