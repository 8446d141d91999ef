import { type MockOpenAI, type RedisServer, startMockOpenAI } from '@aiclient/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRedisOutage } from './run-redis-outage.ts';
import { REDIS_MISSING, startRedis } from './start-redis.ts';

const KEYS = [
  'sk-redis-aaaaaaaaaaaaaaaaaaaaaaaa',
  'sk-redis-bbbbbbbbbbbbbbbbbbbbbbbb',
  'sk-redis-cccccccccccccccccccccccc',
];

describe('Redis stopped and restarted during a run of 4 processes', () => {
  let redis: RedisServer | undefined;
  let mock: MockOpenAI;
  beforeAll(async () => {
    mock = await startMockOpenAI({
      keys: KEYS,
      validateRequests: false,
      onWarning: () => undefined,
    });
    // Rejects (fails the suite) when CI / AICLIENT_REQUIRE_REDIS=1 requires Redis.
    redis = await startRedis();
    if (redis === undefined) console.warn(REDIS_MISSING);
  });
  afterAll(async () => {
    await redis?.stop();
    await mock?.close();
  });

  it('no call fails because of it', async (context) => {
    if (redis === undefined) {
      context.annotate(REDIS_MISSING);
      return;
    }
    const report = await runRedisOutage({
      redis,
      mockUrl: mock.url,
      keys: KEYS,
      durationMs: 6_000,
    });
    console.log(
      `redis outage: ${report.calls} calls over 4 processes, ${report.failures} failed; Redis down ${report.outageMs} ms; per worker ${report.workers.map((w) => `${w.successes}/${w.calls} (degraded ${w.degraded}, restored ${w.restored})`).join(', ')}`,
    );
    expect(report.violations).toEqual([]);
  });

  it('reports failed calls when the client needs Redis on every call (broken on purpose)', async (context) => {
    if (redis === undefined) {
      context.annotate(REDIS_MISSING);
      return;
    }
    const report = await runRedisOutage({
      redis,
      mockUrl: mock.url,
      keys: KEYS,
      processes: 2,
      durationMs: 3_000,
      stopAfterMs: 500,
      brokenClient: true,
    });
    expect(report.failures).toBeGreaterThan(0);
    expect(report.violations.join('\n')).toMatch(/failed during the Redis outage/);
  });
});
