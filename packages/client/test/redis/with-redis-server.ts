import {
  type MockOpenAI,
  type MockOpenAIOptions,
  type RedisServer,
  redisServerAvailable,
  redisServerBin,
  redisServerRequired,
  startMockOpenAI,
  startRedisServer,
} from '@aiclient/testkit';
import { afterEach, beforeEach, it } from 'vitest';

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

/** The servers of one multi-process test; see {@link useRedisAndMock}. */
export interface RedisAndMock {
  /** The throw-away redis-server of the current test. */
  redis(): RedisServer;
  /** Starts the current test's mock OpenAI server (closed after the test). */
  startMock(options: MockOpenAIOptions): Promise<MockOpenAI>;
}

/**
 * Registers, in the enclosing `describe`, a fresh redis-server per test and the closing of the
 * mock server a test starts, both stopped after each test.
 */
export function useRedisAndMock(): RedisAndMock {
  let redis: RedisServer | undefined;
  let mock: MockOpenAI | undefined;
  beforeEach(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
    await redis?.stop();
  });
  return {
    redis() {
      if (redis === undefined) throw new Error('redis-server is used outside a test');
      return redis;
    },
    async startMock(options) {
      mock = await startMockOpenAI(options);
      return mock;
    },
  };
}
