import { UsageTracker } from '@aiclient/telemetry';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { useMockOpenAI } from '../../test/use-mock-openai';
import { createOpenAIClient } from '../client/create-openai-client';
import { memoryLogger, mockSettings, TEST_KEY } from '../test-support/mock-settings';

const { mock, telemetry } = useMockOpenAI({ telemetry: true });

const REQUEST = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Hello there' }],
  temperature: 0.2,
};

describe('telemetry stage', () => {
  it('a call that needed 3 attempts has 1 parent span and 3 attempt children', async () => {
    mock.setFaults([{ times: 2, fault: { type: 'server_error', status: 503 } }]);
    const usageTracker = new UsageTracker();
    const client = createOpenAIClient(mockSettings(mock.url), { usageTracker, random: () => 0.5 });
    const completion = await client.chat.completions.create(REQUEST);
    const spans = telemetry.spans();
    const parents = spans.filter((span) => span.name === 'chat gpt-4o-mini');
    expect(parents).toHaveLength(1);
    const parent = parents[0]!;
    const children = spans
      .filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId)
      .sort(
        (a, b) =>
          Number(a.attributes['aiclient.attempt']) - Number(b.attributes['aiclient.attempt']),
      );
    expect(children).toHaveLength(3);
    expect(
      children.every((child) => child.spanContext().traceId === parent.spanContext().traceId),
    ).toBe(true);
    expect(children.map((child) => child.name)).toEqual(Array(3).fill('POST /chat/completions'));
    expect(children.map((child) => child.attributes['http.response.status_code'])).toEqual([
      503, 503, 200,
    ]);
    expect(children.map((child) => child.attributes['error.type'])).toEqual([
      'AI-API-009',
      'AI-API-009',
      undefined,
    ]);
    expect(children.map((child) => child.status.code)).toEqual([
      SpanStatusCode.ERROR,
      SpanStatusCode.ERROR,
      SpanStatusCode.UNSET,
    ]);
    expect(children[0]?.attributes['aiclient.attempt.wait_before_ms']).toBe(0);
    expect(children[1]?.attributes['aiclient.attempt.wait_before_ms']).toBe(5);
    expect(children[2]?.attributes['aiclient.attempt.wait_before_ms']).toBe(10);
    for (const child of children) {
      expect(child.attributes['aiclient.key_id']).toMatch(/^key_[0-9a-f]{8}$/);
      expect(child.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
    }
    expect(parent.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.response.id': completion.id,
      'gen_ai.response.model': completion.model,
      'gen_ai.usage.input_tokens': completion.usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': completion.usage?.completion_tokens,
      'server.address': '127.0.0.1',
      'aiclient.attempts': 3,
    });
    expect(parent.status.code).toBe(SpanStatusCode.UNSET);
    // Never the key, on any span.
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain(TEST_KEY);

    const duration = await telemetry.findMetric('gen_ai.client.operation.duration');
    expect(duration?.dataPoints).toHaveLength(1);
    const attempts = await telemetry.findMetric('aiclient.client.attempts');
    expect(attempts?.dataPoints[0]?.value).toBe(3);
    const retries = await telemetry.findMetric('aiclient.client.retries');
    expect(retries?.dataPoints[0]?.value).toBe(2);
    const snapshot = usageTracker.snapshot();
    expect(snapshot.total.requests).toBe(1);
    expect(snapshot.total.inputTokens).toBe(completion.usage?.prompt_tokens);
  });

  it('ends a failed call span once with the error code and records no content by default', async () => {
    mock.setFaults([{ fault: { type: 'context_length_exceeded' } }]);
    const client = createOpenAIClient(mockSettings(mock.url));
    await expect(client.chat.completions.create(REQUEST)).rejects.toMatchObject({
      code: 'AI-API-007',
    });
    const [parent, ...rest] = telemetry.spans().filter((span) => span.name === 'chat gpt-4o-mini');
    expect(rest).toHaveLength(0);
    expect(parent?.status.code).toBe(SpanStatusCode.ERROR);
    expect(parent?.attributes['error.type']).toBe('AI-API-007');
    expect(JSON.stringify(parent?.attributes)).not.toContain('Hello there');
  });

  it('ends the span of an aborted call once, as AI-API-013', async () => {
    mock.setFaults([{ fault: { type: 'latency', ms: 5000 } }]);
    const client = createOpenAIClient(mockSettings(mock.url));
    const controller = new AbortController();
    const call = client.chat.completions.create(REQUEST, { signal: controller.signal });
    while (mock.requests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'AI-API-013' });
    const spans = telemetry.spans();
    const parents = spans.filter((span) => span.name === 'chat gpt-4o-mini');
    expect(parents).toHaveLength(1);
    expect(parents[0]?.attributes['error.type']).toBe('AI-API-013');
    expect(spans.filter((span) => span.name === 'POST /chat/completions')).toHaveLength(1);
  });

  it('records message content only when opted in', async () => {
    const client = createOpenAIClient(mockSettings(mock.url, { captureMessageContent: true }));
    await client.chat.completions.create(REQUEST);
    const [parent] = telemetry.spans().filter((span) => span.name === 'chat gpt-4o-mini');
    expect(String(parent?.attributes['gen_ai.input.messages'])).toContain('Hello there');
  });

  it('records time to first chunk and usage of a streamed call', async () => {
    const usageTracker = new UsageTracker();
    const client = createOpenAIClient(mockSettings(mock.url), { usageTracker });
    const stream = await client.chat.completions.create({ ...REQUEST, stream: true });
    for await (const _chunk of stream) {
      // consume
    }
    const [parent] = telemetry.spans().filter((span) => span.name === 'chat gpt-4o-mini');
    expect(parent?.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
    expect(parent?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(await telemetry.findMetric('gen_ai.client.operation.time_to_first_chunk')).toBeDefined();
    expect(usageTracker.snapshot().total.outputTokens).toBeGreaterThan(0);
  });

  it('writes one line per call, a warning per retry and an error line, without keys or content', async () => {
    mock.setFaults([{ times: 1, fault: { type: 'server_error' } }]);
    const { logger, records } = memoryLogger();
    const client = createOpenAIClient(mockSettings(mock.url, { logLevel: 'info' }), { logger });
    await client.chat.completions.create(REQUEST);
    const [parent] = telemetry.spans().filter((span) => span.name === 'chat gpt-4o-mini');
    expect(records.map((record) => record.level)).toEqual(['warn', 'info']);
    expect(records[1]?.data).toMatchObject({
      event: 'aiclient.call',
      outcome: 'success',
      operation: 'chat',
      model: 'gpt-4o-mini',
      status: 200,
      attempts: 2,
      requestId: mock.requests()[1]?.requestId,
      traceId: parent?.spanContext().traceId,
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      durationMs: expect.any(Number),
    });
    expect(records[0]?.data).toMatchObject({
      event: 'aiclient.retry',
      attempt: 1,
      code: 'AI-API-009',
      status: 500,
    });

    mock.setFaults([
      {
        fault: { type: 'status', status: 401, body: { error: { message: `bad key ${TEST_KEY}` } } },
      },
    ]);
    await expect(client.chat.completions.create(REQUEST)).rejects.toMatchObject({
      code: 'AI-API-001',
    });
    const last = records.at(-1);
    expect(last?.level).toBe('error');
    expect(last?.data).toMatchObject({ code: 'AI-API-001', error: { code: 'AI-API-001' } });
    const text = JSON.stringify(records);
    expect(text).not.toContain(TEST_KEY);
    expect(text).not.toContain('Hello there');
  });

  it('records the GenAI metrics of each kind of call with its own attributes', async () => {
    const client = createOpenAIClient(mockSettings(mock.url));
    await client.chat.completions.create(REQUEST);
    await client.chat.completions.create(REQUEST);
    await client.chat.completions.create({ ...REQUEST, model: 'gpt-4o' });
    await client.embeddings.create({ model: 'gpt-4o-mini', input: 'Hello there' });
    mock.setFaults([{ fault: { type: 'context_length_exceeded' } }]);
    await expect(client.chat.completions.create(REQUEST)).rejects.toMatchObject({
      code: 'AI-API-007',
    });
    const duration = await telemetry.findMetric('gen_ai.client.operation.duration');
    const points = (duration?.dataPoints ?? []).map((point) => ({
      operation: point.attributes['gen_ai.operation.name'],
      model: point.attributes['gen_ai.request.model'],
      error: point.attributes['error.type'],
      count: (point.value as { count: number }).count,
    }));
    expect(points).toEqual(
      expect.arrayContaining([
        { operation: 'chat', model: 'gpt-4o-mini', error: undefined, count: 2 },
        { operation: 'chat', model: 'gpt-4o', error: undefined, count: 1 },
        { operation: 'embeddings', model: 'gpt-4o-mini', error: undefined, count: 1 },
        { operation: 'chat', model: 'gpt-4o-mini', error: 'AI-API-007', count: 1 },
      ]),
    );
    expect(points).toHaveLength(4);
    for (const point of duration?.dataPoints ?? []) {
      expect(point.attributes).toMatchObject({
        'gen_ai.provider.name': 'openai',
        'server.address': '127.0.0.1',
      });
    }
    const tokens = await telemetry.findMetric('gen_ai.client.token.usage');
    const tokenPoints = (tokens?.dataPoints ?? []).map((point) => [
      point.attributes['gen_ai.request.model'],
      point.attributes['gen_ai.token.type'],
      (point.value as { count: number }).count,
    ]);
    expect(tokenPoints).toEqual(
      expect.arrayContaining([
        ['gpt-4o-mini', 'input', 2],
        ['gpt-4o-mini', 'output', 2],
        ['gpt-4o', 'input', 1],
        ['gpt-4o', 'output', 1],
      ]),
    );
  });
});
