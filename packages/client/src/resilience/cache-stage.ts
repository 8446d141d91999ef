import {
  DEFAULT_PRICE_TABLE,
  estimateCostUsd,
  findModelPrice,
  type ModelPrice,
  type PriceTable,
} from '@aiclient/telemetry';
import type { Stage } from '../pipeline/stage';
import { cacheKey, isCacheable } from './cache-key';
import type { ResponseCache } from './response-cache';

/** Dependencies of {@link cacheStage}. */
export interface CacheStageOptions {
  cache: ResponseCache;
  /** Counts hits (`aiclient.cache.hits`). */
  onHit?: (attributes: Record<string, string>) => void;
  /** Counts misses (`aiclient.cache.misses`). */
  onMiss?: (attributes: Record<string, string>) => void;
  /** Prices used for the cost a hit saved. @default @aiclient/telemetry's DEFAULT_PRICE_TABLE */
  priceTable?: PriceTable;
  /**
   * Price lookup that wins over `priceTable`, e.g. a `UsageTracker`'s `priceOf`, so the cache's
   * totals and the usage tracker price a hit alike.
   */
  priceOf?: (model: string) => ModelPrice | undefined;
}

/** Running totals of one cache stage. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Estimated USD the hits did not spend (unpriced models add nothing). */
  costSavedUsd: number;
}

/** A cache stage and its running totals. */
export interface CacheStageHandle extends Stage {
  stats(): CacheStats;
}

/**
 * Serves cacheable requests (temperature 0, or `x-aiclient-cache: force`; never with `bypass`)
 * from the cache without a server request, replaying streams as streams, and stores complete
 * successful responses. A hit sets `result.cacheHit`, the stored usage and `result.costSavedUsd`
 * (the stored usage at the model's price), so usage tracking counts the hit and what it saved.
 */
export function cacheStage({
  cache,
  onHit,
  onMiss,
  priceTable = DEFAULT_PRICE_TABLE,
  priceOf = (model) => findModelPrice(model, priceTable),
}: CacheStageOptions): CacheStageHandle {
  const totals: CacheStats = { hits: 0, misses: 0, costSavedUsd: 0 };
  return {
    name: 'cache',
    stats: () => ({ ...totals }),
    async handle(ctx, next) {
      const { request } = ctx;
      if (request.method !== 'POST' || !isCacheable(request.json, ctx.controls.cache)) {
        return next(ctx);
      }
      const key = cacheKey(request);
      const attributes = {
        'aiclient.endpoint': ctx.endpoint,
        'gen_ai.request.model': ctx.model ?? 'default',
      };
      const entry = await cache.get(key);
      if (entry !== undefined) {
        onHit?.(attributes);
        totals.hits++;
        const price = priceOf(entry.model ?? ctx.model ?? '');
        const saved =
          price === undefined || entry.usage === undefined
            ? 0
            : estimateCostUsd(price, entry.usage);
        totals.costSavedUsd += saved;
        // Unpriced: left unset, so a usage tracker prices the hit with its own table.
        if (price !== undefined) ctx.result.costSavedUsd = saved;
        ctx.span?.setAttribute('aiclient.cache.cost_saved_usd', saved);
        ctx.logger.debug('aiclient cache hit', {
          event: 'aiclient.cache_hit',
          callId: ctx.callId,
          model: entry.model ?? ctx.model,
          inputTokens: entry.usage?.inputTokens,
          outputTokens: entry.usage?.outputTokens,
          costSavedUsd: saved,
        });
        ctx.result.cacheHit = true;
        ctx.result.status = entry.status;
        if (entry.usage !== undefined) ctx.result.usage = { ...entry.usage };
        if (entry.model !== undefined) ctx.result.responseModel = entry.model;
        ctx.span?.setAttribute('aiclient.cache.hit', true);
        return cache.toResponse(entry);
      }
      onMiss?.(attributes);
      totals.misses++;
      ctx.span?.setAttribute('aiclient.cache.hit', false);
      const response = await next(ctx);
      // Model and usage as the pipeline read them from this response: no second parse here.
      return cache.capture(key, response, {
        stream: ctx.stream,
        usage: () => ctx.result.usage,
        model: () => ctx.result.responseModel,
      });
    },
  };
}
