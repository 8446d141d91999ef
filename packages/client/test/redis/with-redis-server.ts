import { redisServerAvailable, redisServerBin, redisServerRequired } from '@aiclient/testkit';
import { it } from 'vitest';

/**
 * Registers `register` when redis-server (env `REDIS_SERVER_BIN`, else on the PATH) can run.
 * Otherwise registers one test that fails with a clear message under CI /
 * AICLIENT_REQUIRE_REDIS=1, or passes while saying loudly that the Redis tests did not run (a
 * skip would hide it in the summary). A `REDIS_SERVER_BIN` that does not exist simulates a
 * machine without Redis.
 */
export function withRedisServer(name: string, register: () => void): void {
  if (redisServerAvailable()) {
    register();
    return;
  }
  it(`${name}: redis-server is not installed, so these Redis tests did NOT run`, () => {
    const message =
      `${redisServerBin()} was not found: the Redis integration tests (${name}) did not run. ` +
      'Install it (apt-get install redis-server) or set REDIS_SERVER_BIN.';
    if (redisServerRequired()) {
      throw new Error(`${message} CI or AICLIENT_REQUIRE_REDIS=1 requires them.`);
    }
    console.warn(`${message} Set AICLIENT_REQUIRE_REDIS=1 to make this a failure.`);
  });
}
