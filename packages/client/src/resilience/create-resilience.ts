import type { AIClientSettings } from '@aiclient/config';
import { keyId as defaultKeyId, verifyApiKey } from '@aiclient/config';
import { AIConfigError, AIError } from '@aiclient/errors';
import { createToolkitMetrics, type ToolkitMetrics, type UsageTracker } from '@aiclient/telemetry';
import type { PipelineLogger, Stage } from '../pipeline/stage';
import { type CacheStageHandle, type CacheStats, cacheStage } from './cache-stage';
import type { CircuitBreakerOptions } from './circuit-breaker';
import { CircuitBreakerRegistry } from './circuit-breaker-registry';
import { circuitBreakerStage } from './circuit-breaker-stage';
import { createStateStore } from './create-state-store';
import { fallbackStage } from './fallback-stage';
import type { FallbackTarget } from './fallback-target';
import { type KeyCheckResult, KeyPool, type KeyPoolEntry, type KeyPoolOptions } from './key-pool';
import { keyPoolStage } from './key-pool-stage';
import { loadTokenCounter, type TokenizerLoader } from './load-token-counter';
import { rateLimitStage, type TokenEstimate } from './rate-limit-stage';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter';
import { ResponseCache } from './response-cache';
import type { StateStore } from './state-store';

/**
 * Resilience options of `createOpenAIClient` / `getOpenAIClient` (the `resilience` option). Plain
 * settings (keys, fallback models, limits, cache, Redis URL) come from config; these add what
 * environment variables cannot express.
 */
export interface ResilienceOptions {
  /** Keys with weights, replacing settings `apiKeys`. */
  keys?: readonly (string | KeyPoolEntry)[];
  /** Reads keys from a secret store; re-read every `keyRefreshIntervalMs`. */
  keyProvider?: () => Promise<readonly (string | KeyPoolEntry)[]>;
  /** @default 300000 */
  keyRefreshIntervalMs?: number;
  /** Live-check every key through config's `verifyApiKey` this often; off when absent. */
  keyLiveCheckIntervalMs?: number;
  /** Cooldown after a 429 without reset headers. @default 60000 */
  keyCooldownMs?: number;
  /** Ordered fallback targets, replacing settings `fallbackModels`. */
  fallbacks?: readonly FallbackTarget[];
  /** Context window of the primary model (for `context_length_exceeded` fallbacks). */
  primaryContextWindow?: number;
  /** Breaker thresholds, or false to turn breakers off. On by default when fallbacks exist. */
  circuitBreaker?: CircuitBreakerOptions | false;
  /**
   * Limiter options over settings `rateLimitRpm`/`Tpm`/`MaxQueue` (e.g. a shorter window).
   * `tokenEstimate` (default `'characters'`: prompt characters / 4, as OpenAI's rate limiter
   * estimates) can be `'tokenizer'` for gpt-tokenizer's exact counts (an optional peer).
   */
  rateLimit?: RateLimiterOptions & {
    defaultMaxOutputTokens?: number;
    tokenEstimate?: TokenEstimate;
  };
  /** Cache options over settings `cacheTtlMs`/`cacheMaxEntries`; false turns the cache off. */
  cache?: { ttlMs?: number; maxEntries?: number } | false;
  /** Prefix of Redis keys. @default 'aiclient:' */
  redisKeyPrefix?: string;
  /** How often shared key and circuit states are pulled from Redis. @default 500 */
  syncIntervalMs?: number;
  /** A ready state store (tests, custom backends); replaces the one built from `redisUrl`. */
  stateStore?: StateStore;
}

/** What the client factory gets: the stages to compose and the parts to inspect or close. */
export interface Resilience {
  /** Stages named `cache`, `fallback`, `circuit-breaker`, `rate-limit`, `key-pool` (those in use). */
  stages: Stage[];
  keyPool: KeyPool | undefined;
  breakers: CircuitBreakerRegistry | undefined;
  limiter: RateLimiter | undefined;
  cache: ResponseCache | undefined;
  /** Cache hits, misses and the estimated cost the hits saved (zeros without a cache). */
  cacheStats(): CacheStats;
  store: StateStore;
  /** Stops timers and closes the Redis connection. */
  close(): Promise<void>;
}

