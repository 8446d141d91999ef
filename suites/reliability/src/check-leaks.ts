import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Live handles and requests by type, as `process.getActiveResourcesInfo()` names them. */
export type ResourceCounts = Record<string, number>;

/** Counts the process's active resources (sockets, timers, servers, ...) by type. */
export function activeResources(): ResourceCounts {
  const counts: ResourceCounts = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Resource types with more live instances now than in `baseline`, and by how many. */
export function resourceLeaks(baseline: ResourceCounts, now: ResourceCounts = activeResources()) {
  const leaks: ResourceCounts = {};
  for (const [type, count] of Object.entries(now)) {
    const extra = count - (baseline[type] ?? 0);
    if (extra > 0) leaks[type] = extra;
  }
  return leaks;
}

/**
 * Waits until no resource beyond `baseline` is live, or `timeoutMs` passes; returns what is
 * still left. Sockets and their close callbacks need a few turns of the loop after a server
 * closes, so one immediate look would report false leaks.
 */
export async function settledLeaks(
  baseline: ResourceCounts,
  timeoutMs = 2_000,
): Promise<ResourceCounts> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    // The poll itself must not count: look before arming the next timer.
    const leaks = resourceLeaks(baseline);
    if (Object.keys(leaks).length === 0 || Date.now() >= until) return leaks;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let collect: (() => void) | undefined;

/** Runs a full garbage collection (enabling `gc` on first use when node was not started with it). */
export function collectGarbage(): void {
  if (collect === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed !== undefined) collect = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  collect();
}

/**
 * Memory in use after full collections (twice: the first may only queue finalizers): the JS
 * heap plus external memory, where response bodies and other ArrayBuffers live.
 */
export async function heapAfterGc(): Promise<number> {
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}
