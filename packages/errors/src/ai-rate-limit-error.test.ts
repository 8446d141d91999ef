import { describe, expect, it } from 'vitest';
import { AIRateLimitError } from './ai-rate-limit-error';

describe('AIRateLimitError', () => {
  it('defaults to AI-API-005, status 429, retryable', () => {
    const err = new AIRateLimitError({ message: 'm' });
    expect(err).toMatchObject({
      code: 'AI-API-005',
      status: 429,
      retryable: true,
      name: 'AIRateLimitError',
    });
    expect(err.resetAt).toBeUndefined();
    expect('retryAfterMs' in err).toBe(false);
  });

  it('keeps reset time, server-advised wait and a given status', () => {
    const resetAt = new Date(5000);
    const err = new AIRateLimitError({
      message: 'm',
      resetAt,
      retryAfterMs: 0,
      context: { status: 503 },
    });
    expect(err.resetAt).toBe(resetAt);
    expect(err.retryAfterMs).toBe(0);
    expect(err.status).toBe(503);
  });
});
