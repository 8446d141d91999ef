import type { Stage } from '@aiclient/client';
import { AIError } from '@aiclient/errors';
import { Redis } from 'ioredis';

/**
 * Deliberately broken pipeline stages: the self-tests install them to show that each check
 * reports a failure when its guarantee is broken. Never used outside those tests.
 */

/** A stage that waits `ms` without listening to the call's signal: it drops the deadline. */
export function deadlineDroppingStage(ms: number): Stage {
  return {
    name: 'rate-limit',
    async handle(ctx, next) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return next(ctx);
    },
  };
}

/** A stage that sends every attempt `copies` times (a retry loop of its own): a retry storm. */
export function retryStormStage(copies: number): Stage {
  return {
    name: 'key-pool',
    async handle(ctx, next) {
      for (let i = 1; i < copies; i++) {
        const response = await next(ctx);
        await response.body?.cancel();
      }
      return next(ctx);
    },
  };
}

/** A stage that keeps every call's context forever: a memory leak. */
export function retainingStage(kept: unknown[]): Stage {
  return {
    name: 'cache',
    async handle(ctx, next) {
      const response = await next(ctx);
      kept.push(ctx, await response.clone().arrayBuffer(), new Uint8Array(64 * 1024));
      return response;
    },
  };
}

/** A stage that leaves a ref'd timer behind for every call: a handle leak. */
export function timerLeakingStage(timers: NodeJS.Timeout[]): Stage {
  return {
    name: 'cache',
    async handle(ctx, next) {
      timers.push(setInterval(() => undefined, 60_000));
      return next(ctx);
    },
  };
}

/**
 * A cache stage that reads Redis on every call with no local fallback: when Redis is away,
 * calls fail (what the failover store exists to prevent).
 */
export function redisDependentStage(url: string): Stage {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 100,
  });
  redis.on('error', () => undefined);
  void redis.connect().catch(() => undefined);
  return {
    name: 'cache',
    async handle(ctx, next) {
      try {
        await redis.get('aiclient:broken-cache');
      } catch (cause) {
        throw new AIError({ code: 'AI-API-099', message: 'cache unavailable', cause });
      }
      return next(ctx);
    },
  };
}

/** A stage that records the attempt's API key on the call's span: a secret in telemetry. */
export function keyOnSpanStage(): Stage {
  return {
    name: 'key-pool',
    async handle(ctx, next) {
      ctx.span?.setAttribute('debug.api_key', ctx.attempt?.apiKey ?? ctx.settings.apiKey ?? '');
      return next(ctx);
    },
  };
}
