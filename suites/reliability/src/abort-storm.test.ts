import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineDroppingStage } from './broken-stages.ts';
import { callOutcome } from './call-outcome.ts';
import { createSoakClient } from './create-soak-client.ts';
import { formatAbortStormReport } from './format-report.ts';
import { ABORT_STORM_CLIENT, ABORT_STORM_FAULTS, runAbortStorm } from './run-abort-storm.ts';
import { type MockControl, startMockProcess } from './start-mock-process.ts';

describe('abort storm', () => {
  let mock: MockControl;
  beforeAll(async () => {
    mock = await startMockProcess({ validateRequests: false, faults: ABORT_STORM_FAULTS });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('1,000 in-flight calls (half streaming) aborted at random moments all settle within 50 ms with AI-API-013, and every connection closes', async () => {
    const soak = await createSoakClient({
      baseURL: mock.url,
      ...ABORT_STORM_CLIENT,
    });
    const report = await runAbortStorm({
      client: soak.client,
      mock,
      calls: 1_000,
      abortWindowMs: 4_000,
      seed: 17,
    });
    console.log(formatAbortStormReport(report));
    expect(report.abortedMidStream).toBeGreaterThan(50);
    expect(report.aborted).toBe(1_000);
    expect(report.violations).toEqual([]);
  });

  it('a stream aborted after its first chunk rejects with AI-API-013 (not a silent, truncated end)', async () => {
    const soak = await createSoakClient({
      baseURL: mock.url,
      keys: ['sk-abort-midstream-aaaaaaaaaaaa'],
      fallbackModels: [],
      deadlineMs: 20_000,
      streamFirstChunkTimeoutMs: 10_000,
      streamIdleTimeoutMs: 10_000,
    });
    const controller = new AbortController();
    let chunks = 0;
    const outcome = await callOutcome(async () => {
      const stream = await soak.client.chat.completions.create(
        {
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'abort mid-stream' }],
          stream: true,
        },
        { signal: controller.signal },
      );
      for await (const _chunk of stream) {
        chunks++;
        if (chunks === 1) controller.abort();
      }
    });
    expect(chunks).toBeGreaterThanOrEqual(1);
    expect(outcome.succeeded).toBe(false);
    expect(outcome.code).toBe('AI-API-013');
  });

  it('reports failures when the transport ignores the abort signal', async () => {
    // A broken fetch: drops the caller's signal, so aborts cannot reach the socket.
    const deaf: typeof fetch = (input, init) => {
      const { signal: _dropped, ...rest } = init ?? {};
      return fetch(input, rest);
    };
    const soak = await createSoakClient({
      baseURL: mock.url,
      keys: ['sk-abort-deaf-aaaaaaaaaaaaaaaaa'],
      fallbackModels: [],
      deadlineMs: 20_000,
      streamFirstChunkTimeoutMs: 10_000,
      streamIdleTimeoutMs: 10_000,
      fetch: deaf,
    });
    const report = await runAbortStorm({
      client: soak.client,
      mock,
      calls: 10,
      abortWindowMs: 100,
      closeWithinMs: 500,
    });
    expect(report.violations.join('\n')).toMatch(/connections open/);
  });

  it('reports slow settlements when a stage waits without listening to the signal', async () => {
    const soak = await createSoakClient({
      baseURL: mock.url,
      keys: ['sk-abort-slow-aaaaaaaaaaaaaaaaa'],
      fallbackModels: [],
      deadlineMs: 20_000,
      stages: [deadlineDroppingStage(400)],
    });
    const report = await runAbortStorm({
      client: soak.client,
      mock,
      calls: 10,
      abortWindowMs: 100,
    });
    expect(report.slowSettlements).toBeGreaterThan(0);
    expect(report.violations.join('\n')).toMatch(/more than 50 ms after abort/);
  });
});
