import { AIRateLimitError, AITimeoutError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import { errorType, OTHER_ERROR_TYPE } from './error-type';

describe('errorType', () => {
  it('is the aiclient error code for an AIError', () => {
    expect(errorType(new AIRateLimitError({ message: 'slow down' }))).toBe('AI-API-005');
    expect(errorType(new AITimeoutError({ message: 'late' }))).toBe('AI-API-010');
  });

  it("is the error's name for other errors", () => {
    expect(errorType(new TypeError('bad'))).toBe('TypeError');
    expect(errorType(new DOMException('stop', 'AbortError'))).toBe('AbortError');
    class CustomFailure extends Error {}
    expect(errorType(new CustomFailure('x'))).toBe('CustomFailure');
  });

  it('is _OTHER when nothing identifies the error', () => {
    expect(errorType(new Error('plain'))).toBe(OTHER_ERROR_TYPE);
    expect(errorType('a string')).toBe('_OTHER');
    expect(errorType(undefined)).toBe('_OTHER');
    expect(errorType({ message: 'object' })).toBe('_OTHER');
  });
});