/** The first read of a key provider failing is a configuration error (`AI-CONFIG-002`). */
async function createKeyPool(options: KeyPoolOptions): Promise<KeyPool> {
  try {
    return await KeyPool.create(options);
  } catch (cause) {
    if (AIError.isInstance(cause)) throw cause;
    throw new AIConfigError({
      code: 'AI-CONFIG-002',
      message: 'The key provider failed to return API keys.',
      cause,
      issues: [{ path: 'resilience.keyProvider', message: 'the provider threw or rejected' }],
      context: { source: 'client.key-pool' },
    });
  }
}

/** Runtime dependencies of {@link createResilience}. */
export interface ResilienceDependencies {
  logger: PipelineLogger;
  metrics?: ToolkitMetrics;
  /** @default config's keyId */
  fingerprint?: (key: string) => string;
  /** @default config's verifyApiKey against settings.baseURL */
  verify?: (key: string) => Promise<KeyCheckResult>;
  /** Random source of weighted key selection, for tests. @default Math.random */
  random?: () => number;
  /** Imports the tokenizer of `rateLimit.tokenEstimate: 'tokenizer'`, for tests. @default import('gpt-tokenizer') */
  loadTokenizer?: TokenizerLoader;
  /**
   * The client's usage tracker: the cache prices a hit's savings with its price table, so
   * `cacheStats()` and the tracker's `costSavedUsd` agree. @default DEFAULT_PRICE_TABLE
   */
  usageTracker?: UsageTracker | undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'default';
  }
}

/**
 * Builds the resilience stages a client needs from its settings and options: a key pool when
 * there are several keys or a provider, fallback + breakers when there are fallback targets (or
 * breaker options), a limiter when RPM/TPM is set, a cache when enabled; all on one state store,
 * shared through Redis when `redisUrl` is set.
 */
