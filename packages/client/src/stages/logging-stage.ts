import { serializeError } from '@aiclient/errors';
import type { CallContext, CallOutcome, Stage } from '../pipeline/stage';

/**
 * One structured line per call when it settles: `info` on success or early exit, `error` with
 * the serialized (redacted) error on failure. Operation, model, the target that served it (the
 * fallback target's label, else the API host), status, duration, tokens, attempts, request id
 * and trace id; never message content, never a key. Retry warnings come from the retry stage.
 */
export function loggingStage(): Stage {
  return {
    name: 'logging',
    async handle(ctx, next) {
      ctx.onSettled((outcome) => log(ctx, outcome));
      return next(ctx);
    },
  };
}

function log(ctx: CallContext, outcome: CallOutcome): void {
  const { result } = ctx;
  const spanContext = ctx.span?.spanContext();
  const line: Record<string, unknown> = {
    event: 'aiclient.call',
    callId: ctx.callId,
    outcome: outcome.kind,
    operation: ctx.operation,
    endpoint: ctx.endpoint,
    model: ctx.model,
    responseModel: result.responseModel,
    target: result.target ?? ctx.attempt?.target,
    targetIndex: result.targetIndex,
    stream: ctx.stream,
    status: result.status ?? outcome.error?.status,
    durationMs: outcome.endedAt - ctx.startedAt,
    inputTokens: result.usage?.inputTokens,
    outputTokens: result.usage?.outputTokens,
    attempts: ctx.attempts.length,
    requestId: result.requestId ?? outcome.error?.requestId,
    traceId: spanContext?.traceId,
    spanId: spanContext?.spanId,
  };
  if (result.cacheHit === true) line.cacheHit = true;
  if (outcome.error === undefined) {
    ctx.logger.info('aiclient call', line);
    return;
  }
  line.code = outcome.error.code;
  line.error = serializeError(outcome.error);
  ctx.logger.error('aiclient call failed', line);
}
