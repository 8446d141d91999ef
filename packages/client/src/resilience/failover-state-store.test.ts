import { describe, expect, it } from 'vitest';
import { FailoverStateStore, type RemoteStateStore } from './failover-state-store';
import { LocalStateStore } from './local-state-store';

class FakeRemote extends LocalStateStore implements RemoteStateStore {
  available = true;
  failing = false;
  readonly listeners = new Set<(available: boolean) => void>();
  onAvailabilityChange(listener: (available: boolean) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  setAvailable(available: boolean) {
    this.available = available;
    for (const l of this.listeners) l(available);
  }
  override async take(...args: Parameters<LocalStateStore['take']>) {
    if (this.failing) throw new Error('Command timed out');
    return super.take(...args);
  }
}

const limits = { requests: 1, windowMs: 60_000 };
const one = { requests: 1, tokens: 0 };

function setup() {
  const remote = new FakeRemote();
  const local = new LocalStateStore();
  const log: string[] = [];
  const store = new FailoverStateStore(remote, local, {
    onDegraded: () => log.push('degraded'),
    onRestored: () => log.push('restored'),
    onFallback: (op) => log.push(`fallback:${op}`),
  });
  return { remote, local, store, log };
}

describe('FailoverStateStore', () => {
  it('uses the remote store while it is available', async () => {
    const { remote, store, log } = setup();
    expect(await store.take('b', one, limits)).toBe(0);
    // The remote bucket is now empty; the local one was never touched.
    expect(await remote.take('b', one, limits)).toBeGreaterThan(0);
    expect(log).toEqual([]);
  });

  it('falls back to local state when a command fails, warning once per outage', async () => {
    const { remote, local, store, log } = setup();
    remote.failing = true;
    expect(await store.take('b', one, limits)).toBe(0);
    expect(await store.take('b', one, limits)).toBeGreaterThan(0);
    expect(await local.take('b', one, limits)).toBeGreaterThan(0);
    expect(log).toEqual(['degraded', 'fallback:take', 'fallback:take']);
    expect(store.degraded).toBe(true);
  });

  it('serves locally while the remote is away and resumes when it is back', async () => {
    const { remote, store, log } = setup();
    remote.setAvailable(false);
    await store.cacheSet('k', 'v', 1000);
    expect(await store.cacheGet('k')).toBe('v');
    expect(await remote.cacheGet('k')).toBeUndefined();
    remote.setAvailable(true);
    await store.cacheSet('k2', 'v2', 1000);
    expect(await remote.cacheGet('k2')).toBe('v2');
    expect(log).toEqual(['degraded', 'fallback:cacheSet', 'fallback:cacheGet', 'restored']);
  });

  it('keeps a local copy of every record so an outage starts from the latest states', async () => {
    const { remote, store } = setup();
    await store.writeRecord('key', 'key_1', { status: 'exhausted', updatedAt: 5 }, 60_000);
    remote.setAvailable(false);
    expect((await store.readRecords('key', ['key_1'])).get('key_1')?.status).toBe('exhausted');
  });
});
