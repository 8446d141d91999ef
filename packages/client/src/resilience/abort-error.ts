import { AIAbortedError, AIError } from '@aiclient/errors';

/**
 * The error to throw when a wait ends because `signal` aborted: the signal's reason when it is
 * already an AIError (the pipeline aborts deadlines with one), otherwise an AIAbortedError
 * keeping the reason as its cause, so stages never throw foreign errors.
 */
export function abortError(signal: AbortSignal | undefined, source: string): AIError {
  const reason: unknown = signal?.reason;
  if (AIError.isInstance(reason)) return reason;
  return new AIAbortedError({
    message: 'The call was aborted.',
    context: { source },
    cause: reason,
  });
}
