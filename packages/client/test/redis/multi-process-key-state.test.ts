import { keyId } from '@aiclient/config';
import { describe, expect, it } from 'vitest';
import { runWorkers, totalOutcome } from './fixtures/spawn-workers';
import { useRedisAndMock, withRedisServer } from './with-redis-server';

const KEY_A = 'test-key-aaaaaaaaaaaaaaaa';
const KEY_B = 'test-key-bbbbbbbbbbbbbbbb';

withRedisServer('multi-process key state', () => {
  describe('4 Node processes sharing state through a real redis-server', () => {
    const servers = useRedisAndMock();

    it('a key exhausted in one process is skipped by the others within one second', async () => {
      const redis = servers.redis();
      const mock = await servers.startMock({
        validateRequests: false,
        onWarning: () => undefined,
        keys: [KEY_A, KEY_B],
        // Exactly one request (in whichever process) learns that key A's quota is gone.
        faults: [
          { match: { key: KEY_A }, after: 10, times: 1, fault: { type: 'insufficient_quota' } },
        ],
      });
      const summaries = await runWorkers(4, {
        baseURL: mock.url,
        redisUrl: redis.url,
        keys: [KEY_A, KEY_B],
        calls: 60,
        intervalMs: 40,
      });
      const requests = mock.requests();
      const exhausted = requests.find((r) => r.fault === 'insufficient_quota');
      expect(exhausted).toBeDefined();
      const detectedAt = exhausted!.receivedAt;
      const lateUses = requests.filter(
        (r) => r.keyId === keyId(KEY_A) && r.receivedAt > detectedAt + 1000,
      );
      const lastUse = Math.max(
        ...requests.filter((r) => r.keyId === keyId(KEY_A)).map((r) => r.receivedAt),
      );
      console.info(
        `multi-process key exhaustion: key A last used ${lastUse - detectedAt} ms after the ` +
          `insufficient_quota answer; ${requests.length} requests, outcomes ${JSON.stringify(summaries.map((s) => s.outcomes))}`,
      );
      expect(lateUses).toEqual([]);
      // The calls themselves went on (key B took over; only the one quota answer failed).
      expect(totalOutcome(summaries, 'ok')).toBeGreaterThanOrEqual(239);
      expect(
        requests.filter((r) => r.keyId === keyId(KEY_B) && r.receivedAt > detectedAt + 1000).length,
      ).toBeGreaterThan(0);
    }, 60_000);
  });
});
