import { describe, expect, it } from 'vitest';
import { AIStreamStalledError } from './ai-stream-stalled-error';

describe('AIStreamStalledError', () => {
  it('is retryable before the first chunk only', () => {
    expect(new AIStreamStalledError({ message: 'm', phase: 'first_chunk' }).retryable).toBe(true);
    expect(
      new AIStreamStalledError({ message: 'm', phase: 'idle', partialText: 'Hi' }).retryable,
    ).toBe(false);
    expect(new AIStreamStalledError({ message: 'm', phase: 'total' }).retryable).toBe(false);
  });

  it('carries partial text, usage and phase', () => {
    const err = new AIStreamStalledError({
      message: 'm',
      phase: 'idle',
      partialText: 'Hello wor',
      usage: { inputTokens: 10, outputTokens: 2 },
    });
    expect(err).toMatchObject({ partialText: 'Hello wor', phase: 'idle', code: 'AI-API-012' });
    expect(err.usage).toEqual({ inputTokens: 10, outputTokens: 2 });
    expect(new AIStreamStalledError({ message: 'm', phase: 'idle' }).partialText).toBe('');
  });
});
