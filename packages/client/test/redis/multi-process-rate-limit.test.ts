import { keyId } from '@aiclient/config';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { runWorkers, totalOutcome } from './fixtures/spawn-workers';
import { useRedisAndMock, withRedisServer } from './with-redis-server';

const KEY_A = 'test-key-aaaaaaaaaaaaaaaa';

withRedisServer('multi-process rate limit', () => {
  describe('4 Node processes sharing state through a real redis-server', () => {
    const servers = useRedisAndMock();

    it('share one 600 RPM limit: the server counts no more than it allows and answers no 429', async () => {
      const redis = servers.redis();
      const mock = await servers.startMock({
        validateRequests: false,
        onWarning: () => undefined,
        rateLimits: { rpm: 600 },
      });
      // 720 calls against a 600-request bucket: without sharing, four local buckets would
      // let all 720 through at once and the server would refuse about 120 of them.
      const summaries = await runWorkers(4, {
        baseURL: mock.url,
        redisUrl: redis.url,
        keys: [KEY_A],
        calls: 180,
        intervalMs: 0,
        rateLimitRpm: 600,
      });
      const arrivals = mock.requests().map((r) => r.receivedAt);
      const first = Math.min(...arrivals);
      const spanS = (Math.max(...arrivals) - first) / 1000;
      // A token bucket of 600 refilled at 10 per second: the most a server may take by time t.
      const allowed = (t: number) => 600 + 10 * t;
      const perSecond = new Map<number, number>();
      for (const at of arrivals) {
        const second = Math.floor((at - first) / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      }
      // One bucket for all four processes, in Redis: a single bucket key, and at least one
      // atomic script run (take) per call, so every call of every process drew from it.
      const redisClient = new Redis(redis.url);
      const bucketKeys = await redisClient.keys('aiclient:rl:*');
      const bucket = await redisClient.hgetall(`aiclient:rl:${keyId(KEY_A)}:gpt-4o-mini`);
      const stats = await redisClient.info('commandstats');
      redisClient.disconnect();
      const scriptRuns = [...stats.matchAll(/cmdstat_eval(?:sha)?:calls=(\d+)/g)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
      expect(bucketKeys).toEqual([`aiclient:rl:${keyId(KEY_A)}:gpt-4o-mini`]);
      expect(Number(bucket.r)).toBeLessThan(600);
      expect(scriptRuns).toBeGreaterThanOrEqual(720);
      const waited = summaries.reduce((sum, s) => sum + s.waited, 0);
      console.info(
        `multi-process: ${arrivals.length} server requests over ${spanS.toFixed(1)} s, ` +
          `${waited} calls waited for the shared bucket, ${scriptRuns} Redis script runs, ` +
          `statuses ${JSON.stringify(mock.stats().requests.byStatus)}, per second ${JSON.stringify(Object.fromEntries(perSecond))}`,
      );
      expect(totalOutcome(summaries, 'ok')).toBe(720);
      expect(mock.stats().requests.byStatus['429']).toBeUndefined();
      let seen = 0;
      for (const at of [...arrivals].sort((a, b) => a - b)) {
        seen++;
        expect(seen).toBeLessThanOrEqual(allowed((at - first) / 1000) + 1);
      }
      // The 120 requests beyond the bucket could only be served by its refill (10 per second).
      expect(spanS).toBeGreaterThanOrEqual(11);
    }, 60_000);
  });
});
