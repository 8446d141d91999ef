import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendAsk } from './send-ask.js';
import { type HttpServer, startHttpServer } from './start-http-server.js';

let server: HttpServer;

beforeAll(async () => {
  const app = new Hono().post('/v1/ask', async (c) => {
    const body = (await c.req.json()) as { prompt: string; stream?: boolean };
    c.header('x-trace-id', 'abc');
    if (body.prompt === 'fail') {
      return c.json({ error: { code: 'AI-API-005', message: 'limited', errorId: 'e1' } }, 429);
    }
    if (!body.stream) {
      return c.json({
        id: 'c1',
        model: 'gpt-4o',
        text: 'hi',
        finishReason: 'stop',
        usage: { inputTokens: 1, outputTokens: 2 },
      });
    }
    return streamSSE(c, async (sse) => {
      await sse.writeSSE({ event: 'delta', data: JSON.stringify({ text: 'He' }) });
      await sse.writeSSE({ event: 'delta', data: JSON.stringify({ text: 'y' }) });
      if (body.prompt === 'cut') {
        await sse.writeSSE({
          event: 'error',
          data: JSON.stringify({ error: { code: 'AI-API-012' } }),
        });
        return;
      }
      await sse.writeSSE({
        event: 'done',
        data: JSON.stringify({ model: 'gpt-4o-mini', usage: { inputTokens: 3, outputTokens: 4 } }),
      });
    });
  });
  server = await startHttpServer(app);
});
afterAll(async () => {
  await server.close(100);
});

it('reads a JSON answer', async () => {
  expect(await sendAsk(server.url, { prompt: 'q' })).toEqual({
    ok: true,
    status: 200,
    text: 'hi',
    model: 'gpt-4o',
    usage: { inputTokens: 1, outputTokens: 2 },
    traceId: 'abc',
  });
});

it('reads a JSON error as a failed outcome with its code', async () => {
  expect(await sendAsk(server.url, { prompt: 'fail' })).toMatchObject({
    ok: false,
    status: 429,
    code: 'AI-API-005',
  });
});

it('reads a stream to its done event', async () => {
  expect(await sendAsk(server.url, { prompt: 'q', stream: true })).toMatchObject({
    ok: true,
    text: 'Hey',
    model: 'gpt-4o-mini',
    usage: { inputTokens: 3, outputTokens: 4 },
  });
});

it('turns an error event into a failed outcome that keeps the partial text', async () => {
  expect(await sendAsk(server.url, { prompt: 'cut', stream: true })).toMatchObject({
    ok: false,
    status: 200,
    code: 'AI-API-012',
    text: 'Hey',
  });
});
