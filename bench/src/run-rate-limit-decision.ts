import type { ContenderContext } from './contender.ts';
import { timeOperation } from './time-operation.ts';
import type { ComponentLatencyResult, StoreKind } from './worker-job.ts';

/** Options of {@link runRateLimitDecision}. */
export interface RunRateLimitDecisionOptions {
  readonly context: ContenderContext;
  readonly store: StoreKind;
  readonly samples: number;
}

/**
 * Cost of one client-side rate limiter decision as the rate-limit stage makes it for every call:
 * reserve the request and its estimated tokens in the bucket (never waiting: the limits are
 * generous), then reconcile with the real token count. In memory or through Redis (Lua scripts).
 */
export async function runRateLimitDecision({
  context,
  store,
  samples,
}: RunRateLimitDecisionOptions): Promise<ComponentLatencyResult[]> {
  const { createStateStore, RateLimiter } = await import('@aiclient/client');
  const redisUrl = store === 'redis' ? context.redisUrl : undefined;
  const state = await createStateStore(redisUrl === undefined ? {} : { redisUrl });
  try {
    const limiter = new RateLimiter(
      { requestsPerWindow: 1_000_000_000, tokensPerWindow: 1_000_000_000_000 },
      { store: state },
    );
    const latency = await timeOperation(
      async () => {
        const ticket = await limiter.acquire(`bench:${context.model}`, {
          requests: 1,
          tokens: 120,
        });
        await ticket.reconcile(100);
      },
      { samples },
    );
    return [{ what: 'acquire (reserve request + tokens) and reconcile', latency }];
  } finally {
    await state.close();
  }
}
