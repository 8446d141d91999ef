import type { ContenderContext } from './contender.ts';
import { CONTENDERS, type ContenderId, isContenderId } from './contender-registry.ts';
import { measureCalls } from './measure-calls.ts';
import type { PhaseResult, PhaseSpec } from './worker-job.ts';

/** Options of {@link runCallPhases}. */
export interface RunCallPhasesOptions {
  readonly contender: ContenderId;
  readonly context: ContenderContext;
  readonly phases: readonly PhaseSpec[];
}

/**
 * Measures one contender through a list of phases (scenario x concurrency) in this process.
 * A forced GC (when exposed) before each phase keeps one phase's garbage off the next one's bill.
 */
export async function runCallPhases({
  contender,
  context,
  phases,
}: RunCallPhasesOptions): Promise<PhaseResult[]> {
  // The id arrives as JSON on a command line: check it rather than trust the type.
  if (!isContenderId(contender)) throw new Error(`unknown contender '${String(contender)}'`);
  const factory = await CONTENDERS[contender].load();
  const client = await factory(context);
  const results: PhaseResult[] = [];
  let offset = 0;
  try {
    for (const phase of phases) {
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
        beforeMeasure: () => globalThis.gc?.(),
      });
      // Indexes beyond anything used so far: every request of the process stays distinct.
      offset += phase.warmup + phase.calls;
      results.push({ ...phase, ...cost });
    }
  } finally {
    await client.close?.();
  }
  return results;
}
