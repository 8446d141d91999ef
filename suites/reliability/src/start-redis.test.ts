import { redisServerAvailable } from '@aiclient/testkit';
import { describe, expect, it } from 'vitest';
import { REDIS_MISSING, startRedis } from './start-redis.ts';

const MISSING = '/nonexistent/redis-server';

describe('startRedis (the suite policy for a missing redis-server)', () => {
  it('resolves undefined, so the Redis checks report that they did not run', async () => {
    await expect(startRedis({ REDIS_SERVER_BIN: MISSING })).resolves.toBeUndefined();
  });

  it('rejects with REDIS_MISSING when CI or AICLIENT_REQUIRE_REDIS=1 requires Redis', async () => {
    const required = `${REDIS_MISSING} (required by CI / AICLIENT_REQUIRE_REDIS)`;
    await expect(startRedis({ REDIS_SERVER_BIN: MISSING, CI: 'true' })).rejects.toThrow(required);
    await expect(
      startRedis({ REDIS_SERVER_BIN: MISSING, AICLIENT_REQUIRE_REDIS: '1' }),
    ).rejects.toThrow(required);
  });

  it('starts the testkit redis-server when it is installed', async () => {
    // Under CI / AICLIENT_REQUIRE_REDIS=1 a missing redis-server rejects here and fails the test.
    const redis = await startRedis();
    if (redis === undefined) {
      console.warn(REDIS_MISSING);
      expect(redisServerAvailable()).toBe(false);
      return;
    }
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(redis.pid).toBeGreaterThan(0);
    } finally {
      await redis.stop();
    }
  });
});
