// The benchmark suite's programmatic surface (the CLI is run-bench-cli.ts).
export type { CallRow, RoundSample } from './aggregate-rounds.ts';
export { aggregateRounds } from './aggregate-rounds.ts';
export type { BenchProfile } from './bench-profile.ts';
export { FULL_PROFILE, SMOKE_PROFILE } from './bench-profile.ts';
export type {
  BenchResults,
  ComponentRow,
  ImportRow,
  MemoryRow,
  NotRun,
  SideBySideRow,
  TargetRow,
} from './bench-results.ts';
export type { Contender, ContenderContext, ContenderFactory } from './contender.ts';
export type { ContenderEntry, ContenderId } from './contender-registry.ts';
export { BASELINE, CONTENDERS, isContenderId } from './contender-registry.ts';
export { evaluateTargets, MEMORY_NOISE_MIB } from './evaluate-targets.ts';
export type { MachineInfo } from './machine-info.ts';
export { machineInfo } from './machine-info.ts';
export type { CallCost, MeasureCallsOptions } from './measure-calls.ts';
export { measureCalls } from './measure-calls.ts';
export { measureImport } from './measure-import.ts';
export { median } from './median.ts';
export { percentile } from './percentile.ts';
export { renderMarkdown } from './render-markdown.ts';
export type { RunBenchOptions } from './run-bench.ts';
export { BENCH_KEYS, runBench } from './run-bench.ts';
export type { StartRedisOptions } from './start-redis.ts';
export { REDIS_NOT_INSTALLED, startRedis } from './start-redis.ts';
export { DOCS_END, DOCS_START, updateDocs } from './update-docs.ts';
