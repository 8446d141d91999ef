import { AIError, errorForCode } from '@aiclient/errors';
import type { Stage } from '../pipeline/stage';
import { acquireAttemptLease, applyAttemptCredentials } from './attempt-credentials';
import { classifyError, type Outcome } from './classify-outcome';
import type { KeyPool } from './key-pool';
import { currentTarget, setAttemptLease, triedKeys } from './resilience-call-state';

/** Dependencies of {@link keyPoolStage}. */
export interface KeyPoolStageOptions {
  /** The client's key pool (settings `apiKeys`, or a key provider). */
  pool: KeyPool | undefined;
  /** config's `keyId`. */
  fingerprint: (key: string) => string;
}

const KEY_OUTCOMES: ReadonlySet<Outcome['kind']> = new Set([
  'rate_limited',
  'quota_exhausted',
  'unauthorized',
]);

/**
 * Per attempt: puts the selected key (or the fallback target's own key) on the request, reports
 * the result to the pool (429 cools the key, `insufficient_quota` sets it aside, 401 revokes it)
 * and, when another healthy key remains, makes the failure retryable at once so the retry stage
 * moves to that key instead of waiting out this key's reset.
 */
export function keyPoolStage({ pool, fingerprint }: KeyPoolStageOptions): Stage {
  return {
    name: 'key-pool',
    async handle(ctx, next) {
      const target = currentTarget(ctx);
      const pending = acquireAttemptLease(ctx, pool);
      const lease = pending instanceof Promise ? await pending : pending;
      applyAttemptCredentials(ctx, target, lease, fingerprint);
      if (lease !== undefined) triedKeys(ctx).add(lease.keyId);
      const keyPool = target === undefined ? pool : target.pool;
      try {
        return await next(ctx);
      } catch (error) {
        if (lease === undefined || keyPool === undefined) throw error;
        const outcome = classifyError(error);
        if (!KEY_OUTCOMES.has(outcome.kind)) throw error;
        keyPool.report(lease.keyId, outcome);
        const another = keyPool
          .snapshot()
          .some((s) => s.status === 'healthy' && !triedKeys(ctx).has(s.keyId));
        if (!another || !AIError.isInstance(error)) throw error;
        // Same error, same code, but retryable with no wait: the next attempt uses another key.
        throw errorForCode(error.code, {
          message: error.message,
          context: { ...error.context, details: { ...error.context.details, switchedKey: true } },
          cause: error,
          retryable: true,
          retryAfterMs: 0,
        });
      } finally {
        lease?.release();
        setAttemptLease(ctx, undefined);
      }
    },
  };
}
