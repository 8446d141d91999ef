import { createHash } from 'node:crypto';
import { AIError } from '@aiclient/errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Outcome } from './classify-outcome';
import { KeyPool, type KeyPoolEvent, type KeyPoolOptions } from './key-pool';
import { LocalStateStore } from './local-state-store';

const fingerprint = (key: string): string =>
  `key_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;

function pool(options: Partial<KeyPoolOptions> = {}) {
  let now = 1_000_000;
  const events: KeyPoolEvent[] = [];
  const keyPool = new KeyPool({
    keys: ['sk-a', 'sk-b'],
    fingerprint,
    now: () => now,
    random: () => 0,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return {
    keyPool,
    events,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

const rateLimited = (retryAfterMs?: number): Outcome =>
  retryAfterMs === undefined
    ? { kind: 'rate_limited', retryable: true }
    : { kind: 'rate_limited', retryable: true, retryAfterMs };

afterEach(() => {
  vi.useRealTimers();
});

describe('KeyPool selection', () => {
  it('selects by weight among healthy keys', () => {
    let r = 0;
    const { keyPool } = pool({
      keys: [
        { key: 'sk-a', weight: 1 },
        { key: 'sk-b', weight: 3 },
      ],
      random: () => r,
    });
    const picks = [0, 0.2, 0.3, 0.6, 0.99].map((value) => {
      r = value;
      const lease = keyPool.select();
      lease.release();
      return lease.key;
    });
    // Weight 1 covers [0, 0.25), weight 3 covers [0.25, 1).
    expect(picks).toEqual(['sk-a', 'sk-a', 'sk-b', 'sk-b', 'sk-b']);
  });

  it('trySelect answers undefined instead of throwing when no key is healthy', () => {
    const { keyPool } = pool();
    keyPool.report(fingerprint('sk-a'), rateLimited(5000));
    const lease = keyPool.trySelect();
    expect(lease?.keyId).toBe(fingerprint('sk-b'));
    keyPool.report(fingerprint('sk-b'), rateLimited(5000));
    expect(keyPool.trySelect()).toBeUndefined();
    expect(() => keyPool.select()).toThrow(AIError);
    // A lease ends once: a second release does not count twice.
    lease?.release();
    lease?.release();
    expect(keyPool.snapshot().map((s) => s.inFlight)).toEqual([0, 0]);
  });

  it('returns the key whose cooldown ends first, even when it cooled down last', () => {
    const { keyPool, advance } = pool();
    keyPool.report(fingerprint('sk-a'), rateLimited(5000));
    expect(keyPool.trySelect()?.keyId).toBe(fingerprint('sk-b'));
    keyPool.report(fingerprint('sk-b'), rateLimited(1000));
    expect(keyPool.trySelect()).toBeUndefined();
    advance(1000);
    expect(keyPool.trySelect()?.keyId).toBe(fingerprint('sk-b'));
    advance(4000);
    expect(keyPool.isHealthy(fingerprint('sk-a'))).toBe(true);
  });

  it('skips keys already tried in the call while another is healthy', () => {
    const { keyPool } = pool();
    expect(keyPool.select(new Set([fingerprint('sk-a')])).key).toBe('sk-b');
    // With every key excluded it still answers rather than failing the retry.
    expect(keyPool.select(new Set([fingerprint('sk-a'), fingerprint('sk-b')])).key).toBe('sk-a');
  });

  it('exposes fingerprints, never keys, in snapshots and events', () => {
    const { keyPool, events } = pool();
    keyPool.report(fingerprint('sk-a'), rateLimited(5));
    const text = JSON.stringify([keyPool.snapshot(), events]);
    expect(text).not.toContain('sk-a');
    expect(text).toContain(fingerprint('sk-a'));
  });
});

describe('KeyPool transitions', () => {
  it('healthy -> cooling on 429 until its reset, then healthy again by itself', () => {
    const { keyPool, advance, events } = pool({ keys: ['sk-a'] });
    const id = fingerprint('sk-a');
    keyPool.report(id, rateLimited(2000));
    expect(keyPool.snapshot()[0]).toMatchObject({ status: 'cooling' });
    expect(() => keyPool.select()).toThrow(/No healthy API key/);
    advance(1999);
    expect(() => keyPool.select()).toThrow();
    advance(1);
    expect(keyPool.select().key).toBe('sk-a');
    expect(events.map((e) => `${e.from}->${e.to}`)).toEqual([
      'absent->healthy',
      'healthy->cooling',
      'cooling->healthy',
    ]);
  });

  it('uses the default cooldown when a 429 names no reset, and only ever extends it', () => {
    const { keyPool, advance } = pool({ keys: ['sk-a'], defaultCooldownMs: 10_000 });
    const id = fingerprint('sk-a');
    keyPool.report(id, rateLimited());
    keyPool.report(id, rateLimited(100));
    advance(9_999);
    expect(keyPool.snapshot()[0]?.status).toBe('cooling');
    advance(1);
    expect(keyPool.snapshot()[0]?.status).toBe('healthy');
  });

  it('healthy -> exhausted on insufficient_quota, back after exhaustedRetryMs', () => {
    const { keyPool, advance } = pool({ exhaustedRetryMs: 60_000 });
    keyPool.report(fingerprint('sk-a'), { kind: 'quota_exhausted', retryable: false });
    for (let i = 0; i < 5; i++) expect(keyPool.select().key).toBe('sk-b');
    advance(60_000);
    expect(keyPool.snapshot().find((s) => s.keyId === fingerprint('sk-a'))?.status).toBe('healthy');
  });

  it('healthy -> revoked on 401 and stays revoked without a live check', () => {
    const { keyPool, advance } = pool();
    keyPool.report(fingerprint('sk-a'), { kind: 'unauthorized', retryable: false });
    advance(365 * 24 * 3_600_000);
    expect(keyPool.snapshot().find((s) => s.keyId === fingerprint('sk-a'))?.status).toBe('revoked');
  });

  it('ignores outcomes that say nothing about the key', () => {
    const { keyPool } = pool();
    for (const kind of ['success', 'transient', 'client_error', 'forbidden'] as const) {
      keyPool.report(fingerprint('sk-a'), { kind, retryable: false });
    }
    expect(keyPool.snapshot().every((s) => s.status === 'healthy')).toBe(true);
  });

  it('throws AINoKeyAvailableError (AI-API-018) naming states and the earliest return', () => {
    const { keyPool } = pool();
    keyPool.report(fingerprint('sk-a'), rateLimited(500));
    keyPool.report(fingerprint('sk-b'), { kind: 'unauthorized', retryable: false });
    try {
      keyPool.select();
      expect.unreachable();
    } catch (error) {
      expect(AIError.isInstance(error)).toBe(true);
      expect((error as AIError).code).toBe('AI-API-018');
      expect((error as AIError).context.details).toMatchObject({ retryInMs: 500 });
      expect((error as AIError).message).not.toContain('sk-');
    }
  });

  it('acquire waits for a cooling key that returns before the deadline', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const keyPool = new KeyPool({ keys: ['sk-a'], fingerprint });
    keyPool.report(fingerprint('sk-a'), rateLimited(300));
    const lease = keyPool.acquire({ deadlineAt: Date.now() + 1000 });
    await vi.advanceTimersByTimeAsync(300);
    expect((await lease).key).toBe('sk-a');
    keyPool.report(fingerprint('sk-a'), rateLimited(5000));
    await expect(keyPool.acquire({ deadlineAt: Date.now() + 1000 })).rejects.toMatchObject({
      code: 'AI-API-018',
    });
  });
});

describe('KeyPool live checks', () => {
  it('restores exhausted and revoked keys on a passing check and revokes invalid ones', async () => {
    const verdicts: Record<string, 'valid' | 'invalid' | 'quota_exhausted' | 'unreachable'> = {
      'sk-a': 'valid',
      'sk-b': 'invalid',
      'sk-c': 'valid',
      'sk-d': 'unreachable',
    };
    const { keyPool } = pool({
      keys: ['sk-a', 'sk-b', 'sk-c', 'sk-d'],
      verify: async (key) => ({ status: verdicts[key] ?? 'error' }),
    });
    keyPool.report(fingerprint('sk-a'), { kind: 'quota_exhausted', retryable: false });
    keyPool.report(fingerprint('sk-c'), { kind: 'unauthorized', retryable: false });
    keyPool.report(fingerprint('sk-d'), { kind: 'unauthorized', retryable: false });
    await keyPool.checkAll();
    const status = Object.fromEntries(keyPool.snapshot().map((s) => [s.keyId, s.status]));
    expect(status).toEqual({
      [fingerprint('sk-a')]: 'healthy',
      [fingerprint('sk-b')]: 'revoked',
      [fingerprint('sk-c')]: 'healthy',
      // An unreachable check leaves the state as it was.
      [fingerprint('sk-d')]: 'revoked',
    });
  });

  it('runs checks periodically once started', async () => {
    vi.useFakeTimers();
    const verify = vi.fn(async () => ({ status: 'valid' as const }));
    const keyPool = new KeyPool({ keys: ['sk-a'], fingerprint, verify, liveCheckIntervalMs: 1000 });
    keyPool.start();
    await vi.advanceTimersByTimeAsync(3000);
    keyPool.close();
    expect(verify).toHaveBeenCalledTimes(3);
  });
});

describe('KeyPool rotation', () => {
  it('adds new provider keys and drains removed ones without failing an in-flight call', async () => {
    let keys = ['sk-old'];
    const { keyPool, events } = pool({ keys: [], provider: async () => keys });
    await keyPool.refresh();
    const inFlight = keyPool.select();
    expect(inFlight.key).toBe('sk-old');

    keys = ['sk-new'];
    await keyPool.refresh();
    // The old key takes no new calls but is still in the pool for the in-flight one.
    expect(
      keyPool
        .snapshot()
        .map((s) => s.status)
        .sort(),
    ).toEqual(['draining', 'healthy']);
    for (let i = 0; i < 3; i++) expect(keyPool.select().key).toBe('sk-new');
    // A draining key's outcome changes nothing.
    keyPool.report(inFlight.keyId, { kind: 'unauthorized', retryable: false });
    inFlight.release();
    expect(keyPool.snapshot().map((s) => s.keyId)).toEqual([fingerprint('sk-new')]);
    expect(events.at(-1)).toMatchObject({ keyId: fingerprint('sk-old'), to: 'removed' });
  });

  it('re-reads the provider on its interval and keeps keys when it fails', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const keyPool = await KeyPool.create({
      fingerprint,
      refreshIntervalMs: 1000,
      provider: async () => {
        calls++;
        if (calls === 2) throw new Error('secret store down');
        return calls === 1 ? ['sk-1'] : ['sk-1', 'sk-2'];
      },
    });
    expect(keyPool.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(keyPool.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(keyPool.size).toBe(2);
    keyPool.close();
  });

  it('addKey and removeKey rotate by hand', () => {
    const { keyPool } = pool({ keys: ['sk-a'] });
    keyPool.addKey('sk-b', 2);
    keyPool.removeKey('sk-a');
    expect(keyPool.snapshot()).toEqual([
      { keyId: fingerprint('sk-b'), status: 'healthy', weight: 2, inFlight: 0 },
    ]);
  });
});

describe('KeyPool shared state', () => {
  it('a key exhausted in one pool is skipped by another after a sync', async () => {
    const store = new LocalStateStore();
    const first = pool({ store });
    const second = pool({ store });
    first.keyPool.report(fingerprint('sk-a'), { kind: 'quota_exhausted', retryable: false });
    await Promise.resolve();
    await second.keyPool.sync();
    expect(second.keyPool.snapshot().find((s) => s.keyId === fingerprint('sk-a'))?.status).toBe(
      'exhausted',
    );
    expect(second.keyPool.select().key).toBe('sk-b');
  });

  it('a live check that restores a key overrides the older shared state', async () => {
    const store = new LocalStateStore();
    const first = pool({ store, verify: async () => ({ status: 'valid' }) });
    const second = pool({ store });
    first.keyPool.report(fingerprint('sk-a'), { kind: 'unauthorized', retryable: false });
    await second.keyPool.sync();
    first.advance(10);
    await first.keyPool.checkAll();
    await second.keyPool.sync();
    expect(second.keyPool.snapshot().every((s) => s.status === 'healthy')).toBe(true);
  });
});
