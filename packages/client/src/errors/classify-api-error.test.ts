import {
  AIAuthenticationError,
  AIBadRequestError,
  AIContentFilterError,
  AIContextLengthError,
  AIError,
  AINotFoundError,
  AIPermissionError,
  AIQuotaExceededError,
  AIRateLimitError,
  AIServerError,
} from '@aiclient/errors';
import { APIError, RateLimitError } from 'openai';
import { describe, expect, it } from 'vitest';
import { classifyApiError } from './classify-api-error';

const NOW = Date.parse('2026-11-24T03:00:00Z');

function classify(
  status: number | undefined,
  error: unknown,
  headers: Record<string, string> = {},
) {
  return classifyApiError({ status, error, headers: new Headers(headers), now: NOW });
}

describe('classifyApiError', () => {
  it.each([
    [400, AIBadRequestError, 'AI-API-004', false],
    [422, AIBadRequestError, 'AI-API-004', false],
    [401, AIAuthenticationError, 'AI-API-001', false],
    [403, AIPermissionError, 'AI-API-002', false],
    [404, AINotFoundError, 'AI-API-003', false],
    [408, AIServerError, 'AI-API-015', true],
    [409, AIServerError, 'AI-API-015', true],
    [429, AIRateLimitError, 'AI-API-005', true],
    [500, AIServerError, 'AI-API-009', true],
    [503, AIServerError, 'AI-API-009', true],
  ] as const)(
    'maps HTTP %i to its class, code and retryability',
    (status, cls, code, retryable) => {
      const err = classify(status, { message: 'nope', type: 'x' }, { 'x-request-id': 'req_1' });
      expect(err).toBeInstanceOf(cls);
      expect(AIError.isInstance(err)).toBe(true);
      expect(err.code).toBe(code);
      expect(err.retryable).toBe(retryable);
      expect(err.status).toBe(status);
      expect(err.requestId).toBe('req_1');
      expect(err.cause).toBeInstanceOf(APIError);
      expect((err.cause as APIError).status).toBe(status);
    },
  );

  it('keeps the SDK error class as cause', () => {
    const err = classify(429, { message: 'slow down', code: 'rate_limit_exceeded' });
    expect(err.cause).toBeInstanceOf(RateLimitError);
  });

  it('separates quota exhaustion from rate limiting', () => {
    const err = classify(429, {
      message: 'quota',
      type: 'insufficient_quota',
      code: 'insufficient_quota',
    });
    expect(err).toBeInstanceOf(AIQuotaExceededError);
    expect(err.code).toBe('AI-API-006');
    expect(err.retryable).toBe(false);
  });

  it('recognises context length and content filter errors', () => {
    expect(classify(400, { code: 'context_length_exceeded', message: 'too long' })).toBeInstanceOf(
      AIContextLengthError,
    );
    expect(
      classify(400, { message: "This model's maximum context length is 128000 tokens" }).code,
    ).toBe('AI-API-007');
    expect(classify(400, { code: 'content_filter', message: 'blocked' })).toBeInstanceOf(
      AIContentFilterError,
    );
  });

  it('carries the reset time of a 429', () => {
    const err = classify(429, { message: 'slow' }, { 'retry-after': '90' });
    expect(err).toBeInstanceOf(AIRateLimitError);
    const limited = err as AIRateLimitError;
    expect(limited.retryAfterMs).toBe(90_000);
    expect(limited.resetAt?.getTime()).toBe(NOW + 90_000);
  });

  it('honours x-should-retry: false', () => {
    expect(classify(503, { message: 'down' }, { 'x-should-retry': 'false' }).retryable).toBe(false);
  });

  it('classifies stream error events without a status', () => {
    const err = classify(undefined, { message: 'overloaded', type: 'server_error' });
    expect(err.code).toBe('AI-API-009');
    expect(err.status).toBeUndefined();
    expect(classify(undefined, { code: 'rate_limit_exceeded', message: 'x' }).code).toBe(
      'AI-API-005',
    );
  });

  it('never echoes an API key from the error body', () => {
    const err = classify(401, {
      message: 'Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz123456',
    });
    expect(err.message).not.toContain('abcdefghijklmnopqrstuvwxyz123456');
    expect(JSON.stringify(err.toJSON())).not.toContain('abcdefghijklmnopqrstuvwxyz123456');
  });
});
