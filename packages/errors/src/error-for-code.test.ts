import { describe, expect, it } from 'vitest';
import { AIAbortedError } from './ai-aborted-error';
import { AIAuthenticationError } from './ai-authentication-error';
import { AIBadRequestError } from './ai-bad-request-error';
import { AICircuitOpenError } from './ai-circuit-open-error';
import { AIClientError } from './ai-client-error';
import { AIConfigError } from './ai-config-error';
import { AIConnectionError } from './ai-connection-error';
import { AIContentFilterError } from './ai-content-filter-error';
import { AIContextLengthError } from './ai-context-length-error';
import { AIError } from './ai-error';
import { AIMalformedResponseError } from './ai-malformed-response-error';
import { AINoKeyAvailableError } from './ai-no-key-available-error';
import { AINotFoundError } from './ai-not-found-error';
import { AIPermissionError } from './ai-permission-error';
import { AIQueueFullError } from './ai-queue-full-error';
import { AIQuotaExceededError } from './ai-quota-exceeded-error';
import { AIRateLimitError } from './ai-rate-limit-error';
import { AIServerError } from './ai-server-error';
import { AIStreamStalledError } from './ai-stream-stalled-error';
import { AITimeoutError } from './ai-timeout-error';
import { ERROR_CODES, type ErrorCode } from './error-codes';
import { errorForCode } from './error-for-code';

type ErrorClass = (abstract new (
  ...args: never[]
) => AIError) & {
  isInstance(value: unknown): boolean;
};

const EXPECTED: Record<ErrorCode, [ErrorClass, string, number | undefined]> = {
  'AI-CLIENT-001': [AIClientError, 'AIClientError', undefined],
  'AI-CLIENT-002': [AIClientError, 'AIClientError', undefined],
  'AI-CLIENT-003': [AIClientError, 'AIClientError', undefined],
  'AI-CLIENT-004': [AIClientError, 'AIClientError', undefined],
  'AI-CLIENT-005': [AIClientError, 'AIClientError', undefined],
  'AI-CONFIG-001': [AIConfigError, 'AIConfigError', undefined],
  'AI-CONFIG-002': [AIConfigError, 'AIConfigError', undefined],
  'AI-API-001': [AIAuthenticationError, 'AIAuthenticationError', 401],
  'AI-API-002': [AIPermissionError, 'AIPermissionError', 403],
  'AI-API-003': [AINotFoundError, 'AINotFoundError', 404],
  'AI-API-004': [AIBadRequestError, 'AIBadRequestError', 400],
  'AI-API-005': [AIRateLimitError, 'AIRateLimitError', 429],
  'AI-API-006': [AIQuotaExceededError, 'AIQuotaExceededError', 429],
  'AI-API-007': [AIContextLengthError, 'AIContextLengthError', 400],
  'AI-API-008': [AIContentFilterError, 'AIContentFilterError', 400],
  'AI-API-009': [AIServerError, 'AIServerError', undefined],
  'AI-API-010': [AITimeoutError, 'AITimeoutError', undefined],
  'AI-API-011': [AIConnectionError, 'AIConnectionError', undefined],
  'AI-API-012': [AIStreamStalledError, 'AIStreamStalledError', undefined],
  'AI-API-013': [AIAbortedError, 'AIAbortedError', undefined],
  'AI-API-014': [AICircuitOpenError, 'AICircuitOpenError', undefined],
  'AI-API-015': [AIServerError, 'AIServerError', undefined],
  'AI-API-016': [AIMalformedResponseError, 'AIMalformedResponseError', undefined],
  'AI-API-017': [AIQueueFullError, 'AIQueueFullError', undefined],
  'AI-API-018': [AINoKeyAvailableError, 'AINoKeyAvailableError', undefined],
  'AI-API-099': [AIError, 'AIError', undefined],
};

describe('errorForCode', () => {
  it.each(Object.keys(ERROR_CODES) as ErrorCode[])('builds the right class for %s', (code) => {
    const [ctor, name, status] = EXPECTED[code];
    const err = errorForCode(code, { message: `m ${code}` });
    expect(err).toBeInstanceOf(ctor);
    expect(ctor.isInstance(err)).toBe(true);
    expect(AIError.isInstance(err)).toBe(true);
    expect(err.name).toBe(name);
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(ERROR_CODES[code].retryable);
    expect(err.context.severity).toBe(ERROR_CODES[code].severity);
    expect(err.status).toBe(status);
  });

  it('passes subclass fields and base options through', () => {
    const resetAt = new Date(1000);
    const rate = errorForCode('AI-API-005', {
      message: 'm',
      resetAt,
      retryAfterMs: 250,
      context: { source: 'x', status: 429, requestId: 'r' },
      retryable: false,
    }) as AIRateLimitError;
    expect(rate.resetAt).toBe(resetAt);
    expect(rate.retryAfterMs).toBe(250);
    expect(rate.requestId).toBe('r');
    expect(rate.retryable).toBe(false);

    const config = errorForCode('AI-CONFIG-001', {
      message: 'm',
      issues: [{ path: 'a', message: 'b' }],
    }) as AIConfigError;
    expect(config.issues).toEqual([{ path: 'a', message: 'b' }]);

    const stalled = errorForCode('AI-API-012', {
      message: 'm',
      partialText: 'Hello',
      usage: { outputTokens: 3 },
    }) as AIStreamStalledError;
    expect(stalled.phase).toBe('idle');
    expect(stalled.retryable).toBe(false);
    expect(stalled.usage).toEqual({ outputTokens: 3 });
    const cause = new Error('c');
    expect(errorForCode('AI-API-011', { message: 'm', cause }).cause).toBe(cause);
  });

  it('ignores subclass fields of the wrong type', () => {
    const rate = errorForCode('AI-API-005', { message: 'm', resetAt: 'soon', retryAfterMs: '5' });
    expect((rate as AIRateLimitError).resetAt).toBeUndefined();
    expect((rate as AIRateLimitError).retryAfterMs).toBeUndefined();
    const stalled = errorForCode('AI-API-012', {
      message: 'm',
      phase: 'bogus',
    }) as AIStreamStalledError;
    expect(stalled.phase).toBe('first_chunk');
  });
});
