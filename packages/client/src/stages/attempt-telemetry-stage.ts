import { getTracer, recordSpanError, type ToolkitMetrics } from '@aiclient/telemetry';
import { type Attributes, context, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { remember } from '../pipeline/remember';
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
  // One frozen `{ gen_ai.request.model }` per model for the attempt and retry counters.
  const metricAttributesByModel = new Map<string, Attributes>();
  const metricAttributesOf = (model: string): Attributes =>
    remember(metricAttributesByModel, model, () =>
      Object.freeze({ 'gen_ai.request.model': model }),
    );
  return {
    name: 'attempt-telemetry',
    async handle(ctx, next) {
      const attempt = ctx.attempt;
      if (attempt === undefined) return next(ctx);
      // The call span is normally the active one already (the telemetry stage runs the rest of
      // the pipeline in its context): then no new context is made for the parent.
      const active = context.active();
      const parent =
        ctx.span === undefined || trace.getSpan(active) === ctx.span
          ? active
          : trace.setSpan(active, ctx.span);
      const attributes: Attributes = {
        'http.request.method': ctx.request.method,
        'aiclient.attempt': attempt.number,
        'aiclient.attempt.wait_before_ms': attempt.waitBeforeMs,
      };
      if (attempt.keyId !== undefined) attributes['aiclient.key_id'] = attempt.keyId;
      if (attempt.target !== undefined) attributes['aiclient.target'] = attempt.target;
      if (ctx.model !== undefined) attributes['gen_ai.request.model'] = ctx.model;
      const tracer = options.tracer ?? getTracer();
      const span = tracer.startSpan(
        `${ctx.request.method} ${ctx.request.path}`,
        { kind: SpanKind.CLIENT, attributes },
        parent,
      );
      const metricAttributes = metricAttributesOf(ctx.model ?? '');
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
