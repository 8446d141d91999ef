import { keyId } from '@aiclient/config';
import { describe, expect, it } from 'vitest';
import { runWorkers, totalOutcome, WORKER_SYNC_INTERVAL_MS } from './fixtures/spawn-workers';
import { useRedisAndMock, withRedisServer } from './with-redis-server';

const KEY_A = 'test-key-aaaaaaaaaaaaaaaa';
const KEY_B = 'test-key-bbbbbbbbbbbbbbbb';
/** However slow the machine, a client that shares key states gets them across within this. */
const MAX_SHARE_LAG_MS = 5_000;

withRedisServer('multi-process key state', () => {
  describe('4 Node processes sharing state through a real redis-server', () => {
    const servers = useRedisAndMock();

    it('a key exhausted in one process is skipped by the others once the shared state reaches them', async () => {
      const redis = servers.redis();
      const mock = await servers.startMock({
        validateRequests: false,
        onWarning: () => undefined,
        keys: [KEY_A, KEY_B],
        // Exactly one request (in whichever process) learns that key A's quota is gone, once
        // the workers are warm (about halfway through their calls).
        faults: [
          { match: { key: KEY_A }, after: 60, times: 1, fault: { type: 'insufficient_quota' } },
        ],
      });
      const summaries = await runWorkers(4, {
        baseURL: mock.url,
        redisUrl: redis.url,
        keys: [KEY_A, KEY_B],
        calls: 60,
        intervalMs: 40,
        awaitExhausted: keyId(KEY_A),
      });
      const requests = mock.requests();
      const exhausted = requests.find((r) => r.fault === 'insufficient_quota');
      expect(exhausted).toBeDefined();

      // When each process's key pool marked key A exhausted (its own clock; one machine).
      const seen = summaries.map((s) => ({
        pid: s.pid,
        loopDelayMs: s.loopDelayMaxMs,
        event: s.keyEvents.find((e) => e.keyId === keyId(KEY_A) && e.to === 'exhausted'),
      }));
      const report = seen.map(
        (s) =>
          `pid ${s.pid}: ${s.event === undefined ? 'never' : `${s.event.reason} at +${s.event.at - exhausted!.receivedAt} ms`}, loop delay max ${Math.round(s.loopDelayMs)} ms`,
      );
      const keyAUses = requests.filter((r) => r.keyId === keyId(KEY_A));
      const lastUse = Math.max(...keyAUses.map((r) => r.receivedAt));
      console.info(
        `multi-process key exhaustion: key A last used ${lastUse - exhausted!.receivedAt} ms after the ` +
          `insufficient_quota answer; ${requests.length} requests, outcomes ` +
          `${JSON.stringify(summaries.map((s) => s.outcomes))}; ${report.join('; ')}`,
      );

      // Every process learned of it: the one that got the answer, and the others through Redis.
      expect(seen.map((s) => s.event?.reason ?? 'never').sort()).toEqual([
        'insufficient_quota',
        'shared: insufficient_quota',
        'shared: insufficient_quota',
        'shared: insufficient_quota',
      ]);
      const detector = seen.find((s) => s.event!.reason === 'insufficient_quota')!;
      const detectedAt = detector.event!.at;
      for (const s of seen) {
        const lag = s.event!.at - detectedAt;
        // The detector's write lands at once; the next sync tick of the others reads it: at most
        // one interval, a second one of slack for the Redis round trips, plus however long
        // either process's event loop was held up (a starved process runs its timers late).
        const allowed = 2 * WORKER_SYNC_INTERVAL_MS + detector.loopDelayMs + s.loopDelayMs;
        expect(
          lag,
          `pid ${s.pid} learned ${lag} ms after; ${report.join('; ')}`,
        ).toBeLessThanOrEqual(Math.min(allowed, MAX_SHARE_LAG_MS));
      }

      // No process began a call on key A after its key pool knew A was exhausted.
      const observedAt = new Map(seen.map((s) => [s.pid, s.event!.at]));
      const startedOf = new Map(summaries.map((s) => [s.pid, s.callStartedAt]));
      const lateUses = keyAUses.flatMap((r) => {
        const content = (r.body as { messages?: { content?: string }[] }).messages?.[0]?.content;
        const match = /^call (\d+) from (\d+)$/.exec(content ?? '');
        if (match === null) return [`unattributed request ${r.requestId}`];
        const pid = Number(match[2]);
        const started = startedOf.get(pid)?.[Number(match[1])];
        const knewAt = observedAt.get(pid);
        if (started === undefined || knewAt === undefined) return [`unknown call ${content}`];
        return started >= knewAt ? [`${content}: began ${started - knewAt} ms after`] : [];
      });
      expect(lateUses).toEqual([]);
      // And a loose absolute bound, whatever the loop delays were.
      expect(lastUse - exhausted!.receivedAt).toBeLessThanOrEqual(MAX_SHARE_LAG_MS);

      // The calls themselves went on (key B took over; only the one quota answer failed).
      expect(totalOutcome(summaries, 'ok')).toBeGreaterThanOrEqual(239);
      const lastToLearn = Math.max(...seen.map((s) => s.event!.at));
      expect(
        requests.filter((r) => r.keyId === keyId(KEY_B) && r.receivedAt > lastToLearn).length,
      ).toBeGreaterThan(0);
    }, 60_000);
  });
});
