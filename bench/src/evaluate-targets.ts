import type { CallRow } from './aggregate-rounds.ts';
import type { BenchResults, TargetRow } from './bench-results.ts';
import type { Scenario } from './worker-job.ts';

/** Heap growth (after forced GC) between the memory checkpoints that still counts as noise. */
export const MEMORY_NOISE_MIB = 2;

const fmtRatio = (r: number): string => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');
const fmtUs = (us: number): string => (Number.isFinite(us) ? `${us.toFixed(0)} µs` : 'n/a');

/**
 * Checks a run against the targets. Each row says what was measured, so a missed target
 * reads with its distance ("1.18x, target 1.10x"). Missing figures give `met: undefined`.
 */
export function evaluateTargets(results: Omit<BenchResults, 'targets'>): TargetRow[] {
  const row = (contender: string, scenario: Scenario, concurrency = 64): CallRow | undefined =>
    results.calls.find(
      (r) => r.contender === contender && r.scenario === scenario && r.concurrency === concurrency,
    );
  const targets: TargetRow[] = [];
  const ratioTarget = (
    contender: string,
    scenario: Scenario,
    limit: number,
    what: string,
  ): void => {
    const r = row(contender, scenario);
    targets.push({
      target: `${what}: CPU per call at 64 in flight ≤ ${limit.toFixed(2)}x the bare SDK`,
      measured:
        r === undefined ? 'not measured' : `${fmtRatio(r.cpuRatio)} (${fmtUs(r.cpuUs)} per call)`,
      met: r === undefined || !Number.isFinite(r.cpuRatio) ? undefined : r.cpuRatio <= limit,
    });
  };
  ratioTarget('aiclient-full', 'chat', 1.1, 'full pipeline, plain chat');
  ratioTarget('aiclient-off', 'chat', 1.03, 'everything off, plain chat');
  ratioTarget('aiclient-full', 'large', 1.1, 'full pipeline, 100 KB prompt');
  ratioTarget('aiclient-off', 'large', 1.03, 'everything off, 100 KB prompt');

  const lessThan = (scenario: Scenario, other: string, factor: number, what: string): void => {
    const mine = row('aiclient-full', scenario);
    const theirs = row(other, scenario);
    const ok = mine !== undefined && theirs !== undefined;
    const ratio = ok ? mine.cpuUs / theirs.cpuUs : Number.NaN;
    targets.push({
      target: what,
      measured: ok
        ? `${fmtUs(mine.cpuUs)} vs ${fmtUs(theirs.cpuUs)} (${fmtRatio(ratio)})`
        : 'not measured',
      met: ok && Number.isFinite(ratio) ? (factor === 1 ? ratio < 1 : ratio <= factor) : undefined,
    });
  };
  lessThan(
    'chat',
    'vercel-ai',
    1,
    'full pipeline: less CPU per call than the Vercel AI SDK (64 in flight)',
  );
  lessThan(
    'chat',
    'langchain',
    1,
    'full pipeline: less CPU per call than LangChain (64 in flight)',
  );
  lessThan('stream', 'vercel-ai', 0.5, "full pipeline: ≤ 0.5x the Vercel AI SDK's CPU per stream");

  // The cache's own hit path; the end-to-end row adds the SDK's request and response work, which
  // is the same with or without a cache.
  const cache = results.cacheHit.find((c) => c.store === 'memory' && c.what.startsWith('hit path'));
  targets.push({
    target: 'in-memory cache hit (the cache stage hit path): p50 < 50 µs',
    measured:
      cache === undefined || 'notRun' in cache
        ? (cache?.notRun ?? 'not measured')
        : `p50 ${cache.p50Us.toFixed(1)} µs, p99 ${cache.p99Us.toFixed(1)} µs`,
    met: cache === undefined || 'notRun' in cache ? undefined : cache.p50Us < 50,
  });

  const clientImport = results.imports.find((i) => i.module === '@aiclient/client');
  targets.push({
    target: 'import of @aiclient/client ≤ 1.3x importing openai alone',
    measured:
      clientImport === undefined || 'notRun' in clientImport
        ? (clientImport?.notRun ?? 'not measured')
        : `${fmtRatio(clientImport.ratioToOpenai)} (${clientImport.ms.toFixed(1)} ms)`,
    met:
      clientImport === undefined || 'notRun' in clientImport
        ? undefined
        : clientImport.ratioToOpenai <= 1.3,
  });

  // The full pipeline when it reached its checkpoints, else the telemetry contender.
  const complete = results.memory.filter(
    (m) => !('notRun' in m) && !m.checkpoints.some((c) => c.truncated === true),
  );
  const memory =
    complete.find((m) => m.contender === 'aiclient-full') ??
    complete.find((m) => m.contender === 'aiclient-telemetry') ??
    results.memory.find((m) => m.contender === 'aiclient-full');
  targets.push({
    target: `no memory growth between the checkpoints beyond noise (heap ≤ ${MEMORY_NOISE_MIB} MiB)`,
    measured:
      memory === undefined || 'notRun' in memory
        ? (memory?.notRun ?? 'not measured')
        : `${results.labels[memory.contender] ?? memory.contender}: heap ${signed(memory.heapGrowthMiB)} MiB, RSS ${signed(memory.rssGrowthMiB)} MiB`,
    met:
      memory === undefined ||
      'notRun' in memory ||
      memory.checkpoints.some((c) => c.truncated === true)
        ? undefined
        : memory.heapGrowthMiB <= MEMORY_NOISE_MIB,
  });

  const server = results.serverThroughput;
  targets.push({
    target: 'testkit alone: ≥ 10,000 chat completions/s on one core (keep-alive, validation off)',
    measured:
      'notRun' in server
        ? server.notRun
        : `${server.requestsPerCpuSecond.toLocaleString('en-US')}/s per core (${server.requestsPerSecond.toLocaleString('en-US')}/s wall)`,
    met: 'notRun' in server ? undefined : server.requestsPerCpuSecond >= 10_000,
  });
  return targets;
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
}
