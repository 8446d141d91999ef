import type { CallContext, Stage } from '../pipeline/stage';
import { acquireAttemptLease } from './attempt-credentials';
import { estimateRequestTokens, type TokenCounter } from './estimate-request-tokens';
import type { KeyPool } from './key-pool';
import { loadTokenCounter, type TokenizerLoader } from './load-token-counter';
import { parseRateLimitHeaders } from './parse-rate-limit-headers';
import type { RateLimiter, RateLimitTicket } from './rate-limiter';
import { currentTarget, setAttemptLease } from './resilience-call-state';

/** Dependencies of {@link rateLimitStage}. */
export interface RateLimitStageOptions {
  limiter: RateLimiter;
  /** The client's key pool; the bucket is per key, so the key is chosen first. */
  pool: KeyPool | undefined;
  /** Output budget assumed when a request sets no `max_*tokens`. @default 256 */
  defaultMaxOutputTokens?: number;
  /**
   * Token counter. @default gpt-tokenizer, loaded on first use (a conservative estimate, with
   * one warning, when it is not installed)
   */
  count?: TokenCounter;
  /** Imports the tokenizer, for tests. @default import('gpt-tokenizer') */
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
 * Per attempt: estimates the request's tokens (prompt with gpt-tokenizer, or a conservative
 * estimate without it, + requested output),
 * waits in the limiter's FIFO queue of the attempt's key and model, then sends. The server's
 * `x-ratelimit-remaining-*` headers calibrate the bucket; the real usage reconciles the
 * reservation (at once for a buffered body, when the stream ends for SSE).
 */
export function rateLimitStage(options: RateLimitStageOptions): Stage {
  const { limiter, pool, defaultMaxOutputTokens = 256 } = options;
  let count = options.count;

  /**
   * Chooses the key first (buckets are per key), then waits for its bucket; if the key cooled
   * down meanwhile, the reservation goes back and another key's bucket is waited for instead.
   */
  async function reserve(ctx: CallContext, tokens: number): Promise<RateLimitTicket> {
    const target = currentTarget(ctx);
    for (let round = 0; ; round++) {
      const lease = await acquireAttemptLease(ctx, pool);
      const keyId = lease?.keyId ?? ctx.attempt?.keyId ?? 'anonymous';
      // A bucket per key and model, as the API counts; a foreign endpoint has its own.
      const scope = target?.foreign === true ? `${target.name}:` : '';
      const bucket = `${scope}${keyId}:${ctx.model ?? 'default'}`;
      let granted: RateLimitTicket;
      try {
        granted = await limiter.acquire(
          bucket,
          { requests: 1, tokens },
          { signal: ctx.attempt?.signal ?? ctx.signal, deadlineAt: ctx.deadlineAt },
        );
      } catch (error) {
        // The key stage will not run for this attempt: give the key back now.
        lease?.release();
        setAttemptLease(ctx, undefined);
        throw error;
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
      // Without a token limit the tokenizer (seconds to load) is not needed at all.
      if (limiter.limitsTokens) {
        count ??= await loadTokenCounter({
          logger: ctx.logger,
          ...(options.loadTokenizer === undefined ? {} : { load: options.loadTokenizer }),
        });
      }
      const tokens =
        count === undefined
          ? 0
          : estimateRequestTokens(ctx.request.json, { defaultMaxOutputTokens, count });
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
      void ticket.calibrate(parseRateLimitHeaders(response.headers));
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
