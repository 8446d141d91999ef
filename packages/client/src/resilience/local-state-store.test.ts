import { describe, expect, it } from 'vitest';
import { LocalStateStore } from './local-state-store';

function store() {
  // Real clocks never read 0 (lru-cache treats a 0 start time as "no TTL").
  let now = 1_000;
  return {
    s: new LocalStateStore({ cacheMaxEntries: 2, now: () => now }),
    advance: (ms: number) => (now += ms),
  };
}

describe('LocalStateStore', () => {
  it('keeps buckets per name', async () => {
    const { s } = store();
    const limits = { requests: 1, windowMs: 1000 };
    expect(await s.take('a', { requests: 1, tokens: 0 }, limits)).toBe(0);
    expect(await s.take('a', { requests: 1, tokens: 0 }, limits)).toBe(1000);
    expect(await s.take('b', { requests: 1, tokens: 0 }, limits)).toBe(0);
    await s.adjust('a', { requests: 1, tokens: 0 }, limits);
    expect(await s.take('a', { requests: 1, tokens: 0 }, limits)).toBe(0);
  });

  it('keeps the newer record and expires records after their TTL', async () => {
    const { s, advance } = store();
    await s.writeRecord('key', 'k1', { status: 'cooling', updatedAt: 10 }, 1000);
    await s.writeRecord('key', 'k1', { status: 'healthy', updatedAt: 5 }, 1000);
    expect((await s.readRecords('key', ['k1', 'k2'])).get('k1')?.status).toBe('cooling');
    advance(1000);
    expect((await s.readRecords('key', ['k1'])).size).toBe(0);
  });

  it('bounds the cache by entries and TTL', async () => {
    const { s, advance } = store();
    await s.cacheSet('a', '1', 100);
    await s.cacheSet('b', '2', 100);
    await s.cacheSet('c', '3', 100);
    expect(await s.cacheGet('a')).toBeUndefined();
    expect(await s.cacheGet('c')).toBe('3');
    advance(101);
    expect(await s.cacheGet('c')).toBeUndefined();
  });
});
