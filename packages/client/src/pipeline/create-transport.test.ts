import { AIConnectionError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import { mockSettings } from '../test-support/mock-settings';
import { createCallContext } from './create-call-context';
import { createTransport } from './create-transport';
import type { AttemptState } from './stage';

function setup(settingsOverrides: Parameters<typeof mockSettings>[1] = {}) {
  const { ctx } = createCallContext({
    url: 'http://127.0.0.1:1/v1/embeddings',
    init: {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer sdk-key' }),
      body: '{"model":"m"}',
    },
    settings: mockSettings('http://127.0.0.1:1/v1', settingsOverrides),
    logger: { error() {}, warn() {}, info() {}, debug() {} },
    basePath: '/v1',
    injectStreamUsage: false,
  });
  const controller = new AbortController();
  ctx.attempt = {
    number: 1,
    waitBeforeMs: 0,
    startedAt: Date.now(),
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    apiKey: 'attempt-key',
    keyId: 'key_1',
    target: undefined,
  } satisfies AttemptState;
  return ctx;
}

describe('createTransport', () => {
  it("sends the attempt's key and signal and records status and request id", async () => {
    const ctx = setup();
    let seen: RequestInit | undefined;
    const transport = createTransport({
      fetch: (async (_url: unknown, init?: RequestInit) => {
        seen = init;
        return new Response('{}', { status: 201, headers: { 'x-request-id': 'req_t' } });
      }) as typeof fetch,
    });
    const response = await transport(ctx);
    expect(response.status).toBe(201);
    expect(new Headers(seen?.headers).get('authorization')).toBe('Bearer attempt-key');
    expect(seen?.signal).toBe(ctx.attempt?.signal);
    expect(seen?.body).toBe('{"model":"m"}');
    expect(ctx.attempt?.status).toBe(201);
    expect(ctx.attempt?.requestId).toBe('req_t');
    expect(ctx.result.requestId).toBe('req_t');
    ctx.settle({ kind: 'success' });
  });

  it("uses Azure's api-key header", async () => {
    const ctx = setup();
    let headers: Headers | undefined;
    const transport = createTransport({
      authHeader: 'api-key',
      fetch: (async (_url: unknown, init?: RequestInit) => {
        headers = init?.headers as Headers;
        return new Response('{}');
      }) as typeof fetch,
    });
    await transport(ctx);
    expect(headers?.get('api-key')).toBe('attempt-key');
    ctx.settle({ kind: 'success' });
  });

  it('turns a network failure into an AIError', async () => {
    const ctx = setup();
    const transport = createTransport({
      fetch: (async () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      }) as typeof fetch,
    });
    await expect(transport(ctx)).rejects.toBeInstanceOf(AIConnectionError);
    ctx.settle({ kind: 'success' });
  });
});
