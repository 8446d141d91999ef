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
}: RunMemoryCheckOptions): Promise<MemoryCheckpoint[]> {
  const factory = await CONTENDERS[contender].load();
  const client = await factory(context);
  const readings: MemoryCheckpoint[] = [];
  let next = 0;
  try {
    for (const target of checkpoints) {
      const lane = async (): Promise<void> => {
        while (next < target) await client.chat(next++);
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      // Two passes: the first can leave finalizer-held objects for the second.
      globalThis.gc?.();
      globalThis.gc?.();
      const memory = process.memoryUsage();
      readings.push({
        calls: target,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        externalBytes: memory.external,
      });
    }
  } finally {
    await client.close?.();
  }
  return readings;
}
