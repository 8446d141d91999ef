import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from './create-test-telemetry';
import { findDataPoint } from './find-data-point';
import { UsageTracker } from './usage-tracker';

let telemetry: TestTelemetry;
beforeEach(() => {
  telemetry = createTestTelemetry();
});
afterEach(async () => {
  await telemetry.shutdown();
});

const clock = () => new Date('2026-01-01T00:00:00.000Z');

describe('UsageTracker', () => {
  it('totals requests, errors by code, tokens and cost per model, key, operation and target', () => {
    const tracker = new UsageTracker({ now: clock });
    tracker.record({
      model: 'gpt-4o-mini',
      keyId: 'key_aaaa1111',
      operation: 'chat',
      inputTokens: 1000,
      outputTokens: 500,
      cachedTokens: 200,
      target: 'primary',
    });
    tracker.record({
      model: 'gpt-4o-mini',
      keyId: 'key_bbbb2222',
      operation: 'chat',
      errorCode: 'AI-API-005',
    });
    tracker.record({
      model: 'text-embedding-3-small',
      keyId: 'key_aaaa1111',
      operation: 'embeddings',
      inputTokens: 10_000,
    });

    const snapshot = tracker.snapshot();
    // gpt-4o-mini: 800 * 0.15 + 200 * 0.075 + 500 * 0.6 per million
    const chatCost = (800 * 0.15 + 200 * 0.075 + 500 * 0.6) / 1_000_000;
    const embeddingCost = (10_000 * 0.02) / 1_000_000;
    expect(snapshot.total).toEqual({
      requests: 3,
      errors: 1,
      errorsByCode: { 'AI-API-005': 1 },
      inputTokens: 11_000,
      outputTokens: 500,
      cachedTokens: 200,
      cacheHits: 0,
      estimatedCostUsd: expect.closeTo(chatCost + embeddingCost, 12),
      unpricedRequests: 0,
      costSavedUsd: 0,
    });
    expect(snapshot.byModel['gpt-4o-mini']).toMatchObject({
      requests: 2,
      errors: 1,
      inputTokens: 1000,
    });
    expect(snapshot.byKey.key_aaaa1111).toMatchObject({ requests: 2, inputTokens: 11_000 });
    expect(snapshot.byKey.key_bbbb2222).toMatchObject({
      requests: 1,
      errorsByCode: { 'AI-API-005': 1 },
    });
    expect(snapshot.byOperation.embeddings?.estimatedCostUsd).toBeCloseTo(embeddingCost, 12);
    expect(Object.keys(snapshot.byTarget)).toEqual(['primary']);
    expect(snapshot.since).toBe('2026-01-01T00:00:00.000Z');
  });

  it('counts a cache hit as a request without tokens or cost', () => {
    const tracker = new UsageTracker();
    tracker.record({
      model: 'gpt-4o',
      operation: 'chat',
      inputTokens: 100,
      outputTokens: 10,
      cacheHit: true,
    });
    expect(tracker.snapshot().total).toMatchObject({
      requests: 1,
      cacheHits: 1,
      inputTokens: 0,
      estimatedCostUsd: 0,
    });
  });

  it('adds the cost a cache hit saved, per model, key, operation and target', () => {
    const tracker = new UsageTracker({
      prices: { 'my-model': { inputPerMillion: 2, outputPerMillion: 4 } },
    });
    const hit = { operation: 'chat', keyId: 'key_aaaa1111', cacheHit: true, target: 'primary' };
    // Computed from the tokens at the tracker's price: (1000 * 2 + 500 * 4) / 1M.
    tracker.record({ ...hit, model: 'my-model', inputTokens: 1000, outputTokens: 500 });
    // Given by the caller (the cache stage priced the stored usage itself): taken as is.
    tracker.record({ ...hit, model: 'gpt-4o', inputTokens: 10, costSavedUsd: 0.25 });
    // Unpriced model, nothing given: saves nothing known.
    tracker.record({ ...hit, model: 'unknown-model', inputTokens: 10 });
    // A paid call never counts as saved, even if a caller passes an amount.
    tracker.record({ model: 'my-model', operation: 'embeddings', inputTokens: 1, costSavedUsd: 9 });
    // Nonsense amounts are ignored.
    tracker.record({ ...hit, model: 'my-model', costSavedUsd: Number.NaN });
    tracker.record({ ...hit, model: 'my-model', costSavedUsd: -1 });

    const snapshot = tracker.snapshot();
    const computed = (1000 * 2 + 500 * 4) / 1_000_000;
    expect(snapshot.total.costSavedUsd).toBeCloseTo(computed + 0.25, 12);
    expect(snapshot.total).toMatchObject({ cacheHits: 5, estimatedCostUsd: 2 / 1_000_000 });
    expect(snapshot.byModel['my-model']?.costSavedUsd).toBeCloseTo(computed, 12);
    expect(snapshot.byModel['gpt-4o']?.costSavedUsd).toBe(0.25);
    expect(snapshot.byModel['unknown-model']?.costSavedUsd).toBe(0);
    expect(snapshot.byKey.key_aaaa1111?.costSavedUsd).toBeCloseTo(computed + 0.25, 12);
    expect(snapshot.byOperation.chat?.costSavedUsd).toBeCloseTo(computed + 0.25, 12);
    expect(snapshot.byOperation.embeddings?.costSavedUsd).toBe(0);
    expect(snapshot.byTarget.primary?.costSavedUsd).toBeCloseTo(computed + 0.25, 12);
  });

  it('lets users override and replace prices', () => {
    const overridden = new UsageTracker({
      prices: { 'gpt-4o-mini': { inputPerMillion: 1, outputPerMillion: 1 } },
    });
    overridden.record({
      model: 'gpt-4o-mini-2024-07-18',
      operation: 'chat',
      inputTokens: 1_000_000,
    });
    expect(overridden.snapshot().total.estimatedCostUsd).toBeCloseTo(1, 10);
    expect(overridden.priceOf('gpt-4o')).toBeDefined();

    const replaced = new UsageTracker({
      prices: { 'my-model': { inputPerMillion: 3, outputPerMillion: 3 } },
      replacePrices: true,
    });
    expect(replaced.priceOf('gpt-4o')).toBeUndefined();
    replaced.record({ model: 'gpt-4o', operation: 'chat', inputTokens: 5 });
    expect(replaced.snapshot().total).toMatchObject({ estimatedCostUsd: 0, unpricedRequests: 1 });
    replaced.setPrices({ 'gpt-4o': { inputPerMillion: 1_000_000, outputPerMillion: 0 } });
    replaced.record({ model: 'gpt-4o', operation: 'chat', inputTokens: 5 });
    expect(replaced.snapshot().total.estimatedCostUsd).toBeCloseTo(5, 10);
  });

  it('never keeps a real key passed as key id', () => {
    const tracker = new UsageTracker();
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
    tracker.record({ model: 'gpt-4o', operation: 'chat', keyId: key });
    tracker.record({ model: 'gpt-4o', operation: 'chat' });
    const snapshot = tracker.snapshot();
    expect(JSON.stringify(snapshot)).not.toContain(key);
    expect(Object.keys(snapshot.byKey).sort()).toEqual(['[REDACTED]', 'unknown']);
  });

  it('returns copies and resets', () => {
    const tracker = new UsageTracker();
    tracker.record({ model: 'gpt-4o', operation: 'chat', errorCode: 'AI-API-009' });
    const snapshot = tracker.snapshot();
    snapshot.total.errorsByCode['AI-API-009'] = 99;
    expect(tracker.snapshot().total.errorsByCode['AI-API-009']).toBe(1);
    tracker.reset();
    expect(tracker.snapshot().total.requests).toBe(0);
    expect(tracker.snapshot().byModel).toEqual({});
  });

  it('feeds the aiclient.usage.* counters from the same records', async () => {
    const tracker = new UsageTracker();
    tracker.record({
      model: 'gpt-4o',
      keyId: 'key_aaaa1111',
      operation: 'chat',
      inputTokens: 1000,
      outputTokens: 100,
      cachedTokens: 400,
    });
    tracker.record({
      model: 'gpt-4o',
      keyId: 'key_aaaa1111',
      operation: 'chat',
      errorCode: 'AI-API-009',
    });
    const base = { 'gen_ai.request.model': 'gpt-4o', 'aiclient.key.id': 'key_aaaa1111' };
    const requests = await telemetry.findMetric('aiclient.usage.requests');
    expect(findDataPoint<number>(requests, base)?.value).toBe(2);
    const errors = await telemetry.findMetric('aiclient.usage.errors');
    expect(findDataPoint<number>(errors, { 'error.type': 'AI-API-009' })?.value).toBe(1);
    const tokens = await telemetry.findMetric('aiclient.usage.tokens');
    expect(findDataPoint<number>(tokens, { 'aiclient.token.type': 'input' })?.value).toBe(1000);
    expect(findDataPoint<number>(tokens, { 'aiclient.token.type': 'output' })?.value).toBe(100);
    expect(findDataPoint<number>(tokens, { 'aiclient.token.type': 'cached' })?.value).toBe(400);
    const cost = await telemetry.findMetric('aiclient.usage.cost');
    expect(findDataPoint<number>(cost)?.value).toBeCloseTo(
      tracker.snapshot().total.estimatedCostUsd,
      12,
    );
    expect(cost?.descriptor.unit).toBe('{USD}');
  });

  it('feeds aiclient.usage.cost_saved from cache hits only', async () => {
    const tracker = new UsageTracker();
    tracker.record({ model: 'gpt-4o', operation: 'chat', inputTokens: 1000, cacheHit: true });
    tracker.record({ model: 'gpt-4o', operation: 'chat', inputTokens: 1000 });
    const saved = await telemetry.findMetric('aiclient.usage.cost_saved');
    expect(saved?.descriptor.unit).toBe('{USD}');
    expect(findDataPoint<number>(saved, { 'aiclient.cache.hit': true })?.value).toBeCloseTo(
      (1000 * 2.5) / 1_000_000,
      12,
    );
    expect(findDataPoint<number>(saved, { 'aiclient.cache.hit': false })).toBeUndefined();
    const cost = await telemetry.findMetric('aiclient.usage.cost');
    expect(findDataPoint<number>(cost, { 'aiclient.cache.hit': true })).toBeUndefined();
  });
});
