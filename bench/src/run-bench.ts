import type { RedisServer } from '@aiclient/testkit';
import { aggregateRounds, type RoundSample } from './aggregate-rounds.ts';
import type { BenchProfile } from './bench-profile.ts';
import type {
  BenchResults,
  ComponentRow,
  ImportRow,
  MemoryRow,
  NotRun,
  SideBySideRow,
} from './bench-results.ts';
import type { ContenderContext } from './contender.ts';
import { BASELINE, CONTENDERS, type ContenderId } from './contender-registry.ts';
import { evaluateTargets } from './evaluate-targets.ts';
import { machineInfo } from './machine-info.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';
import { measureImport } from './measure-import.ts';
import { median } from './median.ts';
import { pinnedCommand } from './pinned-command.ts';
import { spawnWorker } from './spawn-worker.ts';
import { REDIS_NOT_INSTALLED, startRedis } from './start-redis.ts';
import { type ServerProcess, startServerProcess } from './start-server-process.ts';
import type {
  ClientCreationResult,
  ComponentLatencyResult,
  MemoryCheckpoint,
  PhaseResult,
  ServerLoadResult,
  SideBySideSample,
  StoreKind,
} from './worker-job.ts';

/**
 * Fake keys shaped like legacy OpenAI keys (`sk-` + 48 letters and digits, which aiclient's key
 * check accepts); the testkit takes any non-empty Bearer. Three make a key pool.
 */
export const BENCH_KEYS = [
  `sk-benchkey${'0'.repeat(39)}a`,
  `sk-benchkey${'0'.repeat(39)}b`,
  `sk-benchkey${'0'.repeat(39)}c`,
] as const;

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  readonly profile: BenchProfile;
  /** The command line recorded in the results. */
  readonly command: string;
  /** Progress lines (stderr by default). */
  readonly log?: (line: string) => void;
}

const MiB = 2 ** 20;
/** Time a memory worker gets beyond its own bound (start-up, the last calls in flight, GC). */
const MEMORY_GRACE_MS = 90_000;
/** Time bound of the testkit throughput run. */
const SERVER_LOAD_MAX_MS = 6_000;

/**
 * Runs the suite: the testkit in its own process on one core, each contender in fresh worker
 * processes on the other, contenders interleaved across rounds; then the component, cold-start,
 * memory and openai 6-vs-7 measurements. Failures of one contender or one measurement become
 * "not run" entries, never a crash of the whole run.
 */
