import type { AIClientSettingsInput } from '@aiclient/config';
import { type AIError, AIRateLimitError } from '@aiclient/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failureFor } from '../errors/failure-response';
import { createPipelineFetch } from '../pipeline/create-pipeline-fetch';
import { createTransport } from '../pipeline/create-transport';
import { mockSettings } from '../test-support/mock-settings';
import { responseClassifierStage } from './response-classifier-stage';
import { retryStage } from './retry-stage';

const URL_ = 'http://127.0.0.1:9/v1/chat/completions';
const BODY = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });

type Step = Response | Error | ((init: RequestInit) => Promise<Response>);

function ok(): Response {
  return new Response(JSON.stringify({ id: 'c', choices: [] }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}

function status(
  code: number,
  headers: Record<string, string> = {},
  error: Record<string, unknown> = {},
) {
  return new Response(JSON.stringify({ error: { message: `status ${code}`, ...error } }), {
    status: code,
    headers: { 'content-type': 'application/json', 'x-request-id': `req_${code}`, ...headers },
  });
}

function pipeline(steps: Step[], overrides: AIClientSettingsInput = {}) {
  const calls: number[] = [];
  const fakeFetch = async (_url: unknown, init: RequestInit = {}): Promise<Response> => {
    calls.push(Date.now());
    const step = steps.shift() ?? ok();
    if (typeof step === 'function') return step(init);
    if (step instanceof Error) throw step;
    return step;
  };
  const transport = createTransport({ fetch: fakeFetch as typeof fetch });
  const settings = mockSettings('http://127.0.0.1:9/v1', {
    maxAttempts: 3,
    retryBaseDelayMs: 100,
    retryMaxDelayMs: 1000,
    timeoutMs: 30_000,
    ...overrides,
  });
  const fetch = createPipelineFetch({
    settings,
    stages: [retryStage({ random: () => 0.5, keyId: 'key_test' }), responseClassifierStage()],
    transport,
    logger: { error() {}, warn() {}, info() {}, debug() {} },
    injectStreamUsage: false,
  });
  const call = (init: RequestInit = {}) =>
    fetch(URL_, {
      method: 'POST',
      body: BODY,
      headers: new Headers({ 'content-type': 'application/json' }),
      ...init,
    });
  return { calls, call };
}

function errorOf(response: Response): AIError {
  const error = failureFor(response.headers);
  if (error === undefined) throw new Error(`no failure registered (status ${response.status})`);
  return error;
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-24T03:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('retry stage', () => {
  it.each([
    ['429 rate limit (no advice)', () => status(429, {}, { code: 'rate_limit_exceeded' })],
    ['500 server error', () => status(500)],
    ['502 bad gateway', () => status(502)],
    ['503 unavailable', () => status(503)],
    ['408 request timeout', () => status(408)],
    ['409 conflict', () => status(409)],
    [
      'a connection reset',
      () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }),
    ],
    [
      'a connect timeout before the first byte',
      () =>
        Object.assign(new TypeError('fetch failed'), {
          cause: { code: 'UND_ERR_CONNECT_TIMEOUT' },
        }),
    ],
  ])(
    'retries %s with full-jitter waits of 50 then 100 ms and gives up after 3 attempts',
    async (_name, make) => {
      const { calls, call } = pipeline([make(), make(), make()]);
      const pending = call();
      await vi.advanceTimersByTimeAsync(0);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(49);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(99);
      expect(calls).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toHaveLength(3);
      const error = errorOf(await pending);
      expect(error.retryable).toBe(true);
      expect(error.attempts.map((attempt) => attempt.waitBeforeMs)).toEqual([0, 50, 100]);
      expect(error.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3]);
      expect(error.attempts.every((attempt) => attempt.keyId === 'key_test')).toBe(true);
      expect(error.attempts.every((attempt) => attempt.model === 'gpt-4o-mini')).toBe(true);
    },
  );

  it('succeeds on the attempt after a transient failure', async () => {
    const { calls, call } = pipeline([status(503), ok()]);
    const pending = call();
    await vi.advanceTimersByTimeAsync(50);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(2);
  });

  it.each([
    [400, {}],
    [401, {}],
    [403, {}],
    [404, {}],
    [422, {}],
    [429, { code: 'insufficient_quota', type: 'insufficient_quota' }],
  ])('never retries HTTP %i %o', async (code, error) => {
    const { calls, call } = pipeline([status(code, {}, error), ok()]);
    const failure = errorOf(await call());
    expect(calls).toHaveLength(1);
    expect(failure.retryable).toBe(false);
    expect(failure.status).toBe(code);
    expect(failure.attempts).toHaveLength(1);
    expect(failure.attempts[0]).toMatchObject({ status: code, requestId: `req_${code}` });
  });

  it('honours retry-after of 2 s', async () => {
    const { calls, call } = pipeline([status(429, { 'retry-after': '2' }), ok()]);
    const pending = call();
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
    expect(calls[1]! - calls[0]!).toBe(2000);
  });

  it('honours retry-after-ms and x-ratelimit-reset-* at any length', async () => {
    const { calls, call } = pipeline(
      [
        status(429, { 'retry-after-ms': '1250' }),
        status(429, {
          'x-ratelimit-reset-requests': '1m30s',
          'x-ratelimit-remaining-requests': '0',
        }),
        ok(),
      ],
      { timeoutMs: 600_000 },
    );
    const pending = call();
    await vi.advanceTimersByTimeAsync(1250);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(89_999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
  });

  it('honours retry-after as an HTTP date', async () => {
    const date = new Date(Date.now() + 3000).toUTCString();
    const { calls, call } = pipeline([status(429, { 'retry-after': date }), ok()]);
    const pending = call();
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
  });

  it('fails at once, carrying the reset time, when retry-after (90 s) passes the 30 s deadline', async () => {
    const { calls, call } = pipeline([status(429, { 'retry-after': '90' }), ok()]);
    const started = Date.now();
    const failure = errorOf(await call());
    expect(Date.now() - started).toBe(0);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(failure).toBeInstanceOf(AIRateLimitError);
    const limited = failure as AIRateLimitError;
    expect(limited.resetAt?.getTime()).toBe(started + 90_000);
    expect(limited.retryAfterMs).toBe(90_000);
    expect(limited.context.details?.retryAbandoned).toBe('wait exceeds deadline');
  });

  it('spends one deadline across attempts and waits', async () => {
    const slow: Step = (init) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const { calls, call } = pipeline([status(503), slow], { timeoutMs: 1000 });
    const pending = call();
    await vi.advanceTimersByTimeAsync(1000);
    const failure = errorOf(await pending);
    expect(failure.code).toBe('AI-API-010');
    expect(calls).toHaveLength(2);
    expect(failure.attempts).toHaveLength(2);
  });

  it('limits attempts per call with x-aiclient-max-attempts', async () => {
    const { calls, call } = pipeline([status(503), status(503)]);
    const failure = errorOf(
      await call({
        headers: new Headers({
          'content-type': 'application/json',
          'x-aiclient-max-attempts': '1',
        }),
      }),
    );
    expect(calls).toHaveLength(1);
    expect(failure.code).toBe('AI-API-009');
  });

  it('an abort during a backoff wait settles at once as AI-API-013, leaving no timer', async () => {
    const controller = new AbortController();
    const { calls, call } = pipeline([status(503), ok()], {
      retryBaseDelayMs: 10_000,
      retryMaxDelayMs: 10_000,
    });
    const pending = call({ signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(1);
    controller.abort();
    const failure = errorOf(await pending);
    expect(failure.code).toBe('AI-API-013');
    expect(failure.retryable).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(calls).toHaveLength(1);
  });
});
