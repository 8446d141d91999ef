import { describe, expect, it } from 'vitest';
import { timeOperation } from './time-operation.ts';

describe('timeOperation', () => {
  it('runs the warm-up untimed, then times each sample with distinct indexes', async () => {
    const seen: number[] = [];
    const latency = await timeOperation(
      async (i) => {
        seen.push(i);
      },
      { samples: 20, warmup: 5 },
    );
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(latency.samples).toBe(20);
    expect(latency.p50Us).toBeGreaterThanOrEqual(0);
    expect(latency.p99Us).toBeGreaterThanOrEqual(latency.p50Us);
    expect(latency.meanUs).toBeGreaterThanOrEqual(0);
  });

  it('sees a slow operation as slow (microseconds, not milliseconds)', async () => {
    const latency = await timeOperation(() => new Promise((r) => setTimeout(r, 2)), {
      samples: 5,
      warmup: 0,
    });
    expect(latency.p50Us).toBeGreaterThanOrEqual(1_500);
  });
});
