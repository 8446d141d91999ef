import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitEvent, circuitVerdict } from './circuit-breaker';
import { LocalStateStore } from './local-state-store';

function breaker(store?: LocalStateStore) {
  let now = 1_000_000;
  const events: CircuitEvent[] = [];
  const deps = store === undefined ? {} : { store };
  const cb = new CircuitBreaker(
    'primary',
    { failureRateThreshold: 0.5, minimumCalls: 4, windowMs: 10_000, openMs: 5_000 },
    { ...deps, now: () => now, onStateChange: (e) => events.push(e) },
  );
  const call = (verdict: 'success' | 'failure' | 'neutral') => {
    const permit = cb.tryAcquire();
    if (permit === undefined) return false;
    permit.done(verdict);
    return true;
  };
  return { cb, events, call, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the minimum number of calls', () => {
    const { cb, call } = breaker();
    for (let i = 0; i < 3; i++) call('failure');
    expect(cb.state).toBe('closed');
  });

  it('closed -> open at the failure rate, then skips without a permit', () => {
    const { cb, call, events } = breaker();
    call('success');
    call('success');
    call('failure');
    expect(cb.state).toBe('closed');
    call('failure');
    expect(cb.state).toBe('open');
    expect(cb.tryAcquire()).toBeUndefined();
    expect(events).toEqual([{ target: 'primary', from: 'closed', to: 'open', failureRate: 0.5 }]);
  });

  it('neutral results count for nothing', () => {
    const { cb, call } = breaker();
    for (let i = 0; i < 10; i++) call('neutral');
    call('failure');
    expect(cb.counts()).toEqual({ calls: 1, failures: 1 });
    expect(cb.state).toBe('closed');
  });

  it('forgets results older than the window', () => {
    const { cb, call, advance } = breaker();
    for (let i = 0; i < 3; i++) call('failure');
    advance(11_000);
    call('failure');
    expect(cb.counts()).toEqual({ calls: 1, failures: 1 });
    expect(cb.state).toBe('closed');
  });

  it('open -> half_open after openMs; one probe at a time; success closes', () => {
    const { cb, call, advance, events } = breaker();
    for (let i = 0; i < 4; i++) call('failure');
    expect(cb.retryAt).toBeDefined();
    advance(4_999);
    expect(cb.state).toBe('open');
    advance(1);
    expect(cb.state).toBe('half_open');
    const probe = cb.tryAcquire();
    expect(probe?.probe).toBe(true);
    expect(cb.tryAcquire()).toBeUndefined();
    probe?.done('success');
    expect(cb.state).toBe('closed');
    expect(cb.counts().calls).toBe(0);
    expect(events.map((e) => e.to)).toEqual(['open', 'half_open', 'closed']);
  });

  it('half_open -> open again when the probe fails', () => {
    const { cb, call, advance } = breaker();
    for (let i = 0; i < 4; i++) call('failure');
    advance(5_000);
    cb.tryAcquire()?.done('failure');
    expect(cb.state).toBe('open');
    advance(4_999);
    expect(cb.tryAcquire()).toBeUndefined();
  });

  it('a neutral probe frees its slot for the next probe', () => {
    const { cb, call, advance } = breaker();
    for (let i = 0; i < 4; i++) call('failure');
    advance(5_000);
    cb.tryAcquire()?.done('neutral');
    expect(cb.state).toBe('half_open');
    expect(cb.tryAcquire()?.probe).toBe(true);
  });

  it('maps outcomes to verdicts', () => {
    expect(circuitVerdict({ kind: 'success', retryable: false })).toBe('success');
    expect(circuitVerdict({ kind: 'transient', retryable: true })).toBe('failure');
    expect(circuitVerdict({ kind: 'rate_limited', retryable: true })).toBe('neutral');
    expect(circuitVerdict({ kind: 'client_error', retryable: false })).toBe('neutral');
  });

  it('shares open and closed states through the store', async () => {
    const store = new LocalStateStore();
    const a = breaker(store);
    const b = breaker(store);
    for (let i = 0; i < 4; i++) a.call('failure');
    await b.cb.sync();
    expect(b.cb.state).toBe('open');
    expect(b.cb.tryAcquire()).toBeUndefined();
    a.advance(5_000);
    b.advance(5_000);
    a.cb.tryAcquire()?.done('success');
    await b.cb.sync();
    expect(b.cb.state).toBe('closed');
  });
});
