import { percentile } from './percentile.ts';
import type { LatencySample } from './worker-job.ts';

/**
 * Times `samples` sequential runs of an async operation (after `warmup` untimed ones) and
 * summarizes them in microseconds.
 */
export async function timeOperation(
  operation: (index: number) => Promise<unknown>,
  { samples, warmup = Math.min(200, samples) }: { samples: number; warmup?: number },
): Promise<LatencySample> {
  for (let i = 0; i < warmup; i++) await operation(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await operation(warmup + i);
    times.push((performance.now() - t0) * 1000);
  }
  return {
    samples: times.length,
    p50Us: percentile(times, 50),
    p99Us: percentile(times, 99),
    meanUs: times.reduce((a, b) => a + b, 0) / times.length,
  };
}
