import { DataPointType, type Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from './create-test-telemetry';
import { findDataPoint } from './find-data-point';
import { createToolkitMetrics, RATE_LIMIT_WAIT_BUCKETS, TOOLKIT_METRICS } from './toolkit-metrics';

let telemetry: TestTelemetry;
beforeEach(() => {
  telemetry = createTestTelemetry();
});
afterEach(async () => {
  await telemetry.shutdown();
});

describe('createToolkitMetrics', () => {
  it('records every aiclient.* metric under its documented name and unit', async () => {
    const toolkit = createToolkitMetrics();
    toolkit.recordAttempt({ 'gen_ai.request.model': 'm' });
    toolkit.recordAttempt({ 'gen_ai.request.model': 'm' });
    toolkit.recordRetry({ 'error.type': 'AI-API-005' });
    toolkit.recordFallback({ 'aiclient.fallback.to': 'gpt-4o' });
    toolkit.recordCacheHit();
    toolkit.recordCacheMiss();
    toolkit.recordCacheMiss();
    toolkit.recordRateLimitWait(0.4);
    toolkit.recordKeyCooldown({ 'aiclient.key.id': 'key_0123abcd' });
    toolkit.recordStreamStall({ 'aiclient.stream.phase': 'idle' });
    toolkit.recordCircuitState('open', { 'aiclient.target': 'primary' });
    toolkit.recordRedisFallback();

    const collected = await telemetry.collectMetrics();
    const byName = new Map(collected.map((metric) => [metric.descriptor.name, metric]));
    for (const spec of Object.values(TOOLKIT_METRICS)) {
      expect(byName.get(spec.name)?.descriptor.unit, spec.name).toBe(spec.unit);
    }
    const sum = (name: string) => findDataPoint<number>(byName.get(name))?.value;
    expect(sum('aiclient.client.attempts')).toBe(2);
    expect(sum('aiclient.client.retries')).toBe(1);
    expect(sum('aiclient.client.fallbacks')).toBe(1);
    expect(sum('aiclient.cache.hits')).toBe(1);
    expect(sum('aiclient.cache.misses')).toBe(2);
    expect(sum('aiclient.rate_limit.waits')).toBe(1);
    expect(sum('aiclient.key.cooldowns')).toBe(1);
    expect(sum('aiclient.stream.stalls')).toBe(1);
    expect(sum('aiclient.redis.fallbacks')).toBe(1);
    expect(byName.get('aiclient.circuit.state')?.dataPointType).toBe(DataPointType.GAUGE);
    expect(
      findDataPoint<number>(byName.get('aiclient.circuit.state'), { 'aiclient.target': 'primary' })
        ?.value,
    ).toBe(2);
    const wait = findDataPoint<Histogram>(byName.get('aiclient.rate_limit.wait.duration'));
    expect(wait?.value.sum).toBe(0.4);
    expect(wait?.value.buckets.boundaries).toEqual(RATE_LIMIT_WAIT_BUCKETS);
  });

  it('reports the latest circuit state as 0, 1 or 2', async () => {
    const toolkit = createToolkitMetrics();
    const target = { 'aiclient.target': 't' };
    toolkit.recordCircuitState('open', target);
    toolkit.recordCircuitState('half_open', target);
    expect(findDataPoint<number>(await telemetry.findMetric('aiclient.circuit.state'))?.value).toBe(
      1,
    );
    toolkit.recordCircuitState('closed', target);
    expect(findDataPoint<number>(await telemetry.findMetric('aiclient.circuit.state'))?.value).toBe(
      0,
    );
  });
});
