import { serializeError } from '@aiclient/errors';
import type { CallContext, CallOutcome, Stage } from '../pipeline/stage';

/**
 * One structured line per call when it settles: `info` on success or early exit, `error` with
 * the serialized (redacted) error on failure. Operation, model, the target that served it (the
 * fallback target's label, else the API host), status, duration, tokens, attempts, request id
 * and trace id; never message content, never a key. Fields with no value are left out. Retry
 * warnings come from the retry stage.
 *
 * The line is only built when `logLevel` lets it through: nothing at `off`, failures only at
 * `error` and `warn`.
 */
export function loggingStage(): Stage {
  return {
    name: 'logging',
    async handle(ctx, next) {
      const level = ctx.settings.logLevel;
      if (level !== 'off') {
        const successes = level === 'info' || level === 'debug';
        ctx.onSettled((outcome) => {
          if (outcome.error !== undefined) logFailure(ctx, outcome);
          else if (successes) ctx.logger.info('aiclient call', callLine(ctx, outcome));
        });
      }
      return next(ctx);
    },
  };
}

function logFailure(ctx: CallContext, outcome: CallOutcome): void {
  const error = outcome.error;
  if (error === undefined) return;
  const line = callLine(ctx, outcome);
  line.code = error.code;
  line.error = serializeError(error);
  ctx.logger.error('aiclient call failed', line);
}

function callLine(ctx: CallContext, outcome: CallOutcome): Record<string, unknown> {
  const { result } = ctx;
  const error = outcome.error;
  const line: Record<string, unknown> = {
    event: 'aiclient.call',
    callId: ctx.callId,
    outcome: outcome.kind,
    operation: ctx.operation,
    endpoint: ctx.endpoint,
  };
  if (ctx.model !== undefined) line.model = ctx.model;
  if (result.responseModel !== undefined) line.responseModel = result.responseModel;
  const target = result.target ?? ctx.attempt?.target;
  if (target !== undefined) line.target = target;
  if (result.targetIndex !== undefined) line.targetIndex = result.targetIndex;
  line.stream = ctx.stream;
  const status = result.status ?? error?.status;
  if (status !== undefined) line.status = status;
  line.durationMs = outcome.endedAt - ctx.startedAt;
  const usage = result.usage;
  if (usage?.inputTokens !== undefined) line.inputTokens = usage.inputTokens;
  if (usage?.outputTokens !== undefined) line.outputTokens = usage.outputTokens;
  line.attempts = ctx.attempts.length;
  const requestId = result.requestId ?? error?.requestId;
  if (requestId !== undefined) line.requestId = requestId;
  const span = ctx.span;
  if (span !== undefined) {
    const { traceId, spanId } = span.spanContext();
    line.traceId = traceId;
    line.spanId = spanId;
  }
  if (result.cacheHit === true) line.cacheHit = true;
  return line;
}
