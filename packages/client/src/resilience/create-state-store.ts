import { redactSecrets } from '@aiclient/errors';
import { FailoverStateStore } from './failover-state-store';
import { LocalStateStore } from './local-state-store';
import { createRedisStateStore } from './redis-state-store';
import type { StateStore } from './state-store';

/** Options of {@link createStateStore}. */
export interface CreateStateStoreOptions {
  /** Share state through this Redis; local state only when absent. env AICLIENT_REDIS_URL */
  redisUrl?: string | undefined;
  /** Key prefix in Redis. @default 'aiclient:' */
  redisKeyPrefix?: string;
  /** Most cached responses kept locally. @default 1000 */
  cacheMaxEntries?: number;
  /** Gets the warning when Redis is lost and the notice when it is back. */
  logger?: {
    warn(message: string, ...rest: unknown[]): void;
    info(message: string, ...rest: unknown[]): void;
  };
  /** Counts each operation served locally while Redis is away (`aiclient.redis.fallbacks`). */
  onFallback?: (operation: string) => void;
}

/** Host and port of a Redis URL, never its password. */
function redisTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port === '' ? '6379' : parsed.port}`;
  } catch {
    return 'redis';
  }
}

/**
 * The state store the resilience components share: in-process when no Redis URL is configured;
 * otherwise Redis with automatic fallback to local state (warning log, metric) and return.
 */
export async function createStateStore({
  redisUrl,
  redisKeyPrefix,
  cacheMaxEntries,
  logger,
  onFallback,
}: CreateStateStoreOptions = {}): Promise<StateStore> {
  const local = new LocalStateStore(cacheMaxEntries === undefined ? {} : { cacheMaxEntries });
  if (redisUrl === undefined || redisUrl === '') return local;
  const remote = await createRedisStateStore(
    redisKeyPrefix === undefined ? { url: redisUrl } : { url: redisUrl, keyPrefix: redisKeyPrefix },
  );
  const target = redisTarget(redisUrl);
  return new FailoverStateStore(remote, local, {
    onDegraded: (error) =>
      logger?.warn(
        `aiclient: Redis at ${target} is unreachable; rate limits, key and circuit states and the cache fall back to this process's local state until it returns.`,
        { error: redactSecrets(error instanceof Error ? error.message : String(error)) },
      ),
    onRestored: () => logger?.info(`aiclient: Redis at ${target} is back; shared state resumed.`),
    ...(onFallback === undefined ? {} : { onFallback }),
  });
}
