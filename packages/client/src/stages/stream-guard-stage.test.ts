import type { AIClientSettingsInput } from '@aiclient/config';
import { AIAbortedError, AIConnectionError, AIError, AIStreamStalledError } from '@aiclient/errors';
import { APIUserAbortError, type OpenAI } from 'openai';
import { describe, expect, it } from 'vitest';
import { armReferenceTimer, type ReferenceTimer } from '../../test/arm-reference-timer';
import { useMockOpenAI } from '../../test/use-mock-openai';
import { createOpenAIClient } from '../client/create-openai-client';
import { memoryLogger, mockSettings } from '../test-support/mock-settings';

const { mock, telemetry } = useMockOpenAI({ telemetry: true });

function client(
  overrides: AIClientSettingsInput = {},
  fetch?: typeof globalThis.fetch,
  logger?: ReturnType<typeof memoryLogger>['logger'],
): OpenAI {
  return createOpenAIClient(
    mockSettings(mock.url, {
      streamIdleTimeoutMs: 300,
      streamFirstChunkTimeoutMs: 2000,
      ...(logger === undefined ? {} : { logLevel: 'info' as const }),
      ...overrides,
    }),
    { ...(fetch === undefined ? {} : { fetch }), ...(logger === undefined ? {} : { logger }) },
  );
}

/** The `aiclient call` line of each settled call. */
function callLines(records: ReturnType<typeof memoryLogger>['records']) {
  return records
    .filter((record) => record.message.startsWith('aiclient call'))
    .map((record) => record.data as Record<string, unknown>);
}

