import { createTestTelemetry, type TestTelemetry } from '@aiclient/telemetry/testing';
import {
  type MockOpenAI,
  type RedisServer,
  startMockOpenAI,
  startRedisServer,
} from '@aiclient/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailoverStateStore } from '../../src/resilience/failover-state-store';
import {
  chat,
  type ResilientClient,
  startResilientClient,
} from '../../src/resilience/fixtures/resilient-client';
import { withRedisServer } from './with-redis-server';

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

withRedisServer('Redis outage', () => {
  describe('Redis killed mid-run', () => {
    let redis: RedisServer;
    let mock: MockOpenAI;
    let telemetry: TestTelemetry;
    let one: ResilientClient;
    let two: ResilientClient;

    beforeAll(async () => {
      telemetry = createTestTelemetry();
      redis = await startRedisServer();
      mock = await startMockOpenAI({ validateRequests: false, onWarning: () => undefined });
      const settings = {
        redisUrl: redis.url,
        rateLimitRpm: 6000,
        cacheEnabled: true,
        maxAttempts: 1,
      };
      one = await startResilientClient({ existingMock: mock, settings });
      two = await startResilientClient({ existingMock: mock, settings });
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await mock?.close();
      await redis?.stop();
      await telemetry?.shutdown();
    });

    const calls = async (client: ResilientClient, n: number) => {
      const results = await Promise.allSettled(
        Array.from({ length: n }, (_, i) =>
          client.client.chat.completions.create(
            chat('gpt-4o-mini', { temperature: 0, messages: [{ role: 'user', content: `q${i}` }] }),
          ),
        ),
      );
      return results.filter((r) => r.status === 'rejected');
    };
    const shares = async () => {
      const id = `probe-${Date.now()}-${Math.random()}`;
      await one.resilience.store.writeRecord(
        'key',
        id,
        { status: 'exhausted', updatedAt: Date.now() },
        60_000,
      );
      return (await two.resilience.store.readRecords('key', [id])).has(id);
    };

    it('shares state, keeps every call working while Redis is down, warns, counts, and resumes', async () => {
      expect(one.resilience.store.kind).toBe('failover');
      expect(await calls(one, 10)).toEqual([]);
      expect(await shares()).toBe(true);

      // Kill Redis while a stream of calls is running.
      const running = (async () => {
        const failures = [];
        for (let i = 0; i < 30; i++) {
          failures.push(...(await calls(one, 2)));
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
        return failures;
      })();
      await new Promise((resolve) => setTimeout(resolve, 150));
      await redis.kill();
      // No call fails because Redis is gone: each process falls back to its local state.
      expect(await running).toEqual([]);
      expect(await calls(one, 5)).toEqual([]);
      expect(await calls(two, 5)).toEqual([]);
      expect((one.resilience.store as FailoverStateStore).degraded).toBe(true);
      expect(await shares()).toBe(false);
      const warning = one.logs.find(
        (l) => l.level === 'warn' && l.message.includes('is unreachable'),
      );
      expect(warning?.message).toContain(`127.0.0.1:${redis.port}`);
      const metric = await telemetry.findMetric('aiclient.redis.fallbacks');
      const points = metric?.dataPoints ?? [];
      expect(points.reduce((sum, p) => sum + Number(p.value), 0)).toBeGreaterThan(0);

      await redis.restart();
      await until(
        () =>
          !(one.resilience.store as FailoverStateStore).degraded &&
          !(two.resilience.store as FailoverStateStore).degraded,
        10_000,
      );
      expect(await calls(one, 5)).toEqual([]);
      expect(await shares()).toBe(true);
      expect(one.logs.some((l) => l.level === 'info' && l.message.includes('is back'))).toBe(true);
      expect(JSON.stringify([one.logs, two.logs])).not.toMatch(/test-key-/);
    }, 40_000);
  });
});
