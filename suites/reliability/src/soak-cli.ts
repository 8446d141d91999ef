// `pnpm soak` (through tooling/scripts/soak.mjs): the long run of every reliability check.
// 10,000 fault-soak calls, leak and heap checks, a 1,000-call abort storm, 10,000 runs of the
// redaction properties and of config fuzzing, and the Redis outage over 4 processes. Prints its
// counts and writes .soak-results.json (vitest-JSON-like) for the root totals line.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { clearOpenAIClientCache } from '@aiclient/client';
import { type RedisServer, startMockOpenAI } from '@aiclient/testkit';
import { createCanaryKey } from './canary-key.ts';
import { activeResources, heapAfterGc, settledLeaks } from './check-leaks.ts';
import { runConfigFuzz } from './config-fuzz.ts';
import { createSoakClient } from './create-soak-client.ts';
import { faultMix, faultVariants, SOAK_SCALE } from './fault-mix.ts';
import { formatAbortStormReport, formatSoakReport } from './format-report.ts';
import { runRedactionProperties } from './redaction-properties.ts';
import { ABORT_STORM_CLIENT, ABORT_STORM_FAULTS, runAbortStorm } from './run-abort-storm.ts';
import { runFaultSoak } from './run-fault-soak.ts';
import { runRedisOutage } from './run-redis-outage.ts';
import { startMockProcess } from './start-mock-process.ts';
import { REDIS_MISSING, startRedis } from './start-redis.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '2026' },
    out: { type: 'string', default: '.soak-results.json' },
  },
});
const calls = Number(values.calls);
const runs = Number(values.runs);
const seed = Number(values.seed);

interface CheckResult {
  title: string;
  status: 'passed' | 'failed' | 'not run';
  durationMs: number;
  figures: unknown;
  failureMessages: string[];
}
const results: CheckResult[] = [];
const started = Date.now();

async function check(
  title: string,
  work: () => Promise<{ figures: unknown; violations: string[]; notRun?: boolean }>,
) {
  const begin = Date.now();
  console.log(`\n▶ ${title}`);
  try {
    const { figures, violations, notRun } = await work();
    results.push({
      title,
      status: notRun === true ? 'not run' : violations.length === 0 ? 'passed' : 'failed',
      durationMs: Date.now() - begin,
      figures,
      failureMessages: violations,
    });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.log(`  ERROR: ${message}`);
    results.push({
      title,
      status: 'failed',
      durationMs: Date.now() - begin,
      figures: null,
      failureMessages: [message],
    });
  }
  const last = results[results.length - 1];
  console.log(
    `${last?.status === 'passed' ? '✔' : last?.status === 'not run' ? '-' : '✖'} ${title} (${((last?.durationMs ?? 0) / 1000).toFixed(1)} s)`,
  );
}

const KEYS = [
  'sk-soak-aaaaaaaaaaaaaaaaaaaaaaaa',
  'sk-soak-bbbbbbbbbbbbbbbbbbbbbbbb',
  'sk-soak-cccccccccccccccccccccccc',
];
const DEADLINE_MS = 3_000;

await check(
  `fault soak: ${calls} calls, 3 keys, 2 fallback models, 20% seeded faults; leaks`,
  async () => {
    void process.stdout;
    void process.stderr;
    const baseline = activeResources();
    const mock = await startMockProcess({
      validateRequests: false,
      keys: KEYS,
      seed,
      maxRecordedRequests: calls * 3,
    });
    const soak = await createSoakClient({
      baseURL: mock.url,
      keys: KEYS,
      fallbackModels: ['gpt-4o', 'gpt-4.1-mini'],
      deadlineMs: DEADLINE_MS,
      streamFirstChunkTimeoutMs: 500,
      streamIdleTimeoutMs: 1_000,
    });
    const variants = faultVariants(SOAK_SCALE, KEYS[2] ?? '');
    // The warm-up leaves the quota fault out: a key whose quota ran out stays out, and the
    // measured run should see that happen.
    await mock.setFaults(faultMix(variants.filter((v) => v.fault.type !== 'insufficient_quota')));
    const options = {
      client: soak.client,
      mock,
      deadlineMs: DEADLINE_MS,
      maxRequestsPerCall: soak.maxRequestsPerCall,
      concurrency: 32,
    };
    await runFaultSoak({ ...options, calls: 1_000, seed: seed + 1 });
    await mock.setFaults(faultMix(variants));
    const heapBefore = await heapAfterGc();
    const report = await runFaultSoak({
      ...options,
      calls,
      seed,
      onProgress: (done) => console.log(`  ${done} calls`),
    });
    const heapAfter = await heapAfterGc();
    await clearOpenAIClientCache();
    await mock.close();
    const leaks = await settledLeaks(baseline, 8_000);
    const heapGrowthBytes = heapAfter - heapBefore;
    console.log(formatSoakReport(report, { leaks, heapGrowthBytes }));
    const violations = [...report.violations];
    if (Object.keys(leaks).length > 0)
      violations.push(`resources left after the soak: ${JSON.stringify(leaks)}`);
    // A leak of 1 KB per call would add 10 MB over 10,000 calls.
    const heapBound = Math.max(8 * 1024 * 1024, calls * 512);
    if (heapGrowthBytes > heapBound)
      violations.push(
        `heap grew ${(heapGrowthBytes / 1e6).toFixed(1)} MB after GC (bound ${(heapBound / 1e6).toFixed(1)} MB)`,
      );
    const {
      recoverableFailures: _failures,
      lateDetails: _late,
      unregisteredErrors: _errors,
      ...figures
    } = report;
    return { figures: { ...figures, leaks, heapGrowthBytes }, violations };
  },
);

