import type { CallRow } from './aggregate-rounds.ts';
import type { BenchResults } from './bench-results.ts';
import { CONTENDERS } from './contender-registry.ts';
import type { Scenario } from './worker-job.ts';

/**
 * A complete, plausible results object for the renderer's and the target check's tests. `cpu`
 * gives each contender's CPU per call at 64 in flight (the baseline `openai` is 100).
 */
export function sampleResults(
  cpu: Partial<Record<string, number>> = {},
): Omit<BenchResults, 'targets'> {
  const perCall: Record<string, number> = {
    'raw-fetch': 60,
    openai: 100,
    'openai-v6': 90,
    'aiclient-off': 101,
    'aiclient-telemetry': 105,
    'aiclient-full': 108,
    'vercel-ai': 150,
    langchain: 170,
    ...cpu,
  };
  const calls: CallRow[] = [];
  for (const [contender, us] of Object.entries(perCall)) {
    for (const scenario of ['chat', 'stream', 'large'] as const satisfies readonly Scenario[]) {
      for (const concurrency of [1, 64]) {
        // The Vercel AI SDK's streams cost it far more than its plain calls (as measured).
        const streamFactor = contender === 'vercel-ai' ? 5 : 2;
        const factor = scenario === 'stream' ? streamFactor : scenario === 'large' ? 4 : 1;
        calls.push({
          contender,
          scenario,
          concurrency,
          rounds: 5,
          calls: 1000,
          cpuUs: us * factor,
          wallUs: us * factor * 1.5,
          minorFaults: 1,
          majorFaults: 0,
          cpuRatio: us / 100,
          wallRatio: us / 100,
        });
      }
    }
  }
  return {
    meta: {
      mode: 'full',
      date: '2026-11-24T04:00:00.000Z',
      command: 'pnpm bench',
      machine: {
        nproc: 2,
        cpuModel: 'Test CPU',
        memoryGiB: 8,
        node: 'v24.21.0',
        platform: 'linux-x64',
      },
      pinned: true,
      rounds: 5,
      durationS: 300,
      baseline: 'openai',
    },
    labels: Object.fromEntries(Object.entries(CONTENDERS).map(([id, c]) => [id, c.label])),
    calls,
    failures: [],
    serverThroughput: { requests: 30_000, requestsPerSecond: 12_000, requestsPerCpuSecond: 14_000 },
    cacheHit: [
      { store: 'memory', what: 'hit path', samples: 100, p50Us: 30, p99Us: 80, meanUs: 35 },
      { store: 'memory', what: 'end to end', samples: 100, p50Us: 230, p99Us: 480, meanUs: 250 },
      { store: 'redis', what: 'cache-hit', notRun: 'not run: redis-server not installed' },
    ],
    rateLimit: [
      { store: 'memory', what: 'decision', samples: 100, p50Us: 2, p99Us: 9, meanUs: 3 },
      { store: 'redis', what: 'decision', samples: 100, p50Us: 60, p99Us: 200, meanUs: 70 },
    ],
    imports: [
      { module: 'openai', ms: 40, ratioToOpenai: 1, runs: 7 },
      { module: '@aiclient/client', ms: 48, ratioToOpenai: 1.2, runs: 7 },
    ],
    clientCreation: { firstMs: 3, cachedUs: 2 },
    memory: [
      {
        contender: 'aiclient-full',
        checkpoints: [
          { calls: 20_000, rssMiB: 120, heapUsedMiB: 30, externalMiB: 4 },
          { calls: 60_000, rssMiB: 121, heapUsedMiB: 30.5, externalMiB: 4 },
        ],
        rssGrowthMiB: 1,
        heapGrowthMiB: 0.5,
      },
    ],
    sideBySide: [
      { order: 'openai then openai-v6', contender: 'openai', cpuUs: 150, minorFaults: 6 },
      { order: 'openai then openai-v6', contender: 'openai-v6', cpuUs: 100, minorFaults: 1 },
    ],
  };
}
