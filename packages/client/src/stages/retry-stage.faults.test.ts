import { AIError, AIRateLimitError } from '@aiclient/errors';
import type { FaultRule } from '@aiclient/testkit';
import { describe, expect, it } from 'vitest';
import { useMockOpenAI } from '../../test/use-mock-openai';
import { createOpenAIClient } from '../client/create-openai-client';
import { mockSettings } from '../test-support/mock-settings';

const { mock } = useMockOpenAI();

const REQUEST = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };

function client(overrides: Parameters<typeof mockSettings>[1] = {}) {
  return createOpenAIClient(
    mockSettings(mock.url, {
      maxAttempts: 3,
      retryBaseDelayMs: 40,
      retryMaxDelayMs: 1000,
      ...overrides,
    }),
    { random: () => 0.5 },
  );
}

async function failure(promise: Promise<unknown>): Promise<AIError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!AIError.isInstance(error)) throw new Error(`expected an AIError, got ${String(error)}`);
  return error;
}

describe('retry faults against the testkit', () => {
  it.each<[string, FaultRule['fault'], string]>([
    [
      'a 429 rate limit',
      { type: 'rate_limit', retryAfterSeconds: null, retryAfterMs: 30 },
      'AI-API-005',
    ],
    ['a 500', { type: 'server_error' }, 'AI-API-009'],
    ['a 502', { type: 'server_error', status: 502 }, 'AI-API-009'],
    ['a 503', { type: 'server_error', status: 503 }, 'AI-API-009'],
    ['a 504', { type: 'server_error', status: 504 }, 'AI-API-009'],
    ['a 408', { type: 'status', status: 408 }, 'AI-API-015'],
    ['a 409', { type: 'status', status: 409 }, 'AI-API-015'],
    ['a connection reset', { type: 'reset' }, 'AI-API-011'],
  ])('%s is attempted 3 times with the configured waits', async (_name, fault, code) => {
    mock.setFaults([{ fault }]);
    const error = await failure(client().chat.completions.create(REQUEST));
    expect(error.code).toBe(code);
    expect(mock.requests()).toHaveLength(3);
    const waits = error.attempts.map((attempt) => attempt.waitBeforeMs);
    // Server advice (retry-after-ms: 30) wins over backoff; otherwise full jitter at 0.5 of 40, 80.
    expect(waits).toEqual(code === 'AI-API-005' ? [0, 30, 30] : [0, 20, 40]);
    const received = mock.requests().map((request) => request.receivedAt);
    expect(received[1]! - received[0]!).toBeGreaterThanOrEqual(waits[1]! - 5);
    expect(received[2]! - received[1]!).toBeGreaterThanOrEqual(waits[2]! - 5);
  });

  it.each<[string, FaultRule['fault']]>([
    ['insufficient_quota', { type: 'insufficient_quota' }],
    ['400', { type: 'status', status: 400 }],
    ['401', { type: 'status', status: 401 }],
    ['403', { type: 'status', status: 403 }],
    ['404', { type: 'status', status: 404 }],
    ['422', { type: 'status', status: 422 }],
  ])('%s is attempted once', async (_name, fault) => {
    mock.setFaults([{ fault }]);
    const error = await failure(client().chat.completions.create(REQUEST));
    expect(error.retryable).toBe(false);
    expect(mock.requests()).toHaveLength(1);
  });

  it('waits out a retry-after of 2 s, then succeeds', async () => {
    mock.setFaults([{ times: 1, fault: { type: 'rate_limit', retryAfterSeconds: 2 } }]);
    const started = performance.now();
    await client().chat.completions.create(REQUEST);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1990);
    expect(elapsed).toBeLessThan(4000);
    expect(mock.requests()).toHaveLength(2);
  });

  it('fails at once with the reset time when retry-after is 90 s under a 30 s deadline', async () => {
    mock.setFaults([{ fault: { type: 'rate_limit', retryAfterSeconds: 90 } }]);
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 30_000 }).chat.completions.create(REQUEST));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(AIRateLimitError);
    const resetAt = (error as AIRateLimitError).resetAt?.getTime() ?? 0;
    expect(resetAt - started).toBeGreaterThanOrEqual(89_000);
    expect(resetAt - started).toBeLessThan(92_000);
    expect(mock.requests()).toHaveLength(1);
  });

  it('honours retry-after given as an HTTP date', async () => {
    const date = new Date(Date.now() + 2000).toUTCString();
    mock.setFaults([
      {
        times: 1,
        fault: {
          type: 'status',
          status: 429,
          headers: { 'retry-after': date },
          body: { error: { message: 'slow', type: 'requests', code: 'rate_limit_exceeded' } },
        },
      },
    ]);
    const started = performance.now();
    await client().chat.completions.create(REQUEST);
    const elapsed = performance.now() - started;
    // The date has one-second resolution: the wait is between 1 and 2 s.
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(3500);
    expect(mock.requests()).toHaveLength(2);
  });
});
