import type { CallContext, Stage } from '../pipeline/stage';
import { acquireAttemptLease } from './attempt-credentials';
import { estimateRequestTokens, type TokenCounter } from './estimate-request-tokens';
import type { KeyLease, KeyPool } from './key-pool';
import { loadTokenCounter, type TokenizerLoader } from './load-token-counter';
import { parseRemainingBudget } from './parse-rate-limit-headers';
import type { RateLimiter, RateLimitTicket } from './rate-limiter';
import { currentTarget, setAttemptLease } from './resilience-call-state';

/**
 * How prompt tokens are estimated for a TPM limit before the call: `characters` (characters / 4,
 * as OpenAI's own rate limiter estimates a request) or `tokenizer` (gpt-tokenizer's exact count,
 * loaded on first use; a conservative UTF-8 bytes / 3 with one warning when not installed).
 */
export type TokenEstimate = 'characters' | 'tokenizer';

/** Dependencies of {@link rateLimitStage}. */
export interface RateLimitStageOptions {
  limiter: RateLimiter;
  /** The client's key pool; the bucket is per key, so the key is chosen first. */
  pool: KeyPool | undefined;
  /** Output budget assumed when a request sets no `max_*tokens`. @default 256 */
  defaultMaxOutputTokens?: number;
  /** How prompt tokens are estimated (ignored when `count` is given). @default 'characters' */
  tokenEstimate?: TokenEstimate;
  /** Token counter of the prompt text; wins over `tokenEstimate`. */
  count?: TokenCounter;
  /** Imports the tokenizer of `tokenEstimate: 'tokenizer'`, for tests. @default import('gpt-tokenizer') */
  loadTokenizer?: TokenizerLoader;
  /** Called with the seconds a call queued (the `aiclient.rate_limit.wait` metric). */
  onWait?: (seconds: number, attributes: Record<string, string>) => void;
}

function usedTokens(ctx: CallContext): number | undefined {
  const usage = ctx.result.usage;
  if (usage === undefined) return undefined;
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
  return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}

/**
 * Per attempt: estimates the request's tokens (prompt characters / 4 by default, or counted with
 * gpt-tokenizer, + requested output), waits in the limiter's FIFO queue of the attempt's key and
 * model (a call that needs no wait is granted synchronously), then sends. The server's
 * `x-ratelimit-remaining-*` headers calibrate the bucket; the real usage reconciles the
 * reservation (at once for a buffered body, when the stream ends for SSE).
 */
export function rateLimitStage(options: RateLimitStageOptions): Stage {
  const { limiter, pool, defaultMaxOutputTokens = 256, tokenEstimate = 'characters' } = options;
  let count = options.count;
  const tokenizer = count === undefined && tokenEstimate === 'tokenizer';

  /**
   * Chooses the key first (buckets are per key), then waits for its bucket; if the key cooled
   * down meanwhile, the reservation goes back and another key's bucket is waited for instead.
   */
  async function reserve(ctx: CallContext, tokens: number): Promise<RateLimitTicket> {
    const target = currentTarget(ctx);
    for (let round = 0; ; round++) {
      const pending = acquireAttemptLease(ctx, pool);
      const lease = pending instanceof Promise ? await pending : pending;
      const bucket = bucketOf(ctx, lease);
      const cost = { requests: 1, tokens };
      let granted = limiter.tryAcquire(bucket, cost);
      if (granted === undefined) {
        try {
          granted = await limiter.acquire(bucket, cost, {
            signal: ctx.attempt?.signal ?? ctx.signal,
            deadlineAt: ctx.deadlineAt,
          });
        } catch (error) {
          // The key stage will not run for this attempt: give the key back now.
          lease?.release();
          setAttemptLease(ctx, undefined);
          throw error;
        }
      }
      const keyPool = target === undefined ? pool : target.pool;
      const stale =
        lease !== undefined &&
        keyPool !== undefined &&
        round < 2 &&
        !keyPool.isHealthy(lease.keyId);
      if (!stale) return granted;
      // The reservation on the stale key's bucket is returned unused.
      granted.finish();
      await granted.release();
      lease.release();
      setAttemptLease(ctx, undefined);
    }
  }

  return {
    name: 'rate-limit',
    async handle(ctx, next) {
      if (!limiter.enabled || ctx.request.method !== 'POST') return next(ctx);
      // Without a token limit no estimate is needed at all (nor the tokenizer, seconds to load).
      if (tokenizer && limiter.limitsTokens) {
        count ??= await loadTokenCounter({
          logger: ctx.logger,
          ...(options.loadTokenizer === undefined ? {} : { load: options.loadTokenizer }),
        });
      }
      const tokens = limiter.limitsTokens
        ? estimateRequestTokens(ctx.request.json, {
            defaultMaxOutputTokens,
            ...(count === undefined ? {} : { count }),
          })
        : 0;
      const ticket = await reserve(ctx, tokens);
      if (ticket.throttled) {
        options.onWait?.(ticket.waitedMs / 1000, {
          'gen_ai.request.model': ctx.model ?? 'default',
        });
      }
      let response: Response;
      try {
        response = await next(ctx);
      } catch (error) {
        ticket.finish();
        throw error;
      }
      const remaining = parseRemainingBudget(response.headers);
      if (remaining === undefined) ticket.finish();
      else void ticket.calibrate(remaining);
      if (ctx.settlesWithBody) {
        ctx.onSettled(() => {
          void ticket.reconcile(usedTokens(ctx));
        });
      } else {
        void ticket.reconcile(usedTokens(ctx));
      }
      return response;
    },
  };
}

/** A bucket per key and model, as the API counts; a foreign endpoint has its own. */
function bucketOf(ctx: CallContext, lease: KeyLease | undefined): string {
  const target = currentTarget(ctx);
  const keyId = lease?.keyId ?? ctx.attempt?.keyId ?? 'anonymous';
  const model = ctx.model ?? 'default';
  return target?.foreign === true ? `${target.name}:${keyId}:${model}` : `${keyId}:${model}`;
}
