import {
  type CaptureContentMode,
  type GenAiMetrics,
  type GenAiRequestParams,
  genAiMetricAttributes,
  genAiRequestAttributes,
  genAiResponseAttributes,
  genAiSpanName,
  getTracer,
  recordGenAiContent,
  recordSpanError,
  type ToolkitMetrics,
  type UsageTracker,
} from '@aiclient/telemetry';
import { context, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import type { CallContext, CallOutcome, Stage } from '../pipeline/stage';

/** Options of {@link telemetryStage}; the instruments are created once per client. */
export interface TelemetryStageOptions {
  provider: 'openai' | 'azure' | 'compatible';
  serverAddress?: string | undefined;
  serverPort?: number | undefined;
  genAiMetrics: GenAiMetrics;
  toolkitMetrics: ToolkitMetrics;
  usageTracker?: UsageTracker | undefined;
  /** Where message content may be recorded; `none` unless the app opted in. */
  captureContent: CaptureContentMode;
  /** @default getTracer() of @aiclient/telemetry (the global provider) */
  tracer?: Tracer | undefined;
}

const API_TYPES: Readonly<Record<string, string>> = {
  'chat.completions': 'chat_completions',
  responses: 'responses',
  embeddings: 'embeddings',
  completions: 'completions',
};

/**
 * One span per logical call with the GenAI request and response attributes, the GenAI client
 * metrics, and usage tracking, all fed from the call's single settlement, so the span ends
 * exactly once whether the call succeeds, fails, is aborted or its stream is left early.
 */
export function telemetryStage(options: TelemetryStageOptions): Stage {
  const { provider, serverAddress, serverPort, genAiMetrics, toolkitMetrics, usageTracker } =
    options;
  return {
    name: 'telemetry',
    async handle(ctx, next) {
      const tracer = options.tracer ?? getTracer();
      const span = tracer.startSpan(genAiSpanName(ctx.operation, ctx.model), {
        kind: SpanKind.CLIENT,
        attributes: genAiRequestAttributes({
          operation: ctx.operation,
          provider,
          model: ctx.model,
          serverAddress,
          serverPort,
          params: ctx.request.json as GenAiRequestParams | undefined,
          apiType: API_TYPES[ctx.endpoint],
        }),
      });
      ctx.span = span;
      if (options.captureContent !== 'none' && ctx.request.json !== undefined) {
        const body = ctx.request.json;
        recordGenAiContent(
          span,
          { inputMessages: body.messages ?? body.input, systemInstructions: body.instructions },
          { mode: options.captureContent },
        );
      }
      ctx.onSettled((outcome) => finish(ctx, outcome));
      return context.with(trace.setSpan(context.active(), span), () => next(ctx));
    },
  };

  function finish(ctx: CallContext, outcome: CallOutcome): void {
    const span = ctx.span;
    const { result } = ctx;
    const usage = result.usage;
    if (span !== undefined) {
      span.setAttributes(
        genAiResponseAttributes({
          id: result.responseId,
          model: result.responseModel,
          finishReasons: result.finishReasons,
          usage:
            usage === undefined
              ? undefined
              : {
                  inputTokens: usage.inputTokens,
                  outputTokens: usage.outputTokens,
                  cachedInputTokens: usage.cachedTokens,
                },
          timeToFirstChunkSeconds: result.timeToFirstChunkS,
        }),
      );
      span.setAttribute('aiclient.attempts', ctx.attempts.length);
      if (result.cacheHit === true) span.setAttribute('aiclient.cache.hit', true);
      if (outcome.kind === 'cancelled') span.setAttribute('aiclient.stream.cancelled', true);
      if (outcome.error !== undefined) recordSpanError(span, outcome.error);
      span.end(outcome.endedAt);
    }
    const attributes = genAiMetricAttributes({
      operation: ctx.operation,
      provider,
      model: ctx.model,
      responseModel: result.responseModel,
      serverAddress,
      serverPort,
      errorType: outcome.error?.code,
    });
    const seconds = (outcome.endedAt - ctx.startedAt) / 1000;
    genAiMetrics.recordOperationDuration(seconds, attributes);
    if (usage?.inputTokens !== undefined) {
      genAiMetrics.recordTokenUsage(usage.inputTokens, 'input', attributes);
    }
    if (usage?.outputTokens !== undefined) {
      genAiMetrics.recordTokenUsage(usage.outputTokens, 'output', attributes);
    }
    const firstChunk = result.timeToFirstChunkS;
    if (firstChunk !== undefined) {
      genAiMetrics.recordTimeToFirstChunk(firstChunk, attributes);
      const chunks = result.chunks ?? 0;
      // One averaged record per call keeps the hot path free of per-chunk metric calls.
      if (chunks > 1)
        genAiMetrics.recordTimePerOutputChunk((seconds - firstChunk) / (chunks - 1), attributes);
    }
    if (outcome.error?.code === 'AI-API-012') {
      toolkitMetrics.recordStreamStall({ 'gen_ai.request.model': ctx.model ?? '' });
    }
    usageTracker?.record({
      model: result.responseModel ?? ctx.model ?? 'unknown',
      keyId: ctx.attempt?.keyId,
      operation: ctx.operation,
      inputTokens: usage?.inputTokens,
      outputTokens: usage?.outputTokens,
      cachedTokens: usage?.cachedTokens,
      errorCode: outcome.error?.code,
      cacheHit: result.cacheHit,
      costSavedUsd: result.costSavedUsd,
      target: result.target ?? ctx.attempt?.target,
    });
  }
}
