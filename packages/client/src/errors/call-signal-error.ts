import { AIAbortedError, type AIError, AITimeoutError } from '@aiclient/errors';
import type { CallContext } from '../pipeline/stage';

/**
 * The error for a call whose signal fired: `AIAbortedError` when the caller aborted (never
 * retried), else the deadline's `AITimeoutError`; an abort by the SDK itself (its consumer left
 * early) is an `AIAbortedError` too.
 */
export function callSignalError(ctx: CallContext, source: string): AIError {
  if (ctx.callerSignal?.aborted) {
    return new AIAbortedError({
      message: 'The request was aborted by the caller',
      cause: ctx.callerSignal.reason,
      context: { source },
    });
  }
  const reason: unknown = ctx.signal.reason;
  if (AITimeoutError.isInstance(reason)) return reason;
  if (ctx.sdkSignal?.aborted) {
    return new AIAbortedError({
      message: 'The request was aborted by its consumer',
      cause: ctx.sdkSignal.reason,
      context: { source },
    });
  }
  return new AITimeoutError({
    message: 'The call deadline passed',
    cause: reason,
    context: { source },
  });
}