await check('abort storm: 1,000 in-flight calls, half streaming', async () => {
  const mock = await startMockProcess({
    validateRequests: false,
    faults: ABORT_STORM_FAULTS,
  });
  const soak = await createSoakClient({
    baseURL: mock.url,
    ...ABORT_STORM_CLIENT,
  });
  const report = await runAbortStorm({
    client: soak.client,
    mock,
    calls: 1_000,
    abortWindowMs: 4_000,
    seed,
  });
  await clearOpenAIClientCache();
  await mock.close();
  console.log(formatAbortStormReport(report));
  const { violations, ...figures } = report;
  return { figures, violations };
});

await check(`redaction properties: ${runs} runs each (fast-check)`, async () => {
  const properties = runRedactionProperties(runs, undefined, seed);
  for (const p of properties)
    console.log(
      `  ${p.failed ? 'FAILED' : 'ok'} ${p.name} (${p.runs} runs)${p.detail ? `: ${p.detail}` : ''}`,
    );
  return {
    figures: properties.map(({ name, runs: n, failed }) => ({ name, runs: n, failed })),
    violations: properties.filter((p) => p.failed).map((p) => `${p.name}: ${p.detail}`),
  };
});

await check(`config fuzzing: ${runs} runs (fast-check)`, async () => {
  const canary = createCanaryKey();
  const [result] = runConfigFuzz(runs, canary.key, canary.body, undefined, seed);
  console.log(`  ${result?.failed ? 'FAILED' : 'ok'} ${result?.name} (${result?.runs} runs)`);
  return {
    figures: { runs, failed: result?.failed ?? true },
    violations: result?.failed ? [`${result.name}: ${result.detail}`] : [],
  };
});

await check('Redis stopped and restarted during a run of 4 processes', async () => {
  let redis: RedisServer | undefined;
  try {
    redis = await startRedis();
  } catch (error) {
    // Redis required (CI) but missing, or it would not start: a violation, not a crash.
    return { figures: null, violations: [error instanceof Error ? error.message : String(error)] };
  }
  if (redis === undefined) {
    console.log(`  ${REDIS_MISSING}`);
    return { figures: REDIS_MISSING, violations: [], notRun: true };
  }
  const mock = await startMockOpenAI({
    keys: KEYS,
    validateRequests: false,
    onWarning: () => undefined,
  });
  try {
    const report = await runRedisOutage({
      redis,
      mockUrl: mock.url,
      keys: KEYS,
      durationMs: 15_000,
      stopAfterMs: 4_000,
      outageMs: 4_000,
    });
    console.log(
      `  ${report.calls} calls over 4 processes, ${report.failures} failed; Redis down ${report.outageMs} ms; per worker ${report.workers.map((w) => `${w.successes}/${w.calls} (degraded ${w.degraded}, restored ${w.restored})`).join(', ')}`,
    );
    const { violations, ...figures } = report;
    return { figures, violations };
  } finally {
    await mock.close();
    await redis.stop();
  }
});

const counted = results.filter((r) => r.status !== 'not run');
const passed = counted.filter((r) => r.status === 'passed').length;
const failed = counted.length - passed;
writeFileSync(
  values.out,
  `${JSON.stringify(
    {
      numTotalTests: counted.length,
      numPassedTests: passed,
      numFailedTests: failed,
      numPendingTests: 0,
      success: failed === 0,
      startTime: started,
      durationMs: Date.now() - started,
      testResults: results,
    },
    null,
    2,
  )}\n`,
);
console.log(
  `\nsoak took ${((Date.now() - started) / 1000).toFixed(1)} s: ${passed} passed, ${failed} failed`,
);
process.exit(failed === 0 ? 0 : 1);
