import type { ContenderContext } from './contender.ts';
import type { ComponentLatencyResult, StoreKind } from './worker-job.ts';

/** Options of {@link runRateLimitDecision}. */
export interface RunRateLimitDecisionOptions {
  readonly context: ContenderContext;
  readonly store: StoreKind;
  readonly samples: number;
}

/** Latency of one client-side rate limiter decision (reserve + reconcile), in memory or Redis. */
export async function runRateLimitDecision(
  _options: RunRateLimitDecisionOptions,
): Promise<ComponentLatencyResult> {
  throw new Error('@aiclient/client does not export its rate limiter yet');
}