const REQUEST = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Tell me a long story about streams' }],
  stream: true as const,
};

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('stream guard', () => {
  it('raises stream stalled within the idle timeout + 100 ms after 3 chunks, with their text', async () => {
    mock.setFaults([{ match: { stream: true }, fault: { type: 'stall', afterChunks: 3 } }]);
    const stallOnce = async () => {
      mock.clearRequests();
      const stream = await client().chat.completions.create(REQUEST);
      let received = '';
      let chunks = 0;
      let lastChunkAt = 0;
      // A plain 300 ms timer armed at each chunk, as the guard arms its idle timer.
      let reference: ReferenceTimer | undefined;
      const error = await (async () => {
        for await (const chunk of stream) {
          chunks += 1;
          lastChunkAt = performance.now();
          reference?.ranAfterMs();
          reference = armReferenceTimer(300);
          received += chunk.choices[0]?.delta.content ?? '';
        }
      })().catch((caught: unknown) => caught);
      const elapsed = performance.now() - lastChunkAt;
      // How much later than a plain timer armed at the last chunk the error came.
      const late = elapsed - Math.max(300, reference?.ranAfterMs() ?? 0);
      return { error, received, chunks, elapsed, late };
    };
    // One unmeasured stall first: the bound is about the guard, not cold code paths; then the
    // best of two, each excused the loop delay its reference timer saw, because a shared 2-core
    // machine can delay any timer.
    await stallOnce();
    const runs = [await stallOnce(), await stallOnce()];
    for (const run of runs) {
      expect(run.chunks).toBe(3);
      expect(AIError.isInstance(run.error)).toBe(true);
      expect(run.error).toBeInstanceOf(AIStreamStalledError);
      const stalled = run.error as AIStreamStalledError;
      expect(stalled.code).toBe('AI-API-012');
      expect(stalled.phase).toBe('idle');
      expect(stalled.retryable).toBe(false);
      expect(stalled.partialText).toBe(run.received);
      expect(stalled.partialText.length).toBeGreaterThan(0);
      expect(stalled.attempts).toHaveLength(1);
      expect(run.elapsed).toBeGreaterThanOrEqual(250);
    }
    const last = runs[1]?.error as AIStreamStalledError;
    expect(last.requestId).toBe(mock.requests()[0]?.requestId);
    expect(Math.min(...runs.map((run) => run.late))).toBeLessThan(100);
  });

  it('settles a fully read chat stream as success, not cancelled (log line, span, metrics)', async () => {
    const { logger, records } = memoryLogger();
    const stream = await client({}, undefined, logger).chat.completions.create(REQUEST);
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    await waitFor(() => callLines(records).length > 0);
    const [line] = callLines(records);
    expect(line?.outcome).toBe('success');
    expect(records.find((record) => record.message === 'aiclient call')?.level).toBe('info');
    const callSpans = telemetry.spans().filter((span) => span.name === 'chat gpt-4o-mini');
    expect(callSpans).toHaveLength(1);
    expect(callSpans[0]?.attributes['aiclient.stream.cancelled']).toBeUndefined();
    expect(callSpans[0]?.status.code).toBe(0);
    expect(callSpans[0]?.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    const metrics = JSON.stringify(await telemetry.collectMetrics());
    expect(metrics).toContain('gen_ai.client.operation.duration');
    expect(metrics).not.toContain('error.type');
  });

  it('settles a fully read Responses stream as success, not cancelled', async () => {
    const { logger, records } = memoryLogger();
    const stream = await client({}, undefined, logger).responses.create({
      model: 'gpt-4o-mini',
      input: 'Tell me a story',
      stream: true,
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('response.completed');
    await waitFor(() => callLines(records).length > 0);
    expect(callLines(records)[0]?.outcome).toBe('success');
    const callSpans = telemetry.spans().filter((span) => span.name === 'chat gpt-4o-mini');
    expect(callSpans).toHaveLength(1);
    expect(callSpans[0]?.attributes['aiclient.stream.cancelled']).toBeUndefined();
  });

  it('settles as success when the consumer stops at the final Responses event', async () => {
    const { logger, records } = memoryLogger();
    const stream = await client({}, undefined, logger).responses.create({
      model: 'gpt-4o-mini',
      input: 'Tell me a story',
      stream: true,
    });
    for await (const event of stream) if (event.type === 'response.completed') break;
    await waitFor(() => callLines(records).length > 0);
    expect(callLines(records)[0]?.outcome).toBe('success');
  });

  it('aborts upstream and ends the span once when the consumer breaks after 2 chunks', async () => {
    mock.setFaults([{ match: { stream: true }, fault: { type: 'chunk_latency', ms: 30 } }]);
    const closedBefore = mock.stats().connections.closed;
    const { logger, records } = memoryLogger();
    const stream = await client({}, undefined, logger).chat.completions.create(REQUEST);
    let chunks = 0;
    for await (const _chunk of stream) {
      chunks += 1;
      if (chunks === 2) break;
    }
    expect(chunks).toBe(2);
    await waitFor(() => mock.stats().connections.closed > closedBefore);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const callSpans = telemetry.spans().filter((span) => span.name === 'chat gpt-4o-mini');
    expect(callSpans).toHaveLength(1);
    expect(callSpans[0]?.attributes['aiclient.stream.cancelled']).toBe(true);
    expect(callSpans[0]?.status.code).not.toBe(2);
    expect(callLines(records).map((line) => line.outcome)).toEqual(['cancelled']);
  });

  it('rejects the for await with AI-API-013 within 50 ms when the caller aborts after the first chunk', async () => {
    mock.setFaults([{ match: { stream: true }, fault: { type: 'chunk_latency', ms: 200 } }]);
    const { logger, records } = memoryLogger();
    const streaming = client({ streamIdleTimeoutMs: 5000 }, undefined, logger);
    const abortMidStream = async () => {
      mock.clearRequests();
      telemetry.reset();
      records.length = 0;
      const closedBefore = mock.stats().connections.closed;
      const controller = new AbortController();
      const stream = await streaming.chat.completions.create(REQUEST, {
        signal: controller.signal,
      });
      let chunks = 0;
      let abortedAt = 0;
      let probe: ReferenceTimer | undefined;
      const error = await (async () => {
        for await (const _chunk of stream) {
          chunks += 1;
          if (chunks === 1) {
            abortedAt = performance.now();
            // A zero-delay timer armed with the abort: how long the loop itself takes to come
            // back (other processes on the machine), which the client cannot be blamed for.
            probe = armReferenceTimer();
            controller.abort();
          }
        }
      })().catch((caught: unknown) => caught);
      const latencyMs = performance.now() - abortedAt - (probe?.ranAfterMs() ?? 0);
      await waitFor(() => mock.stats().connections.closed > closedBefore);
      await waitFor(() => callLines(records).length > 0);
      return { error, chunks, latencyMs, spans: telemetry.spans(), lines: callLines(records) };
    };
    // One unmeasured run warms the code path; then the best of three (each less its loop delay),
    // as a shared 2-core machine can delay any single turn of the loop.
    await abortMidStream();
    const runs = [await abortMidStream(), await abortMidStream(), await abortMidStream()];
    expect(Math.min(...runs.map((run) => run.latencyMs))).toBeLessThan(50);
    for (const run of runs) {
      // The abort landed while the next event was 200 ms away: no chunk followed it.
      expect(run.chunks).toBe(1);
      expect(run.error).toBeInstanceOf(AIAbortedError);
      const aborted = run.error as AIAbortedError;
      expect(aborted.code).toBe('AI-API-013');
      expect(aborted.retryable).toBe(false);
      expect(aborted.attempts).toHaveLength(1);
      expect(aborted.requestId).toEqual(expect.any(String));
      const callSpans = run.spans.filter((span) => span.name === 'chat gpt-4o-mini');
      expect(callSpans).toHaveLength(1);
      expect(callSpans[0]?.status.code).toBe(2);
      expect(callSpans[0]?.attributes['error.type']).toBe('AI-API-013');
      expect(callSpans[0]?.attributes['aiclient.stream.cancelled']).toBeUndefined();
      expect(run.lines.map((line) => line.outcome)).toEqual(['error']);
    }
  });

  it("keeps the SDK stream helper's own abort event for its abort()", async () => {
    mock.setFaults([{ match: { stream: true }, fault: { type: 'chunk_latency', ms: 200 } }]);
    const closedBefore = mock.stats().connections.closed;
    const runner = client().chat.completions.stream(REQUEST);
    let aborts = 0;
    runner.on('abort', () => {
      aborts += 1;
    });
    runner.on('chunk', () => runner.abort());
    const error = await runner.done().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(aborts).toBe(1);
    await waitFor(() => mock.stats().connections.closed > closedBefore);
    const callSpans = telemetry.spans().filter((span) => span.name === 'chat gpt-4o-mini');
    expect(callSpans).toHaveLength(1);
    expect(callSpans[0]?.attributes['aiclient.stream.cancelled']).toBe(true);
  });

  it('retries a stall before the first chunk', async () => {
    mock.setFaults([
      { match: { stream: true }, times: 1, fault: { type: 'stall', afterChunks: 0 } },
    ]);
    const stream = await client({ streamFirstChunkTimeoutMs: 200 }).chat.completions.create(
      REQUEST,
    );
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(mock.requests()).toHaveLength(2);
    const [span] = telemetry.spans().filter((s) => s.name === 'chat gpt-4o-mini');
    expect(span?.attributes['aiclient.attempts']).toBe(2);
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(span?.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
  });

  it('reports a stream cut mid-way as a non-retryable connection error', async () => {
    mock.setFaults([{ match: { stream: true }, fault: { type: 'cut', afterChunks: 2 } }]);
    const error = await (async () => {
      for await (const _chunk of await client().chat.completions.create(REQUEST)) {
        // consume
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AIConnectionError);
    expect((error as AIError).retryable).toBe(false);
  });

  it('reports a stream that ends without its end marker as a cut', async () => {
    mock.setFaults([{ match: { stream: true }, fault: { type: 'truncated_sse', afterChunks: 2 } }]);
    const error = await (async () => {
      for await (const _chunk of await client().chat.completions.create(REQUEST)) {
        // consume
      }
    })().catch((caught: unknown) => caught);
    expect(AIError.isInstance(error)).toBe(true);
    expect((error as AIError).code).toBe('AI-API-011');
  });

  it('turns a malformed event into AI-API-016 instead of a SyntaxError', async () => {
    mock.setFaults([
      { match: { stream: true }, fault: { type: 'malformed_json', afterChunks: 2 } },
    ]);
    const error = await (async () => {
      for await (const _chunk of await client().chat.completions.create(REQUEST)) {
        // consume
      }
    })().catch((caught: unknown) => caught);
    expect(AIError.isInstance(error)).toBe(true);
    expect((error as AIError).code).toBe('AI-API-016');
  });

  it('enforces the total stream duration', async () => {
    mock.setFaults([{ match: { stream: true }, fault: { type: 'chunk_latency', ms: 60 } }]);
    const settings = {
      streamTotalTimeoutMs: 250,
      streamIdleTimeoutMs: 200,
      streamFirstChunkTimeoutMs: 200,
    };
    const error = await (async () => {
      for await (const _chunk of await client(settings).chat.completions.create(REQUEST)) {
        // consume
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AIStreamStalledError);
    expect((error as AIStreamStalledError).phase).toBe('total');
  });

  it('does not count SSE comments (keep-alives) as progress', async () => {
    const encoder = new TextEncoder();
    const chunk = (content: string) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    const stallBehindKeepAlives = async () => {
      let timer: ReturnType<typeof setInterval> | undefined;
      const fakeFetch = async (_url: unknown, init: RequestInit = {}) => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode(chunk('Hello')));
            timer = setInterval(() => controller.enqueue(encoder.encode(': keep-alive\n\n')), 50);
            init.signal?.addEventListener('abort', () => {
              clearInterval(timer);
              controller.error(init.signal?.reason);
            });
          },
        });
        return new Response(body, {
          status: 200,
          headers: { 'content-type': 'text/event-stream' },
        });
      };
      const stream = await client(
        { streamIdleTimeoutMs: 200 },
        fakeFetch as typeof fetch,
      ).chat.completions.create(REQUEST);
      const started = performance.now();
      // The guard's idle timer was armed at the 'Hello' chunk, before this plain 200 ms one.
      const reference = armReferenceTimer(200);
      const error = await (async () => {
        for await (const _chunk of stream) {
          // consume
        }
      })().catch((caught: unknown) => caught);
      const elapsed = performance.now() - started;
      clearInterval(timer);
      return { error, late: elapsed - Math.max(200, reference.ranAfterMs()) };
    };
    // One unmeasured run warms the code path; then the best of two, each excused the loop delay
    // its reference timer saw (a shared 2-core machine can delay any timer).
    await stallBehindKeepAlives();
    const runs = [await stallBehindKeepAlives(), await stallBehindKeepAlives()];
    for (const { error } of runs) {
      expect(error).toBeInstanceOf(AIStreamStalledError);
      expect((error as AIStreamStalledError).phase).toBe('idle');
      expect((error as AIStreamStalledError).partialText).toBe('Hello');
    }
    expect(Math.min(...runs.map((run) => run.late))).toBeLessThan(150);
  });
});
