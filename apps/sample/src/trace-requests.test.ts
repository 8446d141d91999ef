import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { type Handler, Hono } from 'hono';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SpanRecorder } from './span-recorder.js';
import { startHttpServer } from './start-http-server.js';
import { TRACE_ID_HEADER, traceRequests } from './trace-requests.js';

const recorder = new SpanRecorder();
const provider = new TracerProvider({ spanProcessors: [recorder] });
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(async () => {
  context.disable();
  await provider.shutdown();
});

function appWith(handler: Handler) {
  const tracer = provider.getTracer('test');
  const app = new Hono();
  app.use('/v1/*', traceRequests(tracer));
  app.post('/v1/ask', handler);
  return { app, tracer };
}

it('wraps a request in a SERVER span that parents the work done inside it', async () => {
  recorder.clear();
  const { app, tracer } = appWith((c) => {
    tracer.startSpan('inner').end();
    return c.json({ ok: true }, 502);
  });
  const response = await app.request('/v1/ask', { method: 'POST' });
  const [inner, outer] = recorder.spans();
  expect(outer?.name).toBe('POST /v1/ask');
  expect(outer?.attributes['http.response.status_code']).toBe(502);
  expect(outer?.error).toBe(true);
  expect(inner?.parentSpanId).toBe(outer?.spanId);
  expect(response.headers.get(TRACE_ID_HEADER)).toBe(outer?.traceId);
  expect(trace.getActiveSpan()).toBeUndefined();
});

it('ends the span of a streamed response only when the response has been sent', async () => {
  recorder.clear();
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { app } = appWith(() => {
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode('a'));
        await released;
        controller.close();
      },
    });
    return new Response(body);
  });
  const server = await startHttpServer(app);
  try {
    const response = await fetch(`${server.url}/v1/ask`, { method: 'POST' });
    const reader = response.body!.getReader();
    await reader.read();
    expect(recorder.spans()).toEqual([]);
    release();
    while (!(await reader.read()).done) {}
    while (recorder.spans().length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(recorder.spans()[0]?.name).toBe('POST /v1/ask');
  } finally {
    await server.close(100);
  }
});
