import type { AbortStormReport } from './run-abort-storm.ts';
import type { FaultSoakReport } from './run-fault-soak.ts';

/** Leak figures measured around a soak. */
export interface LeakFigures {
  /** Resources left beyond the baseline, by type (empty: none). */
  leaks: Record<string, number>;
  /** Heap after GC minus heap after GC at the end of the warm-up. */
  heapGrowthBytes: number;
}

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${v}`).join(', ');
}

const percent = (value: number): string => `${(value * 100).toFixed(2)}%`;

/** The soak's counts as the few plain lines CI logs show. */
export function formatSoakReport(report: FaultSoakReport, leaks?: LeakFigures): string {
  const lines = [
    `fault soak: ${report.calls} calls (chat ${report.byOperation.chat}, stream ${report.byOperation.stream}, embeddings ${report.byOperation.embeddings}) in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  faults injected by kind: ${counts(report.faultsByKind)}`,
    `  outcomes by code: ${counts(report.outcomesByCode)}`,
    `  success rate: ${percent(report.successRate)} of all calls; ${percent(report.recoverableSuccessRate)} of the ${report.recoverableCalls} calls whose faults were recoverable`,
    `  server requests: ${report.serverRequests} (most for one call: ${report.maxRequestsSeenForOneCall}); calls over the policy's attempts: ${report.retryStormCalls}`,
    `  late calls: ${report.lateCalls} (by wall clock: ${report.lateByWallClock}; slowest ${report.maxElapsedMs} ms; event-loop delay p99 ${report.eventLoopDelayP99Ms} ms, max ${report.eventLoopDelayMaxMs} ms); hung: ${report.hungCalls}`,
    `  unregistered errors: ${report.unregisteredErrors.length}; unhandled rejections: ${report.unhandledRejections}; uncaught exceptions: ${report.uncaughtExceptions}`,
  ];
  if (leaks !== undefined) {
    const found = Object.values(leaks.leaks).reduce((sum, n) => sum + n, 0);
    lines.push(
      `  leaks found = ${found}${found === 0 ? '' : ` (${counts(leaks.leaks)})`}; heap growth after GC ${(leaks.heapGrowthBytes / 1024 / 1024).toFixed(2)} MB`,
    );
  }
  for (const violation of report.violations) lines.push(`  VIOLATION: ${violation}`);
  return lines.join('\n');
}

/** The abort storm's counts as plain lines. */
export function formatAbortStormReport(report: AbortStormReport): string {
  const lines = [
    `abort storm: ${report.calls} calls (${report.streamed} streamed, ${report.abortedMidStream} of them aborted after their first chunk) in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  aborted error (AI-API-013): ${report.aborted}; other outcomes: ${counts(report.otherOutcomes)}`,
    `  settled more than 50 ms after abort: ${report.slowSettlements} (by wall clock, loop delay included: ${report.slowByWallClock}; slowest ${report.maxSettleMs} ms)`,
    `  connections opened ${report.connectionsOpened}, still open ${report.openConnections} (all closed ${report.allClosedAfterMs} ms after the last settlement)`,
  ];
  for (const violation of report.violations) lines.push(`  VIOLATION: ${violation}`);
  return lines.join('\n');
}
