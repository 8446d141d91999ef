import { benchMessages } from './bench-request.ts';
import type { ContenderContext } from './contender.ts';
import { loadAiclient } from './load-aiclient.ts';
import { timeOperation } from './time-operation.ts';
import type { ComponentLatencyResult, StoreKind } from './worker-job.ts';

/** Options of {@link runCacheHit}. */
export interface RunCacheHitOptions {
  readonly context: ContenderContext;
  readonly store: StoreKind;
  readonly samples: number;
}

/**
 * Cache hit latency, two ways, in memory or through Redis:
 * 1. the cache's own hit path (what the cache stage does on a hit): hash the normalized request
 *    into its key, read the entry from the store, build the replayed Response;
 * 2. end to end: `chat.completions.create` resolving from the cache through the SDK, i.e. the
 *    hit path plus the SDK's own request building and response parsing.
 */
export async function runCacheHit({
  context,
  store,
  samples,
}: RunCacheHitOptions): Promise<ComponentLatencyResult[]> {
  const redisUrl = store === 'redis' ? context.redisUrl : undefined;
  const request = { model: context.model, messages: benchMessages('chat', 0), temperature: 0 };
  const results: ComponentLatencyResult[] = [];

  try {
    const { cacheKey, createStateStore, ResponseCache } = await import('@aiclient/client');
    const state = await createStateStore(redisUrl === undefined ? {} : { redisUrl });
    try {
      const cache = new ResponseCache(state, { ttlMs: 600_000 });
      const url = `${context.baseURL}/chat/completions`;
      const body = await (
        await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${context.apiKeys[0]}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(request),
        })
      ).text();
      await cache.set(cacheKey({ method: 'POST', url, json: request }), {
        v: 1,
        status: 200,
        contentType: 'application/json',
        stream: false,
        body,
        storedAt: Date.now(),
      });
      const latency = await timeOperation(
        async () => {
          const entry = await cache.get(cacheKey({ method: 'POST', url, json: request }));
          if (entry === undefined) throw new Error('cache lookup missed a stored entry');
          return cache.toResponse(entry);
        },
        { samples },
      );
      results.push({ what: 'hit path: request key + store read + replayed Response', latency });
    } finally {
      await state.close();
    }
  } catch (error) {
    results.push({ what: 'hit path', notRun: `failed: ${messageOf(error)}` });
  }

  try {
    const { getOpenAIClient } = await loadAiclient();
    const client = await getOpenAIClient({
      overrides: {
        apiKey: context.apiKeys[0],
        baseURL: context.baseURL,
        telemetryEnabled: false,
        logLevel: 'off',
        cacheEnabled: true,
        ...(redisUrl === undefined ? {} : { redisUrl }),
      },
    });
    // The first call fills the cache; every timed one is then a hit.
    await client.chat.completions.create(request);
    const latency = await timeOperation(() => client.chat.completions.create(request), {
      samples,
    });
    results.push({ what: 'end to end through the SDK (chat.completions.create)', latency });
  } catch (error) {
    results.push({ what: 'end to end through the SDK', notRun: `failed: ${messageOf(error)}` });
  }
  return results;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
