/** The outcome of one demo call, as the runner observed it. */
export interface CallResult {
  /** Scenario step that made the call, e.g. 'plain' or '429 burst'. */
  step: string;
  ok: boolean;
  /** aiclient error code when the call failed. */
  code?: string;
  latencyMs: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** Aggregates printed in the summary table. */
export interface CallSummary {
  calls: number;
  succeeded: number;
  /** Failed calls per error code, most frequent first. */
  failuresByCode: [string, number][];
  p50Ms: number;
  p95Ms: number;
  inputTokens: number;
  outputTokens: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

/** Totals, outcomes by code and latency percentiles over a batch of calls. */
export function summarizeCalls(results: readonly CallResult[]): CallSummary {
  const failures = new Map<string, number>();
  let inputTokens = 0;
  let outputTokens = 0;
  for (const result of results) {
    inputTokens += result.inputTokens ?? 0;
    outputTokens += result.outputTokens ?? 0;
    if (!result.ok) {
      const code = result.code ?? 'unknown';
      failures.set(code, (failures.get(code) ?? 0) + 1);
    }
  }
  const latencies = results.map((result) => result.latencyMs);
  return {
    calls: results.length,
    succeeded: results.filter((result) => result.ok).length,
    failuresByCode: [...failures].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    inputTokens,
    outputTokens,
  };
}
