import { clearOpenAIClientCache } from '@aiclient/client';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deadlineDroppingStage,
  retainingStage,
  retryStormStage,
  timerLeakingStage,
} from './broken-stages.ts';
import { activeResources, heapAfterGc, type ResourceCounts, settledLeaks } from './check-leaks.ts';
import { createSoakClient } from './create-soak-client.ts';
import { faultMix, faultVariants, TEST_SCALE, TESTKIT_FAULT_TYPES } from './fault-mix.ts';
import { formatSoakReport } from './format-report.ts';
import { runFaultSoak } from './run-fault-soak.ts';
import { type MockControl, startMockProcess } from './start-mock-process.ts';

const KEYS = [
  'sk-soak-aaaaaaaaaaaaaaaaaaaaaaaa',
  'sk-soak-bbbbbbbbbbbbbbbbbbbbbbbb',
  'sk-soak-cccccccccccccccccccccccc',
];
const FALLBACKS = ['gpt-4o', 'gpt-4.1-mini'];
/**
 * Each call's budget, as in the soak CLI. A recoverable call spends part of it on retries and
 * fallbacks; at 1.5 s a stall of either process (a loaded 2-core machine, GC) of over a second
 * made such calls time out and tripped the 99.5% check. The late-call check measures against
 * this deadline and a timer armed for it, and its self-test below uses its own 300 ms.
 */
const DEADLINE_MS = 3_000;
/** Heap growth allowed over 1,000 calls after warm-up (a 4 KB-per-call leak exceeds it). */
const HEAP_BOUND_BYTES = 4 * 1024 * 1024;

