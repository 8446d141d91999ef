// The suite's harness, for other suites and one-off runs (the package is private).
export type { CallOutcome } from './call-outcome.ts';
export { callOutcome } from './call-outcome.ts';
export type { CanaryKey } from './canary-key.ts';
export { createCanaryKey } from './canary-key.ts';
export type { HostileAnswer, HostileInputReport } from './check-hostile-input.ts';
export { checkHostileInput } from './check-hostile-input.ts';
export type { ResourceCounts } from './check-leaks.ts';
export { activeResources, heapAfterGc, resourceLeaks, settledLeaks } from './check-leaks.ts';
export { runConfigFuzz } from './config-fuzz.ts';
export type { SoakClient, SoakClientOptions } from './create-soak-client.ts';
export { createSoakClient } from './create-soak-client.ts';
export type { FaultScale, FaultVariant } from './fault-mix.ts';
export {
  faultMix,
  faultVariants,
  isRecoverable,
  SOAK_SCALE,
  TEST_SCALE,
  TESTKIT_FAULT_TYPES,
} from './fault-mix.ts';
export type { SecretFinding } from './find-secret.ts';
export { findSecret, MIN_LEAK_LENGTH } from './find-secret.ts';
export { formatAbortStormReport, formatSoakReport } from './format-report.ts';
export type { PropertyResult, Redactors } from './redaction-properties.ts';
export { REAL_REDACTORS, runRedactionProperties } from './redaction-properties.ts';
export type { AbortStormOptions, AbortStormReport } from './run-abort-storm.ts';
export { ABORT_STORM_CLIENT, ABORT_STORM_FAULTS, runAbortStorm } from './run-abort-storm.ts';
export type { FaultSoakOptions, FaultSoakReport, SoakOperation } from './run-fault-soak.ts';
export { MIN_RECOVERABLE_SUCCESS_RATE, runFaultSoak, SOAK_CALL_HEADER } from './run-fault-soak.ts';
export type { RedisOutageOptions, RedisOutageReport, WorkerCounts } from './run-redis-outage.ts';
export { runRedisOutage } from './run-redis-outage.ts';
export type { MockControl } from './start-mock-process.ts';
export { controlOf, startMockProcess } from './start-mock-process.ts';
export { REDIS_MISSING, startRedis } from './start-redis.ts';
export type { SampleService } from './start-sample-service.ts';
export { sampleMainPath, startSampleService } from './start-sample-service.ts';