export async function createResilience(
  settings: Readonly<AIClientSettings>,
  options: ResilienceOptions = {},
  dependencies: ResilienceDependencies,
): Promise<Resilience> {
  const { logger } = dependencies;
  const metrics = dependencies.metrics ?? createToolkitMetrics();
  const fingerprint = dependencies.fingerprint ?? defaultKeyId;
  const cacheMaxEntries =
    options.cache === false ? undefined : (options.cache?.maxEntries ?? settings.cacheMaxEntries);
  const store =
    options.stateStore ??
    (await createStateStore({
      redisUrl: settings.redisUrl,
      ...(options.redisKeyPrefix === undefined ? {} : { redisKeyPrefix: options.redisKeyPrefix }),
      ...(cacheMaxEntries === undefined ? {} : { cacheMaxEntries }),
      logger,
      onFallback: (operation) =>
        metrics.recordRedisFallback({ 'aiclient.redis.operation': operation }),
    }));
  const syncIntervalMs = options.syncIntervalMs ?? 500;
  const shared = store.kind === 'local' ? undefined : store;

  const keys = options.keys ?? settings.apiKeys;
  let keyPool: KeyPool | undefined;
  if (keys.length > 1 || options.keyProvider !== undefined) {
    keyPool = await createKeyPool({
      keys,
      fingerprint,
      ...(options.keyProvider === undefined ? {} : { provider: options.keyProvider }),
      ...(options.keyRefreshIntervalMs === undefined
        ? {}
        : { refreshIntervalMs: options.keyRefreshIntervalMs }),
      ...(options.keyLiveCheckIntervalMs === undefined
        ? {}
        : { liveCheckIntervalMs: options.keyLiveCheckIntervalMs }),
      ...(options.keyCooldownMs === undefined ? {} : { defaultCooldownMs: options.keyCooldownMs }),
      verify:
        dependencies.verify ??
        ((key: string) => verifyApiKey(key, { baseURL: settings.baseURL, timeoutMs: 10_000 })),
      ...(shared === undefined ? {} : { store: shared }),
      syncIntervalMs,
      ...(dependencies.random === undefined ? {} : { random: dependencies.random }),
      onEvent: (event) => {
        if (event.to === 'cooling' || event.to === 'exhausted' || event.to === 'revoked') {
          metrics.recordKeyCooldown({
            'aiclient.key.id': event.keyId,
            'aiclient.key.state': event.to,
          });
          logger.warn('aiclient key state', { event: 'aiclient.key_state', ...event });
        } else if (event.from !== 'absent') {
          logger.info('aiclient key state', { event: 'aiclient.key_state', ...event });
        }
      },
    });
  }

  const fallbacks = options.fallbacks ?? settings.fallbackModels.map((model) => ({ model }));
  let breakers: CircuitBreakerRegistry | undefined;
  if (
    options.circuitBreaker !== false &&
    (fallbacks.length > 0 || options.circuitBreaker !== undefined)
  ) {
    breakers = new CircuitBreakerRegistry(options.circuitBreaker ?? {}, {
      ...(shared === undefined ? {} : { store: shared }),
      onStateChange: (event) => {
        metrics.recordCircuitState(event.to, { 'aiclient.target': event.target });
        const log = event.to === 'open' ? logger.warn : logger.info;
        log.call(logger, 'aiclient circuit state', { event: 'aiclient.circuit_state', ...event });
      },
    });
    breakers.start(syncIntervalMs);
  }

  const rpm = options.rateLimit?.requestsPerWindow ?? settings.rateLimitRpm;
  const tpm = options.rateLimit?.tokensPerWindow ?? settings.rateLimitTpm;
  let limiter: RateLimiter | undefined;
  if (rpm !== undefined || tpm !== undefined) {
    limiter = new RateLimiter(
      {
        ...options.rateLimit,
        ...(rpm === undefined ? {} : { requestsPerWindow: rpm }),
        ...(tpm === undefined ? {} : { tokensPerWindow: tpm }),
        maxQueue: options.rateLimit?.maxQueue ?? settings.rateLimitMaxQueue,
      },
      { store },
    );
    // gpt-tokenizer takes seconds to load on a busy machine: start now, not on the first call.
    if (tpm !== undefined && options.rateLimit?.tokenEstimate === 'tokenizer') {
      void loadTokenCounter({
        logger,
        ...(dependencies.loadTokenizer === undefined ? {} : { load: dependencies.loadTokenizer }),
      });
    }
  }

  const cacheOn = options.cache !== false && (settings.cacheEnabled || options.cache !== undefined);
  const cache = cacheOn
    ? new ResponseCache(store, {
        ttlMs: (options.cache === false ? undefined : options.cache?.ttlMs) ?? settings.cacheTtlMs,
      })
    : undefined;

  const stages: Stage[] = [];
  let cached: CacheStageHandle | undefined;
  if (cache !== undefined) {
    const tracker = dependencies.usageTracker;
    cached = cacheStage({
      cache,
      onHit: (attributes) => metrics.recordCacheHit(attributes),
      onMiss: (attributes) => metrics.recordCacheMiss(attributes),
      ...(tracker === undefined ? {} : { priceOf: (model: string) => tracker.priceOf(model) }),
    });
    stages.push(cached);
  }
  if (fallbacks.length > 0) {
    stages.push(
      fallbackStage({
        fallbacks,
        pool: keyPool,
        breakers,
        ...(options.primaryContextWindow === undefined
          ? {}
          : { primaryContextWindow: options.primaryContextWindow }),
        onFallback: (attributes) => metrics.recordFallback(attributes),
      }),
    );
  }
  if (breakers !== undefined) {
    stages.push(circuitBreakerStage({ breakers, defaultTarget: hostOf(settings.baseURL) }));
  }
  if (limiter !== undefined) {
    stages.push(
      rateLimitStage({
        limiter,
        pool: keyPool,
        ...(options.rateLimit?.defaultMaxOutputTokens === undefined
          ? {}
          : { defaultMaxOutputTokens: options.rateLimit.defaultMaxOutputTokens }),
        ...(options.rateLimit?.tokenEstimate === undefined
          ? {}
          : { tokenEstimate: options.rateLimit.tokenEstimate }),
        onWait: (seconds, attributes) => metrics.recordRateLimitWait(seconds, attributes),
        ...(dependencies.loadTokenizer === undefined
          ? {}
          : { loadTokenizer: dependencies.loadTokenizer }),
      }),
    );
  }
  if (keyPool !== undefined || fallbacks.length > 0) {
    stages.push(keyPoolStage({ pool: keyPool, fingerprint }));
  }

  return {
    stages,
    keyPool,
    breakers,
    limiter,
    cache,
    cacheStats: () => cached?.stats() ?? { hits: 0, misses: 0, costSavedUsd: 0 },
    store,
    async close() {
      keyPool?.close();
      breakers?.close();
      await store.close();
    },
  };
}
