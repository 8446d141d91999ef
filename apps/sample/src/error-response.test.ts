import { AIError, AIRateLimitError, ERROR_CODES, type ErrorCode } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import { errorResponse, statusForCode } from './error-response.js';

describe('errorResponse', () => {
  it('keeps an AIError code, errorId and retryable, with no stack', () => {
    const err = new AIError({
      code: 'AI-API-009',
      message: 'upstream failed',
      context: { requestId: 'req_1' },
    });
    const { status, body } = errorResponse(err);
    expect(status).toBe(502);
    expect(body.error).toEqual({
      code: 'AI-API-009',
      message: 'upstream failed',
      errorId: err.context.errorId,
      retryable: true,
      requestId: 'req_1',
    });
    expect(JSON.stringify(body)).not.toContain('at ');
  });

  it('hides the message of a foreign error behind AI-API-099', () => {
    const { status, body } = errorResponse(new Error('ECONNREFUSED /internal/path token=abc'));
    expect(status).toBe(500);
    expect(body.error.code).toBe('AI-API-099');
    expect(body.error.message).toBe('internal error');
    expect(body.error.errorId).toMatch(/[0-9a-f-]{36}/);
  });

  it('redacts a key that reached a message', () => {
    const key = `sk-proj-${'Zx9_'.repeat(39)}`;
    const err = new AIError({ code: 'AI-API-001', message: `rejected ${key}` });
    expect(JSON.stringify(errorResponse(err))).not.toContain(key.slice(8, 28));
  });

  it('passes a rate limit wait on as Retry-After seconds', () => {
    const err = new AIRateLimitError({ message: 'slow down', retryAfterMs: 1500 });
    const response = errorResponse(err);
    expect(response.status).toBe(429);
    expect(response.retryAfterSeconds).toBe(2);
  });

  it('lists validation issues from the error details', () => {
    const err = new AIError({
      code: 'AI-API-004',
      message: 'invalid',
      context: { details: { issues: ['prompt: required'] } },
    });
    expect(errorResponse(err).body.error.issues).toEqual(['prompt: required']);
  });

  it('maps every registered code to a 4xx or 5xx status', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const status = statusForCode(code);
      expect(status >= 400 && status < 600, code).toBe(true);
    }
    expect(statusForCode('AI-API-004')).toBe(400);
    expect(statusForCode('AI-API-010')).toBe(504);
    expect(statusForCode('AI-CONFIG-001')).toBe(500);
  });
});
