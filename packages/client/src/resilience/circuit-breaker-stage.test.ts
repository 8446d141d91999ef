import { UsageTracker } from '@aiclient/telemetry';
import { createTestTelemetry } from '@aiclient/telemetry/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { chat, type ResilientClient, startResilientClient } from './fixtures/resilient-client';

let running: ResilientClient | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const breaker = { failureRateThreshold: 0.5, minimumCalls: 2, windowMs: 10_000, openMs: 300 };
const primaryRequests = (rc: ResilientClient) =>
  rc.mock.requests().filter((r) => (r.body as { model?: string }).model === 'gpt-4o-mini').length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('circuit breaker against scripted testkit faults', () => {
  it('closed -> open at the failure rate; an open target is skipped without a request', async () => {
    running = await startResilientClient({
      mock: { faults: [{ match: { model: 'gpt-4o-mini' }, fault: { type: 'server_error' } }] },
      settings: { fallbackModels: ['gpt-4o'], maxAttempts: 1 },
      resilience: { circuitBreaker: { ...breaker, openMs: 60_000 } },
    });
    await running.client.chat.completions.create(chat());
    await running.client.chat.completions.create(chat());
    const primary = running.resilience.breakers?.states() ?? {};
    expect(Object.values(primary)).toContain('open');
    const before = primaryRequests(running);
    const reply = await running.client.chat.completions.create(chat());
    expect(reply.model).toBe('gpt-4o');
    expect(primaryRequests(running)).toBe(before);
    expect(running.logs.some((l) => l.message === 'aiclient circuit state')).toBe(true);
  });

  it('open -> half_open after openMs; a passing probe closes it', async () => {
    running = await startResilientClient({
      mock: {
        faults: [{ match: { model: 'gpt-4o-mini' }, times: 2, fault: { type: 'server_error' } }],
      },
      settings: { fallbackModels: ['gpt-4o'], maxAttempts: 1 },
      resilience: { circuitBreaker: breaker },
    });
    await running.client.chat.completions.create(chat());
    await running.client.chat.completions.create(chat());
    await sleep(350);
    const reply = await running.client.chat.completions.create(chat());
    expect(reply.model).toBe('gpt-4o-mini');
    expect(Object.values(running.resilience.breakers?.states() ?? {})).toEqual([
      'closed',
      'closed',
    ]);
  });

  it('a failing probe opens it again', async () => {
    running = await startResilientClient({
      mock: { faults: [{ match: { model: 'gpt-4o-mini' }, fault: { type: 'server_error' } }] },
      settings: { fallbackModels: ['gpt-4o'], maxAttempts: 1 },
      resilience: { circuitBreaker: breaker },
    });
    await running.client.chat.completions.create(chat());
    await running.client.chat.completions.create(chat());
    await sleep(350);
    const probeBefore = primaryRequests(running);
    await running.client.chat.completions.create(chat());
    expect(primaryRequests(running)).toBe(probeBefore + 1);
    const states = running.resilience.breakers?.states() ?? {};
    expect(Object.entries(states).find(([name]) => name.startsWith('gpt-4o-mini@'))?.[1]).toBe(
      'open',
    );
  });

  it('fails at once with AI-API-014 when every target is open', async () => {
    running = await startResilientClient({
      mock: { faults: [{ fault: { type: 'server_error' } }] },
      settings: { fallbackModels: ['gpt-4o'], maxAttempts: 1 },
      resilience: { circuitBreaker: { ...breaker, openMs: 60_000 } },
    });
    await running.client.chat.completions.create(chat()).catch(() => undefined);
    await running.client.chat.completions.create(chat()).catch(() => undefined);
    const sent = running.mock.requests().length;
    const started = Date.now();
    const error = await running.client.chat.completions.create(chat()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AI-API-014' });
    expect(running.mock.requests().length).toBe(sent);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('names the serving target in the span, the usage snapshot and the log', async () => {
    const telemetry = createTestTelemetry();
    try {
      const usageTracker = new UsageTracker();
      running = await startResilientClient({
        mock: { faults: [{ match: { model: 'gpt-4o-mini' }, fault: { type: 'server_error' } }] },
        settings: { fallbackModels: ['gpt-4o'], maxAttempts: 1, telemetryEnabled: true },
        client: { usageTracker },
      });
      await running.client.chat.completions.create(chat());
      const spans = telemetry.spans();
      const call = spans.find((s) => s.attributes['aiclient.target.index'] !== undefined);
      expect(call?.attributes['aiclient.target']).toMatch(/^gpt-4o@127\.0\.0\.1:/);
      expect(call?.attributes['aiclient.target.index']).toBe(1);
      // Each attempt span names the target it went to.
      const attempts = spans
        .filter((s) => s.attributes['aiclient.attempt'] !== undefined)
        .map((s) => String(s.attributes['aiclient.target']).split('@')[0]);
      expect(attempts).toEqual(['gpt-4o-mini', 'gpt-4o']);
      expect(JSON.stringify(usageTracker.snapshot())).toMatch(/gpt-4o@127\.0\.0\.1/);
      const served = running.logs.find((l) => l.message === 'aiclient call');
      expect(served?.data).toMatchObject({
        target: expect.stringMatching(/^gpt-4o@/),
        targetIndex: 1,
      });
    } finally {
      await telemetry.shutdown();
    }
  });
});
