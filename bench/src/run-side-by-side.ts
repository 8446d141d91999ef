import type { Contender, ContenderContext } from './contender.ts';
import { CONTENDERS, type ContenderId } from './contender-registry.ts';
import { measureCalls } from './measure-calls.ts';
import type { PhaseSpec, SideBySideSample } from './worker-job.ts';

/** Options of {@link runSideBySide}. */
export interface RunSideBySideOptions {
  readonly contenders: readonly ContenderId[];
  readonly context: ContenderContext;
  readonly phase: PhaseSpec;
  readonly repeats: number;
}

/**
 * Loads several contenders into ONE process and measures them alternately. This reproduces a
 * "side-by-side" comparison, where each client pays for the other's heap, code and GC pressure;
 * comparing it with fresh-process figures tells a real per-call cost from an artefact of sharing.
 */
export async function runSideBySide({
  contenders,
  context,
  phase,
  repeats,
}: RunSideBySideOptions): Promise<SideBySideSample[]> {
  const clients: [ContenderId, Contender][] = [];
  for (const id of contenders) clients.push([id, await (await CONTENDERS[id].load())(context)]);
  const samples: SideBySideSample[] = [];
  let offset = 0;
  try {
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const [id, client] of clients) {
        const base = offset;
        const cost = await measureCalls({
          call: (index) => client[phase.scenario](base + index),
          calls: phase.calls,
          concurrency: phase.concurrency,
          warmup: phase.warmup,
          ...(phase.maxMs === undefined ? {} : { maxMs: phase.maxMs }),
          ...(phase.warmupMaxMs === undefined ? {} : { warmupMaxMs: phase.warmupMaxMs }),
          ...(phase.minCalls === undefined ? {} : { minCalls: phase.minCalls }),
          ...(phase.minWarmup === undefined ? {} : { minWarmup: phase.minWarmup }),
          ...(phase.minCalls === undefined ? {} : { minCalls: phase.minCalls }),
          ...(phase.minWarmup === undefined ? {} : { minWarmup: phase.minWarmup }),
        });
        // Indexes beyond anything used so far: every request of the process stays distinct.
        offset += phase.warmup + phase.calls;
        samples.push({ contender: id, repeat, cpuUs: cost.cpuUs, minorFaults: cost.minorFaults });
      }
    }
  } finally {
    for (const [, client] of clients) await client.close?.();
  }
  return samples;
}
