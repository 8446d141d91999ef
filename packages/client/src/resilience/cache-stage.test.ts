import { UsageTracker } from '@aiclient/telemetry';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chat,
  KEY_A,
  type ResilientClient,
  startResilientClient,
} from './fixtures/resilient-client';
import { LocalStateStore } from './local-state-store';

let running: ResilientClient | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Lets a fire-and-forget cache write land. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('response cache through the client', () => {
  it('a hit returns the same response without a server request', async () => {
    const usageTracker = new UsageTracker();
    running = await startResilientClient({
      settings: { cacheEnabled: true, telemetryEnabled: true },
      client: { usageTracker },
    });
    const request = chat('gpt-4o-mini', { temperature: 0 });
    const first = await running.client.chat.completions.create(request);
    await settle();
    const second = await running.client.chat.completions.create(request);
    expect(second).toEqual(first);
    expect(running.mock.requests()).toHaveLength(1);
    const snapshot = JSON.stringify(usageTracker.snapshot());
    expect(snapshot).toMatch(/"cacheHits":1/);
    const stats = running.resilience.cacheStats();
    expect(stats).toMatchObject({ hits: 1, misses: 1 });
    // gpt-4o-mini is priced: the hit saved what the first call cost.
    expect(stats.costSavedUsd).toBeGreaterThan(0);
    const { total, byModel } = usageTracker.snapshot();
    expect(total.costSavedUsd).toBeCloseTo(stats.costSavedUsd, 12);
    expect(total.costSavedUsd).toBeCloseTo(total.estimatedCostUsd, 12);
    expect(byModel['gpt-4o-mini']?.costSavedUsd).toBeCloseTo(stats.costSavedUsd, 12);
  });

  it("prices a hit's savings with the usage tracker's prices, in the stats and the usage", async () => {
    const usageTracker = new UsageTracker({
      prices: { 'gpt-4o-mini': { inputPerMillion: 1_000_000, outputPerMillion: 0 } },
    });
    running = await startResilientClient({
      settings: { cacheEnabled: true, telemetryEnabled: true },
      client: { usageTracker },
    });
    const request = chat('gpt-4o-mini', { temperature: 0 });
    const first = await running.client.chat.completions.create(request);
    await settle();
    await running.client.chat.completions.create(request);
    // One USD per input token at these prices.
    const inputTokens = first.usage?.prompt_tokens ?? 0;
    expect(inputTokens).toBeGreaterThan(0);
    expect(running.resilience.cacheStats().costSavedUsd).toBeCloseTo(inputTokens, 6);
    const { total } = usageTracker.snapshot();
    expect(total).toMatchObject({ cacheHits: 1, requests: 2 });
    expect(total.costSavedUsd).toBeCloseTo(inputTokens, 6);
  });

  it('replays a streamed hit as a stream the SDK parses normally', async () => {
    running = await startResilientClient({ settings: { cacheEnabled: true } });
    const request = { ...chat('gpt-4o-mini', { temperature: 0 }), stream: true as const };
    const collect = async () => {
      const chunks: string[] = [];
      for await (const chunk of await running!.client.chat.completions.create(request)) {
        chunks.push(chunk.choices[0]?.delta.content ?? '');
      }
      return chunks;
    };
    const live = await collect();
    await settle();
    const replayed = await collect();
    expect(replayed).toEqual(live);
    expect(live.join('')).toContain('Mock answer');
    expect(running.mock.requests()).toHaveLength(1);
  });

  it('only caches temperature 0 unless forced; bypass always reaches the server', async () => {
    running = await startResilientClient({ settings: { cacheEnabled: true } });
    const warm = chat('gpt-4o-mini', { temperature: 0.7 });
    await running.client.chat.completions.create(warm);
    await settle();
    await running.client.chat.completions.create(warm);
    expect(running.mock.requests()).toHaveLength(2);

    const force = { headers: { 'x-aiclient-cache': 'force' } };
    await running.client.chat.completions.create(warm, force);
    await settle();
    await running.client.chat.completions.create(warm, force);
    expect(running.mock.requests()).toHaveLength(3);

    const cold = chat('gpt-4o-mini', { temperature: 0 });
    await running.client.chat.completions.create(cold);
    await settle();
    await running.client.chat.completions.create(cold, {
      headers: { 'x-aiclient-cache': 'bypass' },
    });
    expect(running.mock.requests()).toHaveLength(5);
  });

  it('never caches an error', async () => {
    running = await startResilientClient({
      mock: { faults: [{ times: 1, fault: { type: 'server_error' } }] },
      settings: { cacheEnabled: true, maxAttempts: 1 },
    });
    const request = chat('gpt-4o-mini', { temperature: 0 });
    await expect(running.client.chat.completions.create(request)).rejects.toMatchObject({
      code: 'AI-API-009',
    });
    await settle();
    await running.client.chat.completions.create(request);
    expect(running.mock.requests()).toHaveLength(2);
  });

  it('stores no API key in cache keys or values', async () => {
    const written: string[] = [];
    class Recording extends LocalStateStore {
      override async cacheSet(key: string, value: string, ttlMs: number) {
        written.push(key, value);
        await super.cacheSet(key, value, ttlMs);
      }
    }
    running = await startResilientClient({
      settings: { cacheEnabled: true },
      resilience: { stateStore: new Recording() },
    });
    await running.client.chat.completions.create(chat('gpt-4o-mini', { temperature: 0 }));
    await running.client.chat.completions.create({
      ...chat('gpt-4o-mini', { temperature: 0 }),
      stream: true,
    });
    for await (const _ of await running.client.chat.completions.create({
      ...chat('gpt-4o', { temperature: 0 }),
      stream: true,
    })) {
      // drain
    }
    await settle();
    expect(written.length).toBeGreaterThanOrEqual(4);
    expect(written.join('\n')).not.toContain(KEY_A);
    expect(written.join('\n')).not.toMatch(/bearer/i);
  });
});
