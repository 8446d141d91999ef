import {
  type RedisServer,
  redisServerAvailable,
  redisServerBin,
  startRedisServer,
} from '@aiclient/testkit';

/** Why Redis rows are absent, for the table. */
export const REDIS_NOT_INSTALLED = 'not run: redis-server not installed';

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** The redis-server binary. @default env REDIS_SERVER_BIN, else 'redis-server' */
  readonly binary?: string;
}

/**
 * The bench's policy on top of the testkit's `startRedisServer`: a machine without redis-server
 * is no error, its Redis rows are reported as not run, so this resolves undefined there.
 */
export async function startRedis({
  binary = redisServerBin(),
}: StartRedisOptions = {}): Promise<RedisServer | undefined> {
  if (!redisServerAvailable(binary)) return undefined;
  return startRedisServer({ bin: binary });
}
