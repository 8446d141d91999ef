import { describe, expect, it } from 'vitest';
import { isAIError } from './is-ai-error';

describe('isAIError', () => {
  it('recognizes the marker and rejects plain errors', () => {
    expect(isAIError({ [Symbol.for('aiclient.error')]: true })).toBe(true);
    expect(isAIError(new Error('x'))).toBe(false);
    expect(isAIError(null)).toBe(false);
  });
});