export async function runBench({
  profile,
  command,
  log = (line) => process.stderr.write(`${line}\n`),
}: RunBenchOptions): Promise<BenchResults> {
  const started = performance.now();
  // Smoke mode runs its workers side by side, unpinned; only the server is pinned then.
  const pinned = pinnedCommand(0, 'x', []).command === 'taskset' && profile.parallel === 1;
  log(`bench (${profile.mode}): starting the testkit server${pinned ? ' on CPU 0' : ''}`);
  const server = await startServerProcess();
  let redis: RedisServer | undefined;
  // Interrupted runs must not leave a redis-server behind (the server process exits by itself
  // when its IPC channel closes).
  const interrupted = (signal: NodeJS.Signals): void => {
    void Promise.allSettled([redis?.stop(), server.close()]).finally(() =>
      process.exit(signal === 'SIGINT' ? 130 : 143),
    );
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const context: ContenderContext = {
      baseURL: server.url,
      apiKeys: [...BENCH_KEYS],
      model: 'gpt-4o-mini',
    };
    const serverThroughput = await measureServerThroughput(server, profile, log);

    const samples: RoundSample[] = [];
    const failures: BenchResults['failures'][number][] = [];
    // Rotate the order each round so no contender always runs first (or right after another).
    const jobs = Array.from({ length: profile.rounds }, (_, round) =>
      profile.contenders.map((_, i) => ({
        round,
        contender: profile.contenders[(i + round) % profile.contenders.length]!,
      })),
    ).flat();
    await mapWithConcurrency(jobs, profile.parallel, async ({ round, contender }) => {
      const t0 = performance.now();
      try {
        const phases = await spawnWorker<PhaseResult[]>(
          { kind: 'calls', contender, context, phases: profile.phases },
          workerOptions(profile),
        );
        for (const phase of phases) samples.push({ round, contender, phase });
        const seconds = ((performance.now() - t0) / 1000).toFixed(1);
        log(`round ${round + 1}/${profile.rounds}: ${contender} (${seconds} s)`);
      } catch (error) {
        failures.push({ contender, round, error: messageOf(error) });
        log(`  ${contender} failed: ${messageOf(error)}`);
      }
    });
    const calls = aggregateRounds(samples, BASELINE);

    if (profile.redis) {
      log('starting redis-server');
      redis = await startRedis().catch((error: unknown) => {
        log(`  redis-server failed to start: ${messageOf(error)}`);
        return undefined;
      });
    }
    const redisNotRun = profile.redis
      ? redis === undefined
        ? REDIS_NOT_INSTALLED
        : undefined
      : 'not run: Redis rows are skipped in smoke mode';
    // Each of these spawns its own processes; in the full run (parallel 1) they run one after
    // another so none disturbs another's timing, in smoke mode side by side.
    const tasks = {
      sideBySide: () => {
        log('openai 6 vs 7 side by side in one process');
        return measureSideBySide(context, profile);
      },
      memory: () => {
        log('memory after many calls');
        return mapWithConcurrency(profile.memoryContenders, 1, (contender) =>
          measureMemory(contender, context, profile),
        );
      },
      cacheHit: () => {
        log('cache hit latency');
        return measureComponent('cache-hit', context, profile, redis, redisNotRun);
      },
      rateLimit: () => {
        log('rate limiter decision latency');
        return measureComponent('rate-limit', context, profile, redis, redisNotRun);
      },
      clientCreation: () => {
        log('client creation');
        return measureClientCreation(context, profile);
      },
      imports: () => {
        log('cold imports');
        return measureImports(profile);
      },
    };
    const names = Object.keys(tasks) as (keyof typeof tasks)[];
    const outcomes = await mapWithConcurrency<keyof typeof tasks, unknown>(
      names,
      profile.parallel,
      (name) => tasks[name](),
    );
    const outcome = <K extends keyof typeof tasks>(
      name: K,
    ): Awaited<ReturnType<(typeof tasks)[K]>> =>
      outcomes[names.indexOf(name)] as Awaited<ReturnType<(typeof tasks)[K]>>;
    const sideBySide = outcome('sideBySide');
    const memory = outcome('memory');
    const cacheHit = outcome('cacheHit');
    const rateLimit = outcome('rateLimit');
    const clientCreation = outcome('clientCreation');
    const imports = outcome('imports');

    const results: Omit<BenchResults, 'targets'> = {
      meta: {
        mode: profile.mode,
        date: new Date().toISOString(),
        command,
        machine: machineInfo(),
        pinned,
        rounds: profile.rounds,
        durationS: Math.round((performance.now() - started) / 100) / 10,
        baseline: BASELINE,
      },
      labels: Object.fromEntries(Object.entries(CONTENDERS).map(([id, c]) => [id, c.label])),
      calls,
      failures,
      serverThroughput,
      cacheHit,
      rateLimit,
      imports,
      clientCreation,
      memory,
      sideBySide,
    };
    let targets: BenchResults['targets'] = [];
    try {
      targets = evaluateTargets(results);
    } catch (error) {
      // Minutes of measurements are worth more than the verdicts: keep them, say what failed.
      log(`target evaluation failed: ${messageOf(error)}`);
    }
    return { ...results, targets };
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await redis?.stop();
    await server.close();
  }
}

async function measureServerThroughput(
  server: ServerProcess,
  profile: BenchProfile,
  log: (line: string) => void,
): Promise<BenchResults['serverThroughput']> {
  log('testkit throughput (keep-alive, validation off)');
  try {
    const cpu0 = await server.cpuMicros();
    const load = await spawnWorker<ServerLoadResult>({
      kind: 'server-load',
      baseURL: server.url,
      apiKey: BENCH_KEYS[0],
      requests: profile.serverLoadRequests,
      concurrency: 32,
      maxMs: SERVER_LOAD_MAX_MS,
    });
    const cpuS = ((await server.cpuMicros()) - cpu0) / 1e6;
    return {
      requests: load.requests,
      requestsPerSecond: Math.round(load.requests / (load.wallMs / 1000)),
      // Per second of the server's own CPU time: what one fully used core would sustain.
      requestsPerCpuSecond: Math.round(load.requests / cpuS),
    };
  } catch (error) {
    return { notRun: `failed: ${messageOf(error)}` };
  }
}

async function measureSideBySide(
  context: ContenderContext,
  profile: BenchProfile,
): Promise<SideBySideRow[] | NotRun> {
  const rows: SideBySideRow[] = [];
  try {
    for (const contenders of [
      ['openai', 'openai-v6'],
      ['openai-v6', 'openai'],
    ] as const) {
      const samples = await spawnWorker<SideBySideSample[]>(
        {
          kind: 'side-by-side',
          contenders,
          context,
          phase: profile.sideBySidePhase,
          repeats: profile.sideBySideRepeats,
        },
        workerOptions(profile),
      );
      for (const contender of contenders) {
        const mine = samples.filter((s) => s.contender === contender);
        rows.push({
          order: contenders.join(' then '),
          contender,
          cpuUs: median(mine.map((s) => s.cpuUs)),
          minorFaults: median(mine.map((s) => s.minorFaults)),
        });
      }
    }
    return rows;
  } catch (error) {
    return { notRun: `failed: ${messageOf(error)}` };
  }
}

/**
 * Runs only the memory check of a profile (its own server process), for `--memory-only`: the
 * leak check takes minutes and is worth re-running alone.
 */
export async function runMemoryOnly(profile: BenchProfile): Promise<MemoryRow[]> {
  const server = await startServerProcess();
  try {
    const context: ContenderContext = {
      baseURL: server.url,
      apiKeys: [...BENCH_KEYS],
      model: 'gpt-4o-mini',
    };
    return await mapWithConcurrency(profile.memoryContenders, 1, (contender) =>
      measureMemory(contender, context, profile),
    );
  } finally {
    await server.close();
  }
}

