// Acceptance: the spans and metrics a client produces for a chat call, a streamed call, an
// embeddings call and a failed call, with exact names, attributes, units and bucket boundaries.
import { AIRateLimitError } from '@aiclient/errors';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { DataPointType, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGenAiMetrics,
  errorType,
  type GenAiRequestParams,
  genAiMetricAttributes,
  genAiRequestAttributes,
  genAiResponseAttributes,
  genAiSpanName,
  genAiUsageFromOpenAI,
  serverAttributesFromUrl,
  withSpan,
} from '../src/index';
import { createTestTelemetry, findDataPoint, type TestTelemetry } from '../src/testing';

const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
const SERVER = serverAttributesFromUrl('https://api.openai.com/v1');

let telemetry: TestTelemetry;
beforeEach(() => {
  telemetry = createTestTelemetry();
});
afterEach(async () => {
  await telemetry.shutdown();
});

interface FakeResponse {
  id: string;
  model: string;
  finishReasons?: string[];
  usage?: unknown;
}

/** What the client does around one call; durations are given, not measured. */
async function instrumentedCall(options: {
  operation: 'chat' | 'embeddings';
  model: string;
  params: GenAiRequestParams;
  durationSeconds: number;
  chunkGapsSeconds?: number[];
  call: () => Promise<FakeResponse>;
}) {
  const genAi = createGenAiMetrics();
  const request = {
    operation: options.operation,
    provider: 'openai',
    model: options.model,
    ...SERVER,
    semconv: 'latest' as const,
  };
  return withSpan(
    genAiSpanName(options.operation, options.model),
    {
      kind: SpanKind.CLIENT,
      attributes: genAiRequestAttributes({ ...request, params: options.params }),
    },
    async (span) => {
      try {
        const response = await options.call();
        const usage = genAiUsageFromOpenAI(response.usage);
        const [first, ...rest] = options.chunkGapsSeconds ?? [];
        span.setAttributes(
          genAiResponseAttributes({
            id: response.id,
            model: response.model,
            finishReasons: response.finishReasons,
            usage,
            timeToFirstChunkSeconds: first,
            semconv: 'latest',
          }),
        );
        const metricAttributes = genAiMetricAttributes({
          ...request,
          responseModel: response.model,
        });
        genAi.recordOperationDuration(options.durationSeconds, metricAttributes);
        if (usage?.inputTokens !== undefined)
          genAi.recordTokenUsage(usage.inputTokens, 'input', metricAttributes);
        if (usage?.outputTokens !== undefined)
          genAi.recordTokenUsage(usage.outputTokens, 'output', metricAttributes);
        if (first !== undefined) genAi.recordTimeToFirstChunk(first, metricAttributes);
        for (const gap of rest) genAi.recordTimePerOutputChunk(gap, metricAttributes);
        return response;
      } catch (err) {
        genAi.recordOperationDuration(
          options.durationSeconds,
          genAiMetricAttributes({ ...request, errorType: errorType(err) }),
        );
        throw err;
      }
    },
  );
}

async function metricsByName(): Promise<Map<string, MetricData>> {
  return new Map(
    (await telemetry.collectMetrics()).map((metric) => [metric.descriptor.name, metric]),
  );
}

function expectHistogram(metric: MetricData | undefined, unit: string, buckets: number[]) {
  expect(metric?.descriptor.unit).toBe(unit);
  expect(metric?.dataPointType).toBe(DataPointType.HISTOGRAM);
  for (const point of (metric?.dataPoints ?? []) as { value: Histogram }[]) {
    expect(point.value.buckets.boundaries).toEqual(buckets);
  }
}

const BASE_METRIC_ATTRIBUTES = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'server.address': 'api.openai.com',
  'server.port': 443,
};

