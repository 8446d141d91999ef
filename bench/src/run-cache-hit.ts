import { benchMessages } from './bench-request.ts';
import type { ContenderContext } from './contender.ts';
import { loadAiclient } from './load-aiclient.ts';
import { percentile } from './percentile.ts';
import type { ComponentLatencyResult, StoreKind } from './worker-job.ts';

/** Options of {@link runCacheHit}. */
export interface RunCacheHitOptions {
  readonly context: ContenderContext;
  readonly store: StoreKind;
  readonly samples: number;
}

/**
 * Latency of a chat call answered from aiclient's response cache, seen by the caller through the
 * SDK (`chat.completions.create` resolving), in memory or through Redis. The first call fills the
 * cache; every timed call must then be a hit: the server sees one request in all.
 */
export async function runCacheHit({
  context,
  store,
  samples,
}: RunCacheHitOptions): Promise<ComponentLatencyResult> {
  const { getOpenAIClient } = await loadAiclient();
  const client = await getOpenAIClient({
    overrides: {
      apiKey: context.apiKeys[0],
      baseURL: context.baseURL,
      telemetryEnabled: false,
      logLevel: 'off',
      cacheEnabled: true,
      ...(store === 'redis' && context.redisUrl !== undefined
        ? { redisUrl: context.redisUrl }
        : {}),
    },
  });
  const request = { model: context.model, messages: benchMessages('chat', 0), temperature: 0 };
  await client.chat.completions.create(request);
  const warmup = Math.min(200, samples);
  const times: number[] = [];
  for (let i = 0; i < warmup + samples; i++) {
    const t0 = performance.now();
    await client.chat.completions.create(request);
    if (i >= warmup) times.push((performance.now() - t0) * 1000);
  }
  return {
    what: 'chat call served from the cache, through the SDK',
    latency: {
      samples: times.length,
      p50Us: percentile(times, 50),
      p99Us: percentile(times, 99),
      meanUs: times.reduce((a, b) => a + b, 0) / times.length,
    },
  };
}
