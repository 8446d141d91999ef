import { getTracer, recordSpanError, type ToolkitMetrics } from '@aiclient/telemetry';
import { context, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import type { Stage } from '../pipeline/stage';

/** Options of {@link attemptTelemetryStage}. */
export interface AttemptTelemetryStageOptions {
  toolkitMetrics: ToolkitMetrics;
  /** @default getTracer() of @aiclient/telemetry */
  tracer?: Tracer | undefined;
}

/**
 * One child span per HTTP attempt, under the call's span: attempt number, the wait before it,
 * key id (never the key), target, status and error code. For a stream the attempt ends when
 * its first chunk arrived; the rest of the stream belongs to the call span.
 */
export function attemptTelemetryStage(options: AttemptTelemetryStageOptions): Stage {
  const { toolkitMetrics } = options;
  return {
    name: 'attempt-telemetry',
    async handle(ctx, next) {
      const attempt = ctx.attempt;
      if (attempt === undefined) return next(ctx);
      const parent =
        ctx.span === undefined ? context.active() : trace.setSpan(context.active(), ctx.span);
      const tracer = options.tracer ?? getTracer();
      const span = tracer.startSpan(
        `${ctx.request.method} ${ctx.request.path}`,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'http.request.method': ctx.request.method,
            'aiclient.attempt': attempt.number,
            'aiclient.attempt.wait_before_ms': attempt.waitBeforeMs,
            ...(attempt.keyId === undefined ? {} : { 'aiclient.key_id': attempt.keyId }),
            ...(attempt.target === undefined ? {} : { 'aiclient.target': attempt.target }),
            ...(ctx.model === undefined ? {} : { 'gen_ai.request.model': ctx.model }),
          },
        },
        parent,
      );
      const metricAttributes = { 'gen_ai.request.model': ctx.model ?? '' };
      toolkitMetrics.recordAttempt(metricAttributes);
      if (attempt.number > 1) toolkitMetrics.recordRetry(metricAttributes);
      try {
        const response = await next(ctx);
        span.setAttribute('http.response.status_code', response.status);
        if (attempt.requestId !== undefined)
          span.setAttribute('aiclient.request_id', attempt.requestId);
        return response;
      } catch (error) {
        if (attempt.status !== undefined)
          span.setAttribute('http.response.status_code', attempt.status);
        if (attempt.requestId !== undefined)
          span.setAttribute('aiclient.request_id', attempt.requestId);
        recordSpanError(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  };
}
