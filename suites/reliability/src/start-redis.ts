import {
  type RedisServer,
  redisServerAvailable,
  redisServerBin,
  redisServerRequired,
  startRedisServer,
} from '@aiclient/testkit';

/** Why the Redis checks may not run, for the report. */
export const REDIS_MISSING = 'redis-server is not installed: the Redis checks did not run';

/**
 * The suite's Redis policy on top of the testkit's `startRedisServer` (binary: env
 * `REDIS_SERVER_BIN`, else `redis-server`): resolves undefined when redis-server is not installed,
 * so the Redis checks report that they did not run, and rejects instead when CI or
 * `AICLIENT_REQUIRE_REDIS=1` requires them.
 */
export async function startRedis(
  env: NodeJS.ProcessEnv = process.env,
): Promise<RedisServer | undefined> {
  const bin = redisServerBin(env);
  if (!redisServerAvailable(bin)) {
    if (redisServerRequired(env)) {
      throw new Error(`${REDIS_MISSING} (required by CI / AICLIENT_REQUIRE_REDIS)`);
    }
    return undefined;
  }
  return startRedisServer({ bin });
}
