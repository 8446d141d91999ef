import type { ContenderContext } from './contender.ts';
import { CONTENDERS, type ContenderId } from './contender-registry.ts';
import type { MemoryCheckpoint } from './worker-job.ts';

/** Options of {@link runMemoryCheck}. */
export interface RunMemoryCheckOptions {
  readonly contender: ContenderId;
  readonly context: ContenderContext;
  /** Call counts (ascending) after which memory is read; 0 reads it before the first call. */
  readonly checkpoints: readonly number[];
  readonly concurrency: number;
  /**
   * Stop after this long even if a checkpoint is not reached: the reading is then taken at the
   * calls made and marked `truncated` (a throttled pipeline must not stall the whole suite).
   * @default Infinity
   */
  readonly maxMs?: number;
}

/**
 * Makes plain chat calls through a contender and reads resident memory and heap after a forced
 * GC at each checkpoint: growth between two late checkpoints means something is retained per call.
 */
export async function runMemoryCheck({
  contender,
  context,
  checkpoints,
  concurrency,
  maxMs = Number.POSITIVE_INFINITY,
}: RunMemoryCheckOptions): Promise<MemoryCheckpoint[]> {
  const factory = await CONTENDERS[contender].load();
  const client = await factory(context);
  const readings: MemoryCheckpoint[] = [];
  let next = 0;
  let done = 0;
  const stopAt = performance.now() + maxMs;
  try {
    for (const target of checkpoints) {
      const lane = async (): Promise<void> => {
        while (next < target && performance.now() < stopAt) {
          await client.chat(next++);
          done++;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      const truncated = done < target;
      // Two passes: the first can leave finalizer-held objects for the second.
      globalThis.gc?.();
      globalThis.gc?.();
      const memory = process.memoryUsage();
      readings.push({
        calls: done,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        externalBytes: memory.external,
        ...(truncated ? { truncated } : {}),
      });
      if (truncated) break;
    }
  } finally {
    await client.close?.();
  }
  return readings;
}
