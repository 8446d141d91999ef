import { createNoopMeter, metrics } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestTelemetry } from './create-test-telemetry';
import { lazyInstruments } from './lazy-instruments';

afterEach(() => {
  metrics.disable();
});

describe('lazyInstruments', () => {
  it('builds nothing until first use and then once per explicit meter', () => {
    const build = vi.fn(() => ({ n: 1 }));
    const get = lazyInstruments(build, createNoopMeter());
    expect(build).not.toHaveBeenCalled();
    const first = get();
    expect(get()).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('follows the global meter provider and rebuilds only when it changes', async () => {
    const build = vi.fn(() => ({}));
    const get = lazyInstruments(build);
    const before = get();
    expect(get()).toBe(before);
    expect(build).toHaveBeenCalledTimes(1);
    const telemetry = createTestTelemetry();
    const after = get();
    expect(after).not.toBe(before);
    expect(get()).toBe(after);
    expect(build).toHaveBeenCalledTimes(2);
    await telemetry.shutdown();
  });
});
