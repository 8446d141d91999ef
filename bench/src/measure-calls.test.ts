import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { measureCalls } from './measure-calls.ts';

describe('measureCalls', () => {
  it('runs warm-up then measured calls with distinct, contiguous indexes', async () => {
    const seen: number[] = [];
    let measuredFrom = -1;
    // No time bound given: exactly the requested counts.
    const cost = await measureCalls({
      call: async (i) => {
        seen.push(i);
      },
      calls: 10,
      warmup: 5,
      beforeMeasure: () => {
        measuredFrom = seen.length;
      },
    });
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(measuredFrom).toBe(5);
    expect(cost.calls).toBe(10);
    expect(cost.concurrency).toBe(1);
  });

  it('keeps exactly the requested number of calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    await measureCalls({
      call: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick();
        inFlight--;
      },
      calls: 200,
      concurrency: 64,
    });
    expect(peak).toBe(64);
    expect(inFlight).toBe(0);
  });

  it('reports CPU, wall time and page faults per call as non-negative numbers', async () => {
    const cost = await measureCalls({
      call: async () => {
        // Burn a little CPU so the per-call figure is measurable.
        let x = 0;
        for (let i = 0; i < 20_000; i++) x += Math.sqrt(i);
        return x;
      },
      calls: 50,
    });
    expect(cost.cpuUs).toBeGreaterThan(0);
    expect(cost.cpuUs).toBeCloseTo(cost.userUs + cost.systemUs);
    expect(cost.wallUs).toBeGreaterThan(0);
    expect(cost.minorFaults).toBeGreaterThanOrEqual(0);
    expect(cost.majorFaults).toBeGreaterThanOrEqual(0);
  });

  it('rejects when a call fails, so a broken contender never reports a figure', async () => {
    await expect(
      measureCalls({
        call: async (i) => {
          if (i === 3) throw new Error('boom');
        },
        calls: 5,
      }),
    ).rejects.toThrow('boom');
  });

  it('stops starting calls once maxMs has passed and reports the calls actually made', async () => {
    let made = 0;
    const cost = await measureCalls({
      call: async () => {
        made++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
      calls: 1_000_000,
      concurrency: 4,
      warmup: 1_000_000,
      warmupMaxMs: 20,
      maxMs: 30,
    });
    // Far fewer than asked: bounded by time, every lane finishing the call it had started.
    expect(cost.calls).toBeGreaterThanOrEqual(4);
    expect(cost.calls).toBeLessThan(1_000);
    expect(made).toBeLessThan(2_000);
    expect(cost.wallUs).toBeGreaterThan(0);
  });

  it('makes at least minCalls calls even when maxMs has long passed', async () => {
    const cost = await measureCalls({
      call: () => new Promise((resolve) => setTimeout(resolve, 2)),
      calls: 1_000,
      concurrency: 2,
      warmup: 1_000,
      warmupMaxMs: 0,
      minWarmup: 3,
      maxMs: 0,
      minCalls: 10,
    });
    expect(cost.calls).toBe(10);
  });

  it('rejects nonsensical counts', async () => {
    await expect(measureCalls({ call: async () => {}, calls: 0 })).rejects.toThrow(RangeError);
    await expect(measureCalls({ call: async () => {}, calls: 1, concurrency: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});
