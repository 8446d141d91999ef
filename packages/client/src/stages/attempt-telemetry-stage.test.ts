import { AIServerError } from '@aiclient/errors';
import { createToolkitMetrics } from '@aiclient/telemetry';
import { createTestTelemetry, findDataPoint } from '@aiclient/telemetry/testing';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCallContext } from '../pipeline/create-call-context';
import { mockSettings } from '../test-support/mock-settings';
import { attemptTelemetryStage } from './attempt-telemetry-stage';

const telemetry = createTestTelemetry();

afterAll(async () => {
  await telemetry.shutdown();
});

afterEach(() => {
  telemetry.reset();
});

function setup(number: number, model = 'text-embedding-3-small') {
  const { ctx } = createCallContext({
    url: 'http://127.0.0.1:1/v1/embeddings',
    init: {
      method: 'POST',
      headers: new Headers(),
      body: JSON.stringify({ model, input: 'x' }),
    },
    settings: mockSettings('http://127.0.0.1:1/v1'),
    logger: { error() {}, warn() {}, info() {}, debug() {} },
    basePath: '/v1',
    injectStreamUsage: false,
  });
  ctx.attempt = {
    number,
    waitBeforeMs: 40,
    startedAt: Date.now(),
    signal: new AbortController().signal,
    abort() {},
    apiKey: 'the-secret-key',
    keyId: 'key_abcd1234',
    target: '127.0.0.1',
    status: 503,
    requestId: 'req_z',
  };
  return ctx;
}

describe('attemptTelemetryStage', () => {
  it('records one span per attempt with its number, wait, key id and outcome', async () => {
    const stage = attemptTelemetryStage({ toolkitMetrics: createToolkitMetrics() });
    const ok = setup(1);
    await stage.handle(ok, async () => new Response('{}', { status: 200 }));
    const failed = setup(2);
    const error = new AIServerError({ message: 'down', context: { status: 503 } });
    await expect(stage.handle(failed, async () => Promise.reject(error))).rejects.toBe(error);
    const [first, second] = telemetry.spans();
    expect(first?.name).toBe('POST /embeddings');
    expect(first?.attributes).toMatchObject({
      'aiclient.attempt': 1,
      'aiclient.attempt.wait_before_ms': 40,
      'aiclient.key_id': 'key_abcd1234',
      'aiclient.target': '127.0.0.1',
      'http.response.status_code': 200,
      'gen_ai.request.model': 'text-embedding-3-small',
    });
    expect(second?.attributes).toMatchObject({
      'error.type': 'AI-API-009',
      'http.response.status_code': 503,
    });
    expect(second?.status.code).toBe(SpanStatusCode.ERROR);
    expect(JSON.stringify([first?.attributes, second?.attributes])).not.toContain('the-secret-key');
    const retries = await telemetry.findMetric('aiclient.client.retries');
    expect(retries?.dataPoints[0]?.value).toBe(1);
    ok.settle({ kind: 'success' });
    failed.settle({ kind: 'success' });
  });

  it('parents each attempt span on the call span, active or not', async () => {
    const stage = attemptTelemetryStage({ toolkitMetrics: createToolkitMetrics() });
    const callSpan = trace.getTracer('test').startSpan('embeddings text-embedding-3-small');
    const active = setup(1);
    active.span = callSpan;
    await context.with(trace.setSpan(context.active(), callSpan), () =>
      stage.handle(active, async () => new Response('{}')),
    );
    const inactive = setup(1);
    inactive.span = callSpan;
    await stage.handle(inactive, async () => new Response('{}'));
    const orphan = setup(1);
    await stage.handle(orphan, async () => new Response('{}'));
    callSpan.end();
    const attempts = telemetry.spans().filter((span) => span.name === 'POST /embeddings');
    expect(attempts.map((span) => span.parentSpanContext?.spanId)).toEqual([
      callSpan.spanContext().spanId,
      callSpan.spanContext().spanId,
      undefined,
    ]);
    for (const ctx of [active, inactive, orphan]) ctx.settle({ kind: 'success' });
  });

  it('counts attempts and retries per requested model', async () => {
    const stage = attemptTelemetryStage({ toolkitMetrics: createToolkitMetrics() });
    const calls = [
      setup(1, 'model-a'),
      setup(2, 'model-a'),
      setup(1, 'model-b'),
      setup(1, 'model-a'),
    ];
    for (const ctx of calls) {
      await stage.handle(ctx, async () => new Response('{}'));
      ctx.settle({ kind: 'success' });
    }
    const attempts = await telemetry.findMetric('aiclient.client.attempts');
    expect(findDataPoint(attempts, { 'gen_ai.request.model': 'model-a' })?.value).toBe(3);
    expect(findDataPoint(attempts, { 'gen_ai.request.model': 'model-b' })?.value).toBe(1);
    const retries = await telemetry.findMetric('aiclient.client.retries');
    expect(retries?.dataPoints.map((point) => point.attributes)).toEqual([
      { 'gen_ai.request.model': 'model-a' },
    ]);
  });
});
