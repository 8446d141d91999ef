import { median } from './median.ts';
import type { PhaseResult, Scenario } from './worker-job.ts';

/** One contender's phase result in one round. */
export interface RoundSample {
  readonly round: number;
  readonly contender: string;
  readonly phase: PhaseResult;
}

/** A table row: medians over rounds and ratios to the baseline taken inside each round. */
export interface CallRow {
  readonly contender: string;
  readonly scenario: Scenario;
  readonly concurrency: number;
  /** Rounds that produced a figure. */
  readonly rounds: number;
  /** Median of the calls measured per round (phases are bounded by count and by time). */
  readonly calls: number;
  readonly cpuUs: number;
  readonly wallUs: number;
  readonly minorFaults: number;
  readonly majorFaults: number;
  /** Median over rounds of (this contender's CPU / the baseline's CPU in the same round). */
  readonly cpuRatio: number;
  readonly wallRatio: number;
}

/**
 * Reduces interleaved rounds to one row per contender, scenario and concurrency. Ratios are
 * computed per round first (both figures measured minutes apart at most, under the same machine
 * load) and only then reduced to their median: on a noisy shared machine the ratio is the result,
 * absolute times are context.
 */
export function aggregateRounds(samples: readonly RoundSample[], baseline: string): CallRow[] {
  const key = (contender: string, scenario: string, concurrency: number): string =>
    `${contender}\u0000${scenario}\u0000${concurrency}`;
  const baselines = new Map<string, PhaseResult>();
  for (const s of samples) {
    if (s.contender === baseline) {
      baselines.set(`${s.round}\u0000${s.phase.scenario}\u0000${s.phase.concurrency}`, s.phase);
    }
  }
  const groups = new Map<string, RoundSample[]>();
  for (const s of samples) {
    const k = key(s.contender, s.phase.scenario, s.phase.concurrency);
    const list = groups.get(k) ?? [];
    list.push(s);
    groups.set(k, list);
  }
  const rows: CallRow[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    const ratios = (pick: (p: PhaseResult) => number): number[] =>
      list.flatMap((s) => {
        const base = baselines.get(
          `${s.round}\u0000${s.phase.scenario}\u0000${s.phase.concurrency}`,
        );
        return base === undefined ? [] : [pick(s.phase) / pick(base)];
      });
    rows.push({
      contender: first.contender,
      scenario: first.phase.scenario,
      concurrency: first.phase.concurrency,
      rounds: list.length,
      calls: median(list.map((s) => s.phase.calls)),
      cpuUs: median(list.map((s) => s.phase.cpuUs)),
      wallUs: median(list.map((s) => s.phase.wallUs)),
      minorFaults: median(list.map((s) => s.phase.minorFaults)),
      majorFaults: median(list.map((s) => s.phase.majorFaults)),
      cpuRatio: median(ratios((p) => p.cpuUs)),
      wallRatio: median(ratios((p) => p.wallUs)),
    });
  }
  return rows;
}
