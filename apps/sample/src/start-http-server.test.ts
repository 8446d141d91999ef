import { Hono } from 'hono';
import { afterEach, expect, it } from 'vitest';
import { type HttpServer, startHttpServer } from './start-http-server.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close(100);
  server = undefined;
});

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

it('listens on a free loopback port', async () => {
  const app = new Hono().get('/', (c) => c.text('hi'));
  server = await startHttpServer(app);
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await (await fetch(server.url)).text()).toBe('hi');
});

it('lets an in-flight request finish on close, then refuses new connections', async () => {
  const release = gate();
  const entered = gate();
  const app = new Hono().get('/slow', async (c) => {
    entered.open();
    await release.opened;
    return c.text('done');
  });
  server = await startHttpServer(app);
  const { url } = server;
  const pending = fetch(`${url}/slow`).then((r) => r.text());
  await entered.opened;
  expect(server.inFlight()).toBe(1);
  const closed = server.close(5_000);
  release.open();
  expect(await pending).toBe('done');
  expect(await closed).toBe(0);
  await expect(fetch(url)).rejects.toThrow();
});

it('waits for a streamed response to end, not just its handler', async () => {
  const release = gate();
  const app = new Hono().get('/stream', () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('a'));
        await release.opened;
        controller.enqueue(encoder.encode('b'));
        controller.close();
      },
    });
    return new Response(body);
  });
  server = await startHttpServer(app);
  const response = await fetch(`${server.url}/stream`);
  const text = response.text();
  const closed = server.close(5_000);
  let settled = false;
  void closed.then(() => {
    settled = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  expect(settled).toBe(false);
  release.open();
  expect(await text).toBe('ab');
  expect(await closed).toBe(0);
});

it('cuts requests still running after the grace period', async () => {
  const app = new Hono().get('/never', () => new Promise<Response>(() => {}));
  server = await startHttpServer(app);
  const pending = fetch(`${server.url}/never`).catch((err: unknown) => err);
  while (server.inFlight() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await server.close(50)).toBe(1);
  expect(await pending).toBeInstanceOf(Error);
});