describe('fault soak (1,000 calls, 3 keys, 2 fallback models, 20% seeded faults)', () => {
  let baseline: ResourceCounts;
  let mock: MockControl;

  beforeAll(async () => {
    // Touch the lazily created stdio handles so they are part of the baseline.
    void process.stdout;
    void process.stderr;
    baseline = activeResources();
    mock = await startMockProcess({
      validateRequests: false,
      keys: KEYS,
      seed: 11,
      maxRecordedRequests: 20_000,
    });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('settles every call in time as a success or a registered AIError, without leaks', async () => {
    const soak = await createSoakClient({
      baseURL: mock.url,
      keys: KEYS,
      fallbackModels: FALLBACKS,
      deadlineMs: DEADLINE_MS,
    });
    // Warm-up under the same faults: JIT, connection pool, lazily loaded modules and the
    // client's bounded caches fill up here (the heap plateaus after a few hundred calls).
    const variants = faultVariants(TEST_SCALE, KEYS[2] ?? '');
    // The warm-up leaves the quota fault out: a key whose quota ran out stays out, and the
    // measured run should see that happen.
    await mock.setFaults(faultMix(variants.filter((v) => v.fault.type !== 'insufficient_quota')));
    await runFaultSoak({
      client: soak.client,
      mock,
      calls: 600,
      seed: 99,
      deadlineMs: DEADLINE_MS,
      maxRequestsPerCall: soak.maxRequestsPerCall,
    });
    await mock.setFaults(faultMix(variants));
    const heapBefore = await heapAfterGc();
    const report = await runFaultSoak({
      client: soak.client,
      mock,
      calls: 1_000,
      concurrency: 16,
      seed: 5,
      deadlineMs: DEADLINE_MS,
      maxRequestsPerCall: soak.maxRequestsPerCall,
    });
    await mock.setFaults([]);
    const heapAfter = await heapAfterGc();
    // The documented way to release a shared client's timers and connections.
    await clearOpenAIClientCache();
    await mock.close();
    const leaks = await settledLeaks(baseline, 6_000);
    console.log(formatSoakReport(report, { leaks, heapGrowthBytes: heapAfter - heapBefore }));

    expect(report.calls).toBe(1_000);
    expect(Object.keys(report.faultsByKind).sort()).toEqual([...TESTKIT_FAULT_TYPES].sort());
    expect(report.violations).toEqual([]);
    expect(report.recoverableCalls).toBeGreaterThan(800);
    expect(leaks).toEqual({});
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_BOUND_BYTES);
  });
});

describe('the soak checks fail when their guarantee is broken on purpose', () => {
  let mock: MockControl;
  beforeAll(async () => {
    mock = await startMockProcess({ validateRequests: false });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('reports late calls when a stage drops the deadline', async () => {
    const soak = await createSoakClient({
      baseURL: mock.url,
      keys: ['sk-broken-deadline-aaaaaaaaaaaa'],
      fallbackModels: [],
      deadlineMs: 300,
      stages: [deadlineDroppingStage(700)],
    });
    const report = await runFaultSoak({
      client: soak.client,
      mock,
      calls: 8,
      deadlineMs: 300,
      maxRequestsPerCall: soak.maxRequestsPerCall,
    });
    expect(report.lateCalls).toBeGreaterThan(0);
    expect(report.violations.join('\n')).toMatch(/after their deadline/);
  });

  it('reports a retry storm when a stage sends more requests than the policy allows', async () => {
    const soak = await createSoakClient({
      baseURL: mock.url,
      keys: ['sk-broken-storm-aaaaaaaaaaaaaa'],
      fallbackModels: [],
      deadlineMs: 2_000,
      maxAttempts: 1,
      stages: [retryStormStage(3)],
    });
    const report = await runFaultSoak({
      client: soak.client,
      mock,
      calls: 6,
      deadlineMs: 2_000,
      maxRequestsPerCall: soak.maxRequestsPerCall,
    });
    expect(report.retryStormCalls).toBeGreaterThan(0);
    expect(report.violations.join('\n')).toMatch(/more than 1 requests/);
  });

  it('finds the handles a stage leaves behind', async () => {
    void process.stdout;
    void process.stderr;
    const before = activeResources();
    const timers: NodeJS.Timeout[] = [];
    const soak = await createSoakClient({
      baseURL: mock.url,
      keys: ['sk-broken-timers-aaaaaaaaaaaaaa'],
      fallbackModels: [],
      deadlineMs: 2_000,
      stages: [timerLeakingStage(timers)],
    });
    await runFaultSoak({
      client: soak.client,
      mock,
      calls: 10,
      deadlineMs: 2_000,
      maxRequestsPerCall: 3,
    });
    const leaks = await settledLeaks(before, 300);
    for (const timer of timers) clearInterval(timer);
    // Other timers of the run may end meanwhile; most of the stage's must show.
    expect(timers.length).toBe(10);
    expect(leaks.Timeout ?? 0).toBeGreaterThanOrEqual(5);
  });

  it('sees the heap grow past its bound when a stage keeps every call', async () => {
    const kept: unknown[] = [];
    const soak = await createSoakClient({
      baseURL: mock.url,
      keys: ['sk-broken-heap-aaaaaaaaaaaaaaaa'],
      fallbackModels: [],
      deadlineMs: 2_000,
      stages: [retainingStage(kept)],
    });
    const options = { client: soak.client, mock, deadlineMs: 2_000, maxRequestsPerCall: 3 };
    await runFaultSoak({ ...options, calls: 20 });
    const before = await heapAfterGc();
    await runFaultSoak({ ...options, calls: 200 });
    const growth = (await heapAfterGc()) - before;
    kept.length = 0;
    expect(growth).toBeGreaterThan(HEAP_BOUND_BYTES);
  });

  it('reports unclassified failures when the bare openai SDK meets malformed answers', async () => {
    await mock.setFaults([{ probability: 0.5, fault: { type: 'malformed_json' } }]);
    const bare = new OpenAI({
      apiKey: 'sk-bare-soak-aaaaaaaaaaaaaaaaa',
      baseURL: mock.url,
      maxRetries: 0,
    });
    const report = await runFaultSoak({
      client: bare,
      mock,
      calls: 20,
      deadlineMs: 2_000,
      maxRequestsPerCall: 1,
    });
    await mock.setFaults([]);
    expect(report.unregisteredErrors.length).toBeGreaterThan(0);
    expect(report.violations.join('\n')).toMatch(/other than a registered AIError/);
  });

  it('reports a success rate below 99.5% when recoverable faults are not recovered', async () => {
    // One attempt and no fallbacks: 5xx answers the policy could retry become failures.
    await mock.setFaults([{ probability: 0.5, fault: { type: 'server_error', status: 503 } }]);
    const soak = await createSoakClient({
      baseURL: mock.url,
      keys: ['sk-broken-retry-aaaaaaaaaaaaaaa'],
      fallbackModels: [],
      deadlineMs: 2_000,
      maxAttempts: 1,
    });
    const report = await runFaultSoak({
      client: soak.client,
      mock,
      calls: 20,
      deadlineMs: 2_000,
      maxRequestsPerCall: soak.maxRequestsPerCall,
    });
    await mock.setFaults([]);
    expect(report.recoverableSuccessRate).toBeLessThan(0.995);
    expect(report.violations.join('\n')).toMatch(/success rate over recoverable calls/);
  });
});
