import { describe, expect, it } from 'vitest';
import { evaluateTargets } from './evaluate-targets.ts';
import { sampleResults } from './sample-results.ts';

function verdict(targets: ReturnType<typeof evaluateTargets>, startsWith: string) {
  const row = targets.find((t) => t.target.startsWith(startsWith));
  if (row === undefined) throw new Error(`no target row starting with '${startsWith}'`);
  return row;
}

describe('evaluateTargets', () => {
  it('meets every target on results that satisfy them, saying what was measured', () => {
    const targets = evaluateTargets(sampleResults());
    expect(targets.filter((t) => t.met !== true)).toEqual([]);
    expect(verdict(targets, 'full pipeline, plain chat').measured).toBe('1.08x (108 µs per call)');
  });

  it('reports a missed ratio target with its distance', () => {
    const targets = evaluateTargets(sampleResults({ 'aiclient-full': 118, 'aiclient-off': 104 }));
    const full = verdict(targets, 'full pipeline, plain chat');
    expect(full.met).toBe(false);
    expect(full.measured).toContain('1.18x');
    expect(verdict(targets, 'everything off, plain chat').met).toBe(false);
  });

  it('compares with the Vercel AI SDK and LangChain, and the stream at half the Vercel cost', () => {
    const met = evaluateTargets(sampleResults());
    expect(verdict(met, 'full pipeline: less CPU per call than the Vercel').met).toBe(true);
    expect(verdict(met, "full pipeline: ≤ 0.5x the Vercel AI SDK's CPU per stream").measured).toBe(
      '216 µs vs 750 µs (0.29x)',
    );
    // A Vercel AI SDK at 80 µs a call (400 µs a stream) beats aiclient on both counts.
    const missed = evaluateTargets(sampleResults({ 'vercel-ai': 80 }));
    expect(verdict(missed, 'full pipeline: less CPU per call than the Vercel').met).toBe(false);
    expect(verdict(missed, "full pipeline: ≤ 0.5x the Vercel AI SDK's CPU per stream").met).toBe(
      false,
    );
    const slowerThanLangChain = evaluateTargets(sampleResults({ langchain: 100 }));
    expect(
      verdict(slowerThanLangChain, 'full pipeline: less CPU per call than LangChain').met,
    ).toBe(false);
  });

  it('leaves a target undecided (not met, not missed) when its figure is missing', () => {
    const results = sampleResults();
    const targets = evaluateTargets({
      ...results,
      calls: results.calls.filter((r) => r.contender !== 'aiclient-full'),
      cacheHit: [{ store: 'memory', what: 'hit path', notRun: 'failed: no cache' }],
      serverThroughput: { notRun: 'failed: server down' },
    });
    expect(verdict(targets, 'full pipeline, plain chat').met).toBeUndefined();
    expect(verdict(targets, 'in-memory cache hit').measured).toBe('failed: no cache');
    expect(verdict(targets, 'testkit alone').met).toBeUndefined();
  });

  it('does not judge the leak check on a run the time bound cut short', () => {
    const results = sampleResults();
    const targets = evaluateTargets({
      ...results,
      memory: [
        {
          contender: 'aiclient-full',
          checkpoints: [
            { calls: 20_000, rssMiB: 100, heapUsedMiB: 30, externalMiB: 2 },
            { calls: 31_000, rssMiB: 100, heapUsedMiB: 30, externalMiB: 2, truncated: true },
          ],
          rssGrowthMiB: 0,
          heapGrowthMiB: 0,
        },
      ],
    });
    expect(verdict(targets, 'no memory growth').met).toBeUndefined();
  });

  it('checks cache p50, import ratio, memory growth and testkit throughput against their limits', () => {
    const results = sampleResults();
    const targets = evaluateTargets({
      ...results,
      cacheHit: [
        { store: 'memory', what: 'hit path', samples: 10, p50Us: 51, p99Us: 90, meanUs: 55 },
      ],
      imports: [{ module: '@aiclient/client', ms: 60, ratioToOpenai: 1.5, runs: 3 }],
      memory: [
        {
          contender: 'aiclient-full',
          checkpoints: [],
          rssGrowthMiB: 40,
          heapGrowthMiB: 25,
        },
      ],
      serverThroughput: { requests: 1000, requestsPerSecond: 8000, requestsPerCpuSecond: 9000 },
    });
    expect(verdict(targets, 'in-memory cache hit').met).toBe(false);
    expect(verdict(targets, 'import of @aiclient/client').met).toBe(false);
    expect(verdict(targets, 'no memory growth').met).toBe(false);
    expect(verdict(targets, 'testkit alone').met).toBe(false);
  });
});
