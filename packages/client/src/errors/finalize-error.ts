import type { AIError } from '@aiclient/errors';
import type { CallContext } from '../pipeline/stage';

/**
 * Completes an error that is about to leave the pipeline with the call's attempt history and,
 * when the error lacks them, the last known status and request id. Idempotent.
 */
export function finalizeError(error: AIError, ctx: CallContext): AIError {
  const context = error.context;
  context.attempts = ctx.attempts.slice();
  const requestId = ctx.attempt?.requestId ?? ctx.result.requestId;
  if (context.requestId === undefined && requestId !== undefined) context.requestId = requestId;
  return error;
}
