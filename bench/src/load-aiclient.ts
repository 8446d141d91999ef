import type { getOpenAIClient } from '@aiclient/client';

/** The part of `@aiclient/client` the benchmark drives. */
export interface AiclientApi {
  readonly getOpenAIClient: typeof getOpenAIClient;
}

/**
 * Loads `@aiclient/client` (its built dist) and checks it has what the suite drives, so a client
 * that is not built turns into a clear "not run" row instead of a crash.
 */
export async function loadAiclient(): Promise<AiclientApi> {
  const mod: Partial<AiclientApi> = await import('@aiclient/client');
  if (typeof mod.getOpenAIClient !== 'function') {
    throw new Error('@aiclient/client does not export getOpenAIClient (not built?)');
  }
  return { getOpenAIClient: mod.getOpenAIClient };
}

/** A cache or limiter state store of `@aiclient/client` (local LRU, or Redis with failover). */
export interface StateStoreLike {
  close(): Promise<void>;
}

/** A stored response as `ResponseCache` keeps it. */
export interface CachedEntryLike {
  v: 1;
  status: number;
  contentType: string;
  stream: boolean;
  body: string;
  storedAt: number;
}

/** The resilience building blocks the component measurements drive directly. */
export interface AiclientComponents {
  readonly createStateStore: (options: { redisUrl?: string }) => Promise<StateStoreLike>;
  readonly cacheKey: (request: {
    method: string;
    url: string;
    json: Readonly<Record<string, unknown>> | undefined;
  }) => string;
  readonly ResponseCache: new (
    store: StateStoreLike,
    options?: { ttlMs?: number },
  ) => {
    get(key: string): Promise<CachedEntryLike | undefined>;
    set(key: string, entry: CachedEntryLike): Promise<void>;
    toResponse(entry: CachedEntryLike): Response;
  };
  readonly RateLimiter: new (
    options: { requestsPerWindow?: number; tokensPerWindow?: number },
    dependencies: { store: StateStoreLike },
  ) => {
    acquire(
      bucket: string,
      cost: { requests: number; tokens: number },
    ): Promise<{ reconcile(actualTokens: number | undefined): Promise<void> }>;
  };
}

/**
 * Loads the cache, limiter and state store classes from `@aiclient/client`'s public entry.
 * Rejects, naming what is missing, when the client does not export them.
 */
export async function loadAiclientComponents(): Promise<AiclientComponents> {
  const mod: Record<string, unknown> = await import('@aiclient/client');
  const names = ['createStateStore', 'cacheKey', 'ResponseCache', 'RateLimiter'] as const;
  const missing = names.filter((name) => typeof mod[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(`@aiclient/client does not export ${missing.join(', ')}`);
  }
  return mod as unknown as AiclientComponents;
}
