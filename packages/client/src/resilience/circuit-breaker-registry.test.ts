import { expect, it, vi } from 'vitest';
import { CircuitBreakerRegistry } from './circuit-breaker-registry';
import { LocalStateStore } from './local-state-store';

it('keeps one breaker per target with the shared options', () => {
  const registry = new CircuitBreakerRegistry({ minimumCalls: 1 });
  expect(registry.get('a')).toBe(registry.get('a'));
  registry.get('a').tryAcquire()?.done('failure');
  expect(registry.states()).toEqual({ a: 'open' });
  expect(registry.get('b').state).toBe('closed');
});

it('syncs every breaker from the store on its interval', async () => {
  vi.useFakeTimers();
  try {
    const store = new LocalStateStore();
    const one = new CircuitBreakerRegistry({ minimumCalls: 1 }, { store });
    const two = new CircuitBreakerRegistry({ minimumCalls: 1 }, { store });
    two.get('a');
    two.start(100);
    one.get('a').tryAcquire()?.done('failure');
    await vi.advanceTimersByTimeAsync(100);
    expect(two.states()).toEqual({ a: 'open' });
    two.close();
    expect(vi.getTimerCount()).toBe(0);
  } finally {
    vi.useRealTimers();
  }
});

it('reads the shared state of a target the first time it is asked for', async () => {
  const store = new LocalStateStore();
  const one = new CircuitBreakerRegistry({ minimumCalls: 1 }, { store });
  one.get('a').tryAcquire()?.done('failure');
  const two = new CircuitBreakerRegistry({ minimumCalls: 1 }, { store });
  expect((await two.getSynced('a')).state).toBe('open');
});

it('has a first read to wait for only while it is under way', async () => {
  const store = new LocalStateStore();
  const one = new CircuitBreakerRegistry({ minimumCalls: 1 }, { store });
  one.get('a').tryAcquire()?.done('failure');
  const two = new CircuitBreakerRegistry({ minimumCalls: 1 }, { store });
  const pending = two.firstSync('a');
  expect(pending).toBeInstanceOf(Promise);
  await pending;
  expect(two.firstSync('a')).toBeUndefined();
  expect(two.get('a').state).toBe('open');
  // Without a store there is never anything to wait for.
  expect(new CircuitBreakerRegistry().firstSync('a')).toBeUndefined();
});
