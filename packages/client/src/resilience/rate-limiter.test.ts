import { AIError } from '@aiclient/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalStateStore } from './local-state-store';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

function limiter(options: RateLimiterOptions) {
  const waits: number[] = [];
  const store = new LocalStateStore();
  // No headroom here: the exact arithmetic is what these tests check.
  const rl = new RateLimiter(
    { headroom: 0, ...options },
    { store, onWait: ({ waitedMs }) => waits.push(waitedMs) },
  );
  return { rl, waits, store };
}

const one = (tokens = 0) => ({ requests: 1, tokens });

describe('RateLimiter', () => {
  it('grants at once while the budget lasts', async () => {
    const { rl } = limiter({ requestsPerWindow: 10, windowMs: 1000 });
    const ticket = await rl.acquire('k:m', one());
    expect(ticket.waitedMs).toBe(0);
    expect(ticket.throttled).toBe(false);
    expect(rl.enabled).toBe(true);
  });

  it('queues FIFO and releases at the allowed rate', async () => {
    const { rl, waits } = limiter({ requestsPerWindow: 2, windowMs: 1000 });
    const order: number[] = [];
    const calls = [0, 1, 2, 3, 4].map((i) =>
      rl.acquire('k:m', one()).then(() => {
        order.push(i);
        return Date.now() - 1_000_000;
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([0, 1]);
    expect(rl.queued).toBe(3);
    await vi.advanceTimersByTimeAsync(1500);
    const times = await Promise.all(calls);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    // One request every 500 ms once the initial burst is spent.
    expect(times).toEqual([0, 0, 500, 1000, 1500]);
    expect(waits).toEqual([500, 1000, 1500]);
    expect(rl.queued).toBe(0);
  });

  it('never lets a small call overtake a large one waiting at the head', async () => {
    const { rl } = limiter({ tokensPerWindow: 100, windowMs: 1000 });
    await rl.acquire('b', one(90));
    const order: string[] = [];
    const big = rl.acquire('b', one(50)).then(() => order.push('big'));
    const small = rl.acquire('b', one(5)).then(() => order.push('small'));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
  });

  it('keeps buckets independent', async () => {
    const { rl } = limiter({ requestsPerWindow: 1, windowMs: 60_000 });
    await rl.acquire('key_a:gpt', one());
    await expect(rl.acquire('key_b:gpt', one())).resolves.toMatchObject({ waitedMs: 0 });
  });

  it('fails at once with a client-side AIRateLimitError when the wait passes the deadline', async () => {
    const { rl } = limiter({ requestsPerWindow: 1, windowMs: 60_000 });
    await rl.acquire('b', one());
    const error = await rl.acquire('b', one(), { deadlineAt: Date.now() + 5000 }).catch((e) => e);
    expect(AIError.isInstance(error)).toBe(true);
    expect(error.code).toBe('AI-API-005');
    expect(error.retryAfterMs).toBe(60_000);
    expect(error.context.details).toMatchObject({ clientSide: true });
  });

  it('turns a full queue into an immediate AIQueueFullError', async () => {
    const { rl } = limiter({ requestsPerWindow: 1, windowMs: 60_000, maxQueue: 2 });
    await rl.acquire('b', one());
    const waiting = [rl.acquire('b', one()), rl.acquire('b', one())];
    for (const w of waiting) w.catch(() => undefined);
    await expect(rl.acquire('b', one())).rejects.toMatchObject({ code: 'AI-API-017' });
    expect(rl.queued).toBe(2);
  });

  it('drops an aborted waiter and serves the next one', async () => {
    const { rl } = limiter({ requestsPerWindow: 1, windowMs: 1000 });
    await rl.acquire('b', one());
    const controller = new AbortController();
    const aborted = rl.acquire('b', one(), { signal: controller.signal });
    const next = rl.acquire('b', one());
    controller.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toMatchObject({ code: 'AI-API-013' });
    expect(rl.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(next).resolves.toMatchObject({ waitedMs: 1000 });
  });

  it('reconciles an over-estimate so the next call need not wait', async () => {
    const { rl } = limiter({ tokensPerWindow: 100, windowMs: 60_000 });
    const ticket = await rl.acquire('b', one(100));
    await ticket.reconcile(20);
    await expect(rl.acquire('b', one(80))).resolves.toMatchObject({ waitedMs: 0 });
  });

  it('reconciles an under-estimate by taking the difference', async () => {
    const { rl } = limiter({ tokensPerWindow: 100, windowMs: 1000 });
    const ticket = await rl.acquire('b', one(10));
    await ticket.reconcile(100);
    const next = rl.acquire('b', one(10));
    await vi.advanceTimersByTimeAsync(100);
    await expect(next).resolves.toMatchObject({ waitedMs: 100 });
  });

  it('calibrates down to the remaining budget the server reports, minus later grants', async () => {
    const { rl } = limiter({ requestsPerWindow: 100, windowMs: 60_000 });
    const first = await rl.acquire('b', one());
    await rl.acquire('b', one());
    // The server saw only the first call and says one request remains: the second took it.
    await first.calibrate({ remainingRequests: 1 });
    const next = rl.acquire('b', one(), { deadlineAt: Date.now() + 100 });
    await expect(next).rejects.toMatchObject({ code: 'AI-API-005' });
  });

  it('tryAcquire grants at once while the bucket holds the cost, else reserves nothing', () => {
    const { rl, store } = limiter({ requestsPerWindow: 2, tokensPerWindow: 100, windowMs: 1000 });
    const first = rl.tryAcquire('b', one(60));
    expect(first).toMatchObject({ bucket: 'b', waitedMs: 0, throttled: false });
    // 40 tokens left: 60 more would need a wait, so nothing is taken.
    expect(rl.tryAcquire('b', one(60))).toBeUndefined();
    expect(store.levelNow('b', { requests: 2, tokens: 100, windowMs: 1000 })).toMatchObject({
      requests: 1,
      tokens: 40,
    });
    expect(rl.tryAcquire('b', one(40))).toBeDefined();
  });

  it('tryAcquire never overtakes a queued call', async () => {
    const { rl } = limiter({ tokensPerWindow: 100, windowMs: 1000 });
    await rl.acquire('b', one(90));
    const queued = rl.acquire('b', one(50));
    expect(rl.queued).toBe(1);
    // 10 tokens would fit now, but a call is waiting for this bucket.
    expect(rl.tryAcquire('b', one(5))).toBeUndefined();
    // Another bucket is not held up.
    expect(rl.tryAcquire('c', one(5))).toBeDefined();
    await vi.advanceTimersByTimeAsync(1000);
    await expect(queued).resolves.toMatchObject({ throttled: true });
  });

  it('tryAcquire leaves a store without in-process buckets to acquire', async () => {
    class RemoteLike extends LocalStateStore {
      override readonly syncBuckets = undefined;
    }
    const rl = new RateLimiter(
      { requestsPerWindow: 10, windowMs: 1000 },
      { store: new RemoteLike() },
    );
    expect(rl.tryAcquire('b', one())).toBeUndefined();
    await expect(rl.acquire('b', one())).resolves.toMatchObject({ waitedMs: 0 });
  });

  it('calibration leaves the bucket alone when the server reports more than it holds', async () => {
    const { rl, store } = limiter({ requestsPerWindow: 100, windowMs: 60_000 });
    const first = await rl.acquire('b', one());
    await rl.acquire('b', one());
    await first.calibrate({ remainingRequests: 500 });
    expect(store.levelNow('b', { requests: 100, windowMs: 60_000 }).requests).toBe(98);
  });

  it('calibration lowers the bucket to what the server reports, minus calls granted later', async () => {
    const limits = { requestsPerWindow: 100, windowMs: 60_000 };
    const { rl, store } = limiter(limits);
    const first = await rl.acquire('b', one());
    const second = await rl.acquire('b', one());
    await rl.acquire('b', one());
    second.finish();
    // The third call is still in flight after the first: 10 - 1 = 9 remain for this client.
    await first.calibrate({ remainingRequests: 10 });
    expect(store.levelNow('b', { requests: 100, windowMs: 60_000 }).requests).toBe(9);
  });

  it('does not count store latency as throttling', async () => {
    class SlowStore extends LocalStateStore {
      // Answers like a remote store: only through its promises.
      override readonly syncBuckets = undefined;
      override async take(...args: Parameters<LocalStateStore['take']>) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return super.take(...args);
      }
    }
    const waits: number[] = [];
    const rl = new RateLimiter(
      { requestsPerWindow: 10, windowMs: 1000, headroom: 0 },
      { store: new SlowStore(), onWait: ({ waitedMs }) => waits.push(waitedMs) },
    );
    const pending = rl.acquire('b', one());
    await vi.advanceTimersByTimeAsync(20);
    const ticket = await pending;
    expect(ticket).toMatchObject({ waitedMs: 20, throttled: false });
    expect(waits).toEqual([]);
  });

  it('keeps the headroom in reserve by default without lowering the steady rate', async () => {
    const rl = new RateLimiter(
      { requestsPerWindow: 100, windowMs: 1000 },
      { store: new LocalStateStore() },
    );
    let granted = 0;
    for (let i = 0; i < 100; i++) {
      // A deadline of now: only grants that need no wait succeed.
      const ticket = await rl
        .acquire('b', one(), { deadlineAt: Date.now() })
        .catch(() => undefined);
      if (ticket !== undefined) granted++;
    }
    expect(granted).toBe(98);
  });
});