describe('GenAI telemetry of client calls', () => {
  it('a chat call', async () => {
    await instrumentedCall({
      operation: 'chat',
      model: 'gpt-4o-mini',
      params: { max_tokens: 50, temperature: 0 },
      durationSeconds: 0.7,
      call: async () => ({
        id: 'chatcmpl-abc',
        model: 'gpt-4o-mini-2024-07-18',
        finishReasons: ['stop'],
        usage: {
          prompt_tokens: 20,
          completion_tokens: 5,
          prompt_tokens_details: { cached_tokens: 0 },
        },
      }),
    });

    const [span] = telemetry.spans();
    expect(span?.name).toBe('chat gpt-4o-mini');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0,
      'gen_ai.response.id': 'chatcmpl-abc',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 20,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.usage.cache_read.input_tokens': 0,
    });

    const byName = await metricsByName();
    expect([...byName.keys()].sort()).toEqual([
      'gen_ai.client.operation.duration',
      'gen_ai.client.token.usage',
    ]);
    const duration = byName.get('gen_ai.client.operation.duration');
    expectHistogram(duration, 's', DURATION_BUCKETS);
    expect(findDataPoint<Histogram>(duration)?.attributes).toEqual({
      ...BASE_METRIC_ATTRIBUTES,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    });
    expect(findDataPoint<Histogram>(duration)?.value).toMatchObject({ count: 1, sum: 0.7 });
    const tokens = byName.get('gen_ai.client.token.usage');
    expectHistogram(tokens, '{token}', TOKEN_BUCKETS);
    expect(findDataPoint<Histogram>(tokens, { 'gen_ai.token.type': 'input' })?.value.sum).toBe(20);
    expect(findDataPoint<Histogram>(tokens, { 'gen_ai.token.type': 'output' })?.value.sum).toBe(5);
  });

  it('a streamed call', async () => {
    await instrumentedCall({
      operation: 'chat',
      model: 'gpt-4o-mini',
      params: { stream: true },
      durationSeconds: 1.2,
      chunkGapsSeconds: [0.3, 0.05, 0.05, 0.1],
      call: async () => ({
        id: 'chatcmpl-stream',
        model: 'gpt-4o-mini-2024-07-18',
        finishReasons: ['stop'],
        usage: { prompt_tokens: 9, completion_tokens: 3 },
      }),
    });

    const [span] = telemetry.spans();
    expect(span?.name).toBe('chat gpt-4o-mini');
    expect(span?.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.time_to_first_chunk': 0.3,
      'gen_ai.usage.input_tokens': 9,
      'gen_ai.usage.output_tokens': 3,
    });

    const byName = await metricsByName();
    expect([...byName.keys()].sort()).toEqual([
      'gen_ai.client.operation.duration',
      'gen_ai.client.operation.time_per_output_chunk',
      'gen_ai.client.operation.time_to_first_chunk',
      'gen_ai.client.token.usage',
    ]);
    const first = byName.get('gen_ai.client.operation.time_to_first_chunk');
    expectHistogram(first, 's', DURATION_BUCKETS);
    expect(findDataPoint<Histogram>(first)?.value).toMatchObject({ count: 1, sum: 0.3 });
    const perChunk = byName.get('gen_ai.client.operation.time_per_output_chunk');
    expectHistogram(perChunk, 's', DURATION_BUCKETS);
    expect(findDataPoint<Histogram>(perChunk)?.value.count).toBe(3);
    expect(findDataPoint<Histogram>(perChunk)?.value.sum).toBeCloseTo(0.2, 10);
  });

  it('an embeddings call', async () => {
    await instrumentedCall({
      operation: 'embeddings',
      model: 'text-embedding-3-small',
      params: { encoding_format: 'float', dimensions: 512 },
      durationSeconds: 0.05,
      call: async () => ({
        id: '',
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 8, total_tokens: 8 },
      }),
    });

    const [span] = telemetry.spans();
    expect(span?.name).toBe('embeddings text-embedding-3-small');
    expect(span?.attributes).toEqual({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'text-embedding-3-small',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'gen_ai.request.encoding_formats': ['float'],
      'gen_ai.embeddings.dimension.count': 512,
      'gen_ai.response.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 8,
    });
    const byName = await metricsByName();
    const tokens = byName.get('gen_ai.client.token.usage');
    expectHistogram(tokens, '{token}', TOKEN_BUCKETS);
    expect(tokens?.dataPoints).toHaveLength(1);
    expect(findDataPoint<Histogram>(tokens)?.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.token.type': 'input',
    });
  });

  it('a failed call', async () => {
    const failure = new AIRateLimitError({
      message: 'Rate limit reached',
      context: { status: 429 },
    });
    const caught = await instrumentedCall({
      operation: 'chat',
      model: 'gpt-4o-mini',
      params: {},
      durationSeconds: 0.1,
      call: async () => {
        throw failure;
      },
    }).catch((err: unknown) => err);
    expect(caught).toBe(failure);

    const [span] = telemetry.spans();
    expect(span?.name).toBe('chat gpt-4o-mini');
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Rate limit reached' });
    expect(span?.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'error.type': 'AI-API-005',
      'aiclient.error.retryable': true,
      'http.response.status_code': 429,
    });
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);

    const byName = await metricsByName();
    expect([...byName.keys()]).toEqual(['gen_ai.client.operation.duration']);
    const duration = byName.get('gen_ai.client.operation.duration');
    expectHistogram(duration, 's', DURATION_BUCKETS);
    expect(findDataPoint<Histogram>(duration)?.attributes).toEqual({
      ...BASE_METRIC_ATTRIBUTES,
      'error.type': 'AI-API-005',
    });
  });
});
