import { DataPointType, type Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from './create-test-telemetry';
import { findDataPoint } from './find-data-point';
import {
  createGenAiMetrics,
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_METRICS,
  GEN_AI_TOKEN_BUCKETS,
} from './gen-ai-metrics';

const ATTRS = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' };

let telemetry: TestTelemetry;
beforeEach(() => {
  telemetry = createTestTelemetry();
});
afterEach(async () => {
  await telemetry.shutdown();
});

describe('createGenAiMetrics', () => {
  it('records the four GenAI client histograms with their units and advised buckets', async () => {
    const genAi = createGenAiMetrics();
    genAi.recordOperationDuration(1.5, ATTRS);
    genAi.recordTokenUsage(120, 'input', ATTRS);
    genAi.recordTokenUsage(30, 'output', ATTRS);
    genAi.recordTimeToFirstChunk(0.3, ATTRS);
    genAi.recordTimePerOutputChunk(0.02, ATTRS);

    const collected = await telemetry.collectMetrics();
    const byName = new Map(collected.map((metric) => [metric.descriptor.name, metric]));
    expect([...byName.keys()].sort()).toEqual([
      'gen_ai.client.operation.duration',
      'gen_ai.client.operation.time_per_output_chunk',
      'gen_ai.client.operation.time_to_first_chunk',
      'gen_ai.client.token.usage',
    ]);
    for (const spec of Object.values(GEN_AI_METRICS)) {
      const metric = byName.get(spec.name);
      expect(metric?.descriptor.unit).toBe(spec.unit);
      expect(metric?.dataPointType).toBe(DataPointType.HISTOGRAM);
      const point = findDataPoint<Histogram>(metric);
      const expected =
        spec.name === 'gen_ai.client.token.usage' ? GEN_AI_TOKEN_BUCKETS : GEN_AI_DURATION_BUCKETS;
      expect(point?.value.buckets.boundaries).toEqual(expected);
    }
    expect(GEN_AI_DURATION_BUCKETS).toEqual([
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
    ]);
    expect(GEN_AI_TOKEN_BUCKETS).toEqual([
      1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
    ]);
  });

  it('labels token usage with gen_ai.token.type', async () => {
    const genAi = createGenAiMetrics();
    genAi.recordTokenUsage(120, 'input', ATTRS);
    genAi.recordTokenUsage(30, 'output', ATTRS);
    const metric = await telemetry.findMetric('gen_ai.client.token.usage');
    const input = findDataPoint<Histogram>(metric, { 'gen_ai.token.type': 'input' });
    const output = findDataPoint<Histogram>(metric, { 'gen_ai.token.type': 'output' });
    expect(input?.value.sum).toBe(120);
    expect(output?.value.sum).toBe(30);
    expect(input?.attributes).toEqual({ ...ATTRS, 'gen_ai.token.type': 'input' });
  });

  it('labels token usage right for reused frozen attributes and for mutated plain ones', async () => {
    const genAi = createGenAiMetrics();
    const frozen = Object.freeze({ ...ATTRS, 'gen_ai.request.model': 'gpt-4o-mini' });
    for (let i = 0; i < 3; i++) {
      genAi.recordTokenUsage(10, 'input', frozen);
      genAi.recordTokenUsage(1, 'output', frozen);
    }
    const mutable: Record<string, string> = { ...ATTRS, 'gen_ai.request.model': 'a' };
    genAi.recordTokenUsage(5, 'input', mutable);
    mutable['gen_ai.request.model'] = 'b';
    genAi.recordTokenUsage(7, 'input', mutable);
    const metric = await telemetry.findMetric('gen_ai.client.token.usage');
    const point = (model: string, type: string) =>
      findDataPoint<Histogram>(metric, { 'gen_ai.request.model': model, 'gen_ai.token.type': type })
        ?.value;
    expect(point('gpt-4o-mini', 'input')).toMatchObject({ count: 3, sum: 30 });
    expect(point('gpt-4o-mini', 'output')).toMatchObject({ count: 3, sum: 3 });
    expect(point('a', 'input')).toMatchObject({ count: 1, sum: 5 });
    expect(point('b', 'input')).toMatchObject({ count: 1, sum: 7 });
    expect(frozen).not.toHaveProperty('gen_ai.token.type');
  });

  it('keeps reporting when the SDK is registered after the metrics were created', async () => {
    await telemetry.shutdown();
    const genAi = createGenAiMetrics();
    genAi.recordOperationDuration(9, ATTRS); // no SDK yet: dropped
    telemetry = createTestTelemetry();
    genAi.recordOperationDuration(2, ATTRS);
    const metric = await telemetry.findMetric('gen_ai.client.operation.duration');
    expect(findDataPoint<Histogram>(metric)?.value).toMatchObject({ count: 1, sum: 2 });
  });
});
