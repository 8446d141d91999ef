import { AIAbortedError, AIError, AIServerError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import { attachCallerSignal } from '../pipeline/attach-caller-signal';
import { createCallContext } from '../pipeline/create-call-context';
import type { AttemptState, CallOutcome } from '../pipeline/stage';
import { mockSettings } from '../test-support/mock-settings';
import { guardSseBody } from './guard-sse-body';

const encoder = new TextEncoder();

function chunk(content: string): string {
  return `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}

interface SetupOptions {
  injectUsage?: boolean;
  keepOpen?: boolean;
  /** The SDK's request signal (aborted by the SDK when its consumer leaves early). */
  signal?: AbortSignal;
  /** The caller's own signal, as the client hands it over. */
  caller?: AbortSignal;
  path?: string;
}

function setup(events: string[], options: SetupOptions = {}) {
  const init: RequestInit = {
    method: 'POST',
    headers: new Headers(),
    body: JSON.stringify({ model: 'm', stream: true }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  // As the client builds it: `signal` is the SDK's, the caller's travels beside it.
  attachCallerSignal(init, options.caller);
  const { ctx } = createCallContext({
    url: `http://127.0.0.1:1/v1${options.path ?? '/chat/completions'}`,
    init,
    settings: mockSettings('http://127.0.0.1:1/v1', { streamIdleTimeoutMs: 1000 }),
    logger: { error() {}, warn() {}, info() {}, debug() {} },
    basePath: '/v1',
    injectStreamUsage: options.injectUsage ?? false,
  });
  const controller = new AbortController();
  const attempt: AttemptState = {
    number: 1,
    waitBeforeMs: 0,
    startedAt: Date.now(),
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    apiKey: undefined,
    keyId: undefined,
    target: undefined,
  };
  ctx.attempt = attempt;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(stream) {
      for (const event of events) stream.enqueue(encoder.encode(event));
      if (!options.keepOpen) stream.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  const outcomes: CallOutcome[] = [];
  ctx.onSettled((outcome) => outcomes.push(outcome));
  const response = new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  return { ctx, attempt, response, outcomes, wasCancelled: () => cancelled };
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

/** Reads until the text so far contains `marker`; returns that text. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  marker: string,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(marker)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe('guardSseBody', () => {
  it('forwards the bytes unchanged and settles the call as success at the end marker', async () => {
    const events = [chunk('Hel'), ': keep-alive\n\n', chunk('lo'), 'data: [DONE]\n\n'];
    const { ctx, attempt, response, outcomes } = setup(events);
    const guarded = await guardSseBody(ctx, attempt, response);
    expect(await readAll(guarded.body)).toBe(events.join(''));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['success']);
    expect(ctx.result.chunks).toBe(2);
    expect(ctx.result.timeToFirstChunkS).toEqual(expect.any(Number));
  });

  it('hands on the very chunks it read, an event split across reads included', async () => {
    const first = chunk('Hel');
    const events = [first.slice(0, 20), first.slice(20) + chunk('lo'), 'data: [DONE]\n\n'];
    const { ctx, attempt, response } = setup(events);
    const upstream: Uint8Array[] = [];
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const tapped = new Response(
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          upstream.push(value);
          controller.enqueue(value);
        },
      }),
      { headers: response.headers },
    );
    const guarded = await guardSseBody(ctx, attempt, tapped);
    const delivered: Uint8Array[] = [];
    const out = guarded.body.getReader();
    for (let next = await out.read(); !next.done; next = await out.read())
      delivered.push(next.value);
    expect(delivered).toEqual(upstream);
    for (const [index, bytes] of delivered.entries()) expect(bytes).toBe(upstream[index]);
    expect(ctx.result.chunks).toBe(2);
  });

  it('removes the usage-only chunk it asked for, keeping the usage', async () => {
    const usage = `data: ${JSON.stringify({ id: 'c', choices: [], usage: { prompt_tokens: 2, completion_tokens: 3 } })}\n\n`;
    const { ctx, attempt, response } = setup([chunk('a'), usage, 'data: [DONE]\n\n'], {
      injectUsage: true,
    });
    const guarded = await guardSseBody(ctx, attempt, response);
    expect(await readAll(guarded.body)).toBe(`${chunk('a')}data: [DONE]\n\n`);
    expect(ctx.result.usage).toEqual({ inputTokens: 2, outputTokens: 3 });
  });

  it('throws an error event that arrives before any output, for the retry stage to judge', async () => {
    const failed = `event: error\ndata: ${JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } })}\n\n`;
    const { ctx, attempt, response } = setup([failed]);
    await expect(guardSseBody(ctx, attempt, response)).rejects.toBeInstanceOf(AIServerError);
    expect(attempt.signal.aborted).toBe(true);
  });

  it('errors the stream with an AIError for an error event after output', async () => {
    const failed = `data: ${JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } })}\n\n`;
    const { ctx, attempt, response, outcomes } = setup([chunk('a'), failed]);
    const guarded = await guardSseBody(ctx, attempt, response);
    const error = await readAll(guarded.body).catch((caught: unknown) => caught);
    expect(AIError.isInstance(error)).toBe(true);
    expect(outcomes[0]?.kind).toBe('error');
  });

  it('aborts upstream and settles as cancelled when the consumer cancels', async () => {
    const { ctx, attempt, response, outcomes, wasCancelled } = setup([chunk('a'), chunk('b')], {
      keepOpen: true,
    });
    const guarded = await guardSseBody(ctx, attempt, response);
    const reader = guarded.body.getReader();
    await reader.read();
    await reader.cancel();
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['cancelled']);
    expect(attempt.signal.aborted).toBe(true);
    expect(wasCancelled()).toBe(true);
  });

  it('settles as success when the consumer cancels after the end marker reached it', async () => {
    const { ctx, attempt, response, outcomes, wasCancelled } = setup(
      [chunk('a'), 'data: [DONE]\n\n'],
      { keepOpen: true },
    );
    const guarded = await guardSseBody(ctx, attempt, response);
    const reader = guarded.body.getReader();
    expect(await readUntil(reader, '[DONE]')).toContain('[DONE]');
    // What the SDK does after `[DONE]`: cancel the body without aborting its request.
    await reader.cancel();
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['success']);
    expect(attempt.signal.aborted).toBe(false);
    expect(wasCancelled()).toBe(true);
  });

  it('stays cancelled when the SDK aborts before it processed a delivered [DONE]', async () => {
    const sdk = new AbortController();
    const { ctx, attempt, response, outcomes } = setup([chunk('a'), 'data: [DONE]\n\n'], {
      keepOpen: true,
      signal: sdk.signal,
    });
    const guarded = await guardSseBody(ctx, attempt, response);
    const reader = guarded.body.getReader();
    await readUntil(reader, '[DONE]');
    // The consumer broke on the chunk before `[DONE]`: the SDK aborts, then cancels.
    sdk.abort();
    await reader.cancel();
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['cancelled']);
    expect(attempt.signal.aborted).toBe(true);
  });

  it("errors the stream with AIAbortedError on the caller's abort mid-stream, aborting upstream", async () => {
    const caller = new AbortController();
    const sdk = new AbortController();
    const { ctx, attempt, response, outcomes, wasCancelled } = setup([chunk('a'), chunk('b')], {
      keepOpen: true,
      signal: sdk.signal,
      caller: caller.signal,
    });
    ctx.attempts.push({
      attempt: 1,
      startedAt: new Date().toISOString(),
      durationMs: 1,
      waitBeforeMs: 0,
    });
    const guarded = await guardSseBody(ctx, attempt, response);
    const reader = guarded.body.getReader();
    await reader.read();
    const reason = new Error('user left');
    caller.abort(reason);
    const error = await reader.read().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AIAbortedError);
    expect((error as AIAbortedError).code).toBe('AI-API-013');
    expect((error as AIAbortedError).name).not.toBe('AbortError');
    expect((error as AIAbortedError).cause).toBe(reason);
    expect((error as AIAbortedError).attempts).toHaveLength(1);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['error']);
    expect(outcomes[0]?.error).toBe(error);
    // The SDK aborting its request afterwards (its iterator's cleanup) changes nothing.
    sdk.abort();
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes).toHaveLength(1);
    expect(attempt.signal.aborted).toBe(true);
    expect(wasCancelled()).toBe(true);
  });

  it('settles as success when the caller aborts after the end marker reached the consumer', async () => {
    const caller = new AbortController();
    const { ctx, attempt, response, outcomes } = setup([chunk('a'), 'data: [DONE]\n\n'], {
      keepOpen: true,
      signal: new AbortController().signal,
      caller: caller.signal,
    });
    const guarded = await guardSseBody(ctx, attempt, response);
    const reader = guarded.body.getReader();
    await readUntil(reader, '[DONE]');
    caller.abort();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['success']);
    expect(attempt.signal.aborted).toBe(false);
  });

  it('fails at hand-over, without a body, when the caller aborted while the first event was read', async () => {
    const caller = new AbortController();
    caller.abort();
    const { ctx, attempt, response } = setup([chunk('a')], {
      keepOpen: true,
      caller: caller.signal,
    });
    const error = await guardSseBody(ctx, attempt, response).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AIAbortedError);
    expect(attempt.signal.aborted).toBe(true);
  });

  it('settles a Responses stream as success when the consumer stops at its terminal event', async () => {
    const event = (type: string, extra: Record<string, unknown>) =>
      `event: ${type}\ndata: ${JSON.stringify({ type, ...extra })}\n\n`;
    const sdk = new AbortController();
    const { ctx, attempt, response, outcomes } = setup(
      [
        event('response.output_text.delta', { delta: 'Hi' }),
        event('response.completed', { response: { id: 'r', status: 'completed' } }),
      ],
      { keepOpen: true, signal: sdk.signal, path: '/responses' },
    );
    const guarded = await guardSseBody(ctx, attempt, response);
    const reader = guarded.body.getReader();
    await readUntil(reader, 'response.completed');
    sdk.abort();
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['success']);
    expect(attempt.signal.aborted).toBe(false);
  });
});
