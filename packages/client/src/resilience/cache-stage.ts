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
}

/**
 * Serves cacheable requests (temperature 0, or `x-aiclient-cache: force`; never with `bypass`)
 * from the cache without a server request, replaying streams as streams, and stores complete
 * successful responses. A hit sets `result.cacheHit` and the stored usage, so usage tracking
 * counts the call as a hit and the cost it saved.
 */
export function cacheStage({ cache, onHit, onMiss }: CacheStageOptions): Stage {
  return {
    name: 'cache',
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
        ctx.result.cacheHit = true;
        ctx.result.status = entry.status;
        if (entry.usage !== undefined) ctx.result.usage = { ...entry.usage };
        if (entry.model !== undefined) ctx.result.responseModel = entry.model;
        ctx.span?.setAttribute('aiclient.cache.hit', true);
        return cache.toResponse(entry);
      }
      onMiss?.(attributes);
      ctx.span?.setAttribute('aiclient.cache.hit', false);
      const response = await next(ctx);
      return cache.capture(key, response, { stream: ctx.stream, usage: () => ctx.result.usage });
    },
  };
}
