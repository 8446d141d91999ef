import { AIConnectionError, AIError, AITimeoutError } from '@aiclient/errors';
import type { CallContext } from '../pipeline/stage';
import { callSignalError } from './call-signal-error';

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classifies a failure of `fetch` or of reading a body: the caller's abort, the deadline, a
 * stage's own abort reason (a stall), a transport timeout, or a connection error.
 */
export function transportError(
  error: unknown,
  ctx: CallContext,
  source = 'client.transport',
): AIError {
  if (AIError.isInstance(error)) return error;
  if (ctx.signal.aborted) return callSignalError(ctx, source);
  const reason: unknown = ctx.attempt?.signal.aborted ? ctx.attempt.signal.reason : undefined;
  if (AIError.isInstance(reason)) return reason;
  const code = causeCode(error);
  const details = code === undefined ? undefined : { errno: code };
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new AITimeoutError({
      message: `Timed out before a response (${code})`,
      cause: error,
      context: { source, ...(details ? { details } : {}) },
    });
  }
  return new AIConnectionError({
    message: `Connection failed${code === undefined ? '' : ` (${code})`}`,
    cause: error,
    context: { source, ...(details ? { details } : {}) },
  });
}
