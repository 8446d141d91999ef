import { AIError, AITimeoutError } from '@aiclient/errors';
import { expect, it } from 'vitest';
import { abortError } from './abort-error';

it('passes an AIError reason through', () => {
  const reason = new AITimeoutError({ message: 'deadline' });
  expect(abortError(AbortSignal.abort(reason), 'x')).toBe(reason);
});

it('wraps any other reason in an AIAbortedError (AI-API-013)', () => {
  const error = abortError(AbortSignal.abort(new Error('user')), 'client.rate-limit');
  expect(AIError.isInstance(error)).toBe(true);
  expect(error.code).toBe('AI-API-013');
  expect(error.context.source).toBe('client.rate-limit');
  expect((error.cause as Error).message).toBe('user');
});
