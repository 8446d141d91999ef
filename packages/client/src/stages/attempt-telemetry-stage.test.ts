import { AIServerError } from '@aiclient/errors';
import { createToolkitMetrics } from '@aiclient/telemetry';
import { createTestTelemetry } from '@aiclient/telemetry/testing';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { createCallContext } from '../pipeline/create-call-context';
import { mockSettings } from '../test-support/mock-settings';
import { attemptTelemetryStage } from './attempt-telemetry-stage';

const telemetry = createTestTelemetry();

afterAll(async () => {
  await telemetry.shutdown();
});

function setup(number: number) {
  const { ctx } = createCallContext({
    url: 'http://127.0.0.1:1/v1/embeddings',
    init: {
      method: 'POST',
      headers: new Headers(),
      body: '{"model":"text-embedding-3-small","input":"x"}',
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
});
