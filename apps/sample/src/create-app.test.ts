import { AIError, AIRateLimitError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import type { AppLogger } from './app-logger.js';
import type { AskRequest } from './ask-request-schema.js';
import { createApp } from './create-app.js';
import type { Asker, AskStreamEvent } from './openai-asker.js';
import { readSseEvents } from './read-sse-events.js';

function recordingLogger() {
  const lines: { level: string; message: string; meta?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, meta?: Record<string, unknown>): void => {
      lines.push(meta === undefined ? { level, message } : { level, message, meta });
    };
  const logger: AppLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

interface FakeAsker extends Asker {
  seen: AskRequest[];
}

function fakeAsker(behaviour: { fail?: unknown; failAfter?: unknown } = {}): FakeAsker {
  const seen: AskRequest[] = [];
  return {
    seen,
    async answer(request) {
      seen.push(request);
      if (behaviour.fail !== undefined) throw behaviour.fail;
      return {
        id: 'chatcmpl-1',
        model: request.model ?? 'gpt-4o-mini',
        text: `echo: ${request.prompt}`,
        finishReason: 'stop',
        usage: { inputTokens: 3, outputTokens: 2 },
      };
    },
    async *stream(request): AsyncGenerator<AskStreamEvent> {
      seen.push(request);
      if (behaviour.fail !== undefined) throw behaviour.fail;
      yield { type: 'delta', text: 'Hel' };
      if (behaviour.failAfter !== undefined) throw behaviour.failAfter;
      yield { type: 'delta', text: 'lo' };
      yield { type: 'done', id: 'c1', model: 'gpt-4o-mini', finishReason: 'stop' };
    },
  };
}

function build(asker: Asker = fakeAsker(), maxBodyBytes?: number) {
  const { logger, lines } = recordingLogger();
  const app = createApp({
    asker,
    logger,
    readiness: async () => ({ ready: false, checks: [{ name: 'key', ok: false, detail: 'x' }] }),
    metrics: async () => '# HELP up\nup 1\n',
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });
  return { app, lines };
}

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('createApp', () => {
  it('answers /healthz, /readyz (503 when not ready) and /metrics', async () => {
    const { app } = build();
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false });
    const metrics = await app.request('/metrics');
    expect(metrics.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await metrics.text()).toContain('up 1');
  });

  it('answers a prompt as JSON and logs the request without its body', async () => {
    const asker = fakeAsker();
    const { app, lines } = build(asker);
    const response = await app.request('/v1/ask', post({ prompt: 'secret question' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      text: 'echo: secret question',
      usage: { inputTokens: 3 },
    });
    expect(asker.seen).toEqual([{ prompt: 'secret question' }]);
    expect(lines).toContainEqual({
      level: 'info',
      message: 'http request',
      meta: expect.objectContaining({ method: 'POST', path: '/v1/ask', status: 200 }),
    });
    expect(JSON.stringify(lines)).not.toContain('secret question');
  });

  it('rejects an invalid body with 400, the code, an errorId and every issue', async () => {
    const { app } = build();
    const response = await app.request('/v1/ask', post({ prompt: '', temperature: 9 }));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(error.code).toBe('AI-API-004');
    expect(error.message).toMatch(
      /^invalid request body: prompt: prompt must not be empty; temperature/,
    );
    expect(error.errorId).toEqual(expect.any(String));
    expect(error.issues).toHaveLength(2);
    expect(error).not.toHaveProperty('stack');
  });

  it('rejects malformed JSON with 400', async () => {
    const { app } = build();
    const response = await app.request('/v1/ask', post('{"prompt":'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'AI-API-004', message: 'request body is not valid JSON' },
    });
  });

  it('rejects an oversized body with 413 before parsing it', async () => {
    const asker = fakeAsker();
    const { app } = build(asker, 1024);
    const response = await app.request('/v1/ask', post({ prompt: 'x'.repeat(2000) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { code: 'AI-API-004', message: 'request body exceeds the 1024-byte limit' },
    });
    expect(asker.seen).toEqual([]);
  });

  it('maps a client error to its status with Retry-After', async () => {
    const { app } = build(
      fakeAsker({ fail: new AIRateLimitError({ message: 'limited', retryAfterMs: 2000 }) }),
    );
    const response = await app.request('/v1/ask', post({ prompt: 'q' }));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toMatchObject({ error: { code: 'AI-API-005', retryable: true } });
  });

  it('streams server-sent events when the body asks for a stream', async () => {
    const { app } = build();
    const response = await app.request('/v1/ask', post({ prompt: 'q', stream: true }));
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = [];
    for await (const event of readSseEvents(response.body!)) events.push(event);
    expect(events.map((e) => e.event)).toEqual(['delta', 'delta', 'done']);
    expect(JSON.parse(events[0]!.data)).toEqual({ text: 'Hel' });
  });

  it('streams when the Accept header asks for event-stream', async () => {
    const { app } = build();
    const response = await app.request(
      '/v1/ask',
      post({ prompt: 'q' }, { accept: 'text/event-stream' }),
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    await response.text();
  });

  it('answers a failure before the first chunk with a JSON error status, not a stream', async () => {
    const fail = new AIError({ code: 'AI-API-001', message: 'key rejected' });
    const { app } = build(fakeAsker({ fail }));
    const response = await app.request('/v1/ask', post({ prompt: 'q', stream: true }));
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: 'AI-API-001' } });
  });

  it('ends a stream that fails midway with an error event', async () => {
    const failAfter = new AIError({ code: 'AI-API-012', message: 'stream stalled' });
    const { app } = build(fakeAsker({ failAfter }));
    const response = await app.request('/v1/ask', post({ prompt: 'q', stream: true }));
    const events = [];
    for await (const event of readSseEvents(response.body!)) events.push(event);
    expect(events.map((e) => e.event)).toEqual(['delta', 'error']);
    expect(JSON.parse(events[1]!.data)).toMatchObject({ error: { code: 'AI-API-012' } });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const { app } = build();
    const response = await app.request('/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: 'no route for GET /nope' } });
  });

  it('hides an unexpected error behind AI-API-099 and logs its code', async () => {
    const { app, lines } = build(fakeAsker({ fail: new TypeError('x is undefined at /src/a.ts') }));
    const response = await app.request('/v1/ask', post({ prompt: 'q' }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('AI-API-099');
    expect(text).not.toContain('/src/a.ts');
    expect(lines.length).toBeGreaterThan(0);
  });
});
