import { describe, expect, it } from 'vitest';
import { aggregateRounds, type RoundSample } from './aggregate-rounds.ts';
import type { PhaseResult } from './worker-job.ts';

function phase(cpuUs: number, wallUs = cpuUs * 2, concurrency = 64): PhaseResult {
  return {
    scenario: 'chat',
    concurrency,
    calls: 100,
    warmup: 10,
    cpuUs,
    userUs: cpuUs * 0.8,
    systemUs: cpuUs * 0.2,
    wallUs,
    minorFaults: 1,
    majorFaults: 0,
  };
}

describe('aggregateRounds', () => {
  it('takes ratios inside each round before the median, so a slow round does not skew them', () => {
    // Round 2 runs on a machine three times slower: absolute medians move, the ratio does not.
    const samples: RoundSample[] = [
      { round: 0, contender: 'openai', phase: phase(100) },
      { round: 0, contender: 'x', phase: phase(110) },
      { round: 1, contender: 'openai', phase: phase(100) },
      { round: 1, contender: 'x', phase: phase(110) },
      { round: 2, contender: 'openai', phase: phase(300) },
      { round: 2, contender: 'x', phase: phase(330) },
    ];
    const rows = aggregateRounds(samples, 'openai');
    const x = rows.find((r) => r.contender === 'x')!;
    expect(x.rounds).toBe(3);
    expect(x.calls).toBe(100);
    expect(x.cpuUs).toBe(110);
    expect(x.cpuRatio).toBeCloseTo(1.1);
    expect(x.wallRatio).toBeCloseTo(1.1);
    expect(rows.find((r) => r.contender === 'openai')!.cpuRatio).toBe(1);
  });

  it('keeps concurrency levels apart and compares each with the same level of the baseline', () => {
    const rows = aggregateRounds(
      [
        { round: 0, contender: 'openai', phase: phase(100, 200, 1) },
        { round: 0, contender: 'openai', phase: phase(50, 100, 64) },
        { round: 0, contender: 'x', phase: phase(200, 400, 1) },
        { round: 0, contender: 'x', phase: phase(100, 100, 64) },
      ],
      'openai',
    );
    const x1 = rows.find((r) => r.contender === 'x' && r.concurrency === 1)!;
    const x64 = rows.find((r) => r.contender === 'x' && r.concurrency === 64)!;
    expect(x1.cpuRatio).toBe(2);
    expect(x64.cpuRatio).toBe(2);
    expect(x64.wallRatio).toBe(1);
  });

  it('gives NaN ratios when the baseline has no figure in any round', () => {
    const rows = aggregateRounds([{ round: 0, contender: 'x', phase: phase(100) }], 'openai');
    expect(rows[0]!.cpuRatio).toBeNaN();
    expect(rows[0]!.cpuUs).toBe(100);
  });
});