async function measureMemory(
  contender: ContenderId,
  context: ContenderContext,
  profile: BenchProfile,
): Promise<MemoryRow> {
  try {
    const readings = await spawnWorker<MemoryCheckpoint[]>(
      {
        kind: 'memory',
        contender,
        context,
        checkpoints: profile.memoryCheckpoints,
        concurrency: 64,
        maxMs: profile.memoryMaxMs,
      },
      // A check that ran out of time would only run out of time again: no retry.
      { ...workerOptions(profile), timeoutMs: profile.memoryMaxMs + MEMORY_GRACE_MS, retries: 0 },
    );
    // Growth between the last two readings: the first ones include start-up and warm-up.
    const first = readings[Math.max(0, readings.length - 2)]!;
    const last = readings[readings.length - 1]!;
    return {
      contender,
      checkpoints: readings.map((r) => ({
        calls: r.calls,
        rssMiB: r.rssBytes / MiB,
        heapUsedMiB: r.heapUsedBytes / MiB,
        externalMiB: r.externalBytes / MiB,
        ...(r.truncated === true ? { truncated: true } : {}),
      })),
      rssGrowthMiB: (last.rssBytes - first.rssBytes) / MiB,
      heapGrowthMiB: (last.heapUsedBytes - first.heapUsedBytes) / MiB,
    };
  } catch (error) {
    return { contender, notRun: `failed: ${messageOf(error)}` };
  }
}

async function measureComponent(
  kind: 'cache-hit' | 'rate-limit',
  context: ContenderContext,
  profile: BenchProfile,
  redis: RedisServer | undefined,
  redisNotRun: string | undefined,
): Promise<ComponentRow[]> {
  const rows: ComponentRow[] = [];
  for (const store of ['memory', 'redis'] as const satisfies readonly StoreKind[]) {
    if (store === 'redis' && (redis === undefined || redisNotRun !== undefined)) {
      rows.push({ store, what: kind, notRun: redisNotRun ?? REDIS_NOT_INSTALLED });
      continue;
    }
    try {
      const results = await spawnWorker<ComponentLatencyResult[]>(
        {
          kind,
          context:
            store === 'redis' && redis !== undefined
              ? { ...context, redisUrl: redis.url }
              : context,
          store,
          samples: profile.componentSamples,
        },
        workerOptions(profile),
      );
      for (const result of results) {
        rows.push(
          result.latency === undefined
            ? { store, what: result.what, notRun: result.notRun ?? 'not run' }
            : { store, what: result.what, ...result.latency },
        );
      }
    } catch (error) {
      rows.push({ store, what: kind, notRun: `failed: ${messageOf(error)}` });
    }
  }
  return rows;
}

async function measureClientCreation(
  context: ContenderContext,
  profile: BenchProfile,
): Promise<ClientCreationResult | NotRun> {
  const runs: ClientCreationResult[] = [];
  try {
    for (let i = 0; i < profile.clientCreationRuns; i++) {
      runs.push(
        await spawnWorker<ClientCreationResult>(
          { kind: 'client-creation', context },
          workerOptions(profile),
        ),
      );
    }
  } catch (error) {
    return { notRun: `failed: ${messageOf(error)}` };
  }
  return {
    firstMs: median(runs.map((r) => r.firstMs)),
    cachedUs: median(runs.map((r) => r.cachedUs)),
  };
}

async function measureImports(profile: BenchProfile): Promise<BenchResults['imports']> {
  const times = new Map<string, number[]>(profile.importModules.map((m) => [m, []]));
  const errors = new Map<string, string>();
  const ratios = new Map<string, number[]>(profile.importModules.map((m) => [m, []]));
  for (let run = 0; run < profile.importRuns; run++) {
    // Interleaved, like the call rounds: each run imports every module once, openai first.
    const thisRun = new Map<string, number>();
    for (const module of profile.importModules) {
      if (errors.has(module)) continue;
      try {
        const ms = await measureImport(module, workerOptions(profile));
        times.get(module)!.push(ms);
        thisRun.set(module, ms);
      } catch (error) {
        errors.set(module, messageOf(error));
      }
    }
    const base = thisRun.get('openai');
    if (base !== undefined) {
      for (const [module, ms] of thisRun) ratios.get(module)!.push(ms / base);
    }
  }
  return profile.importModules.map((module): ImportRow | ({ module: string } & NotRun) => {
    const error = errors.get(module);
    if (error !== undefined) return { module, notRun: `failed: ${error}` };
    return {
      module,
      ms: median(times.get(module)!),
      ratioToOpenai: median(ratios.get(module)!),
      runs: times.get(module)!.length,
    };
  });
}

/** Workers are pinned to the client CPU unless several run at once (smoke mode). */
function workerOptions(profile: BenchProfile): { pin: boolean } {
  return { pin: profile.parallel === 1 };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}
