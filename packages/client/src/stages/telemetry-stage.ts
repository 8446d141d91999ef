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
import { type Attributes, context, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { remember } from '../pipeline/remember';
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
  const metricAttributesOf = metricAttributesCache(provider, serverAddress, serverPort);
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
      return context.with(trace.setSpan(context.active(), span), next, undefined, ctx);
    },
  };

  function finish(ctx: CallContext, outcome: CallOutcome): void {
    const span = ctx.span;
    const { result } = ctx;
    const usage = result.usage;
    if (span !== undefined) {
      const attributes = genAiResponseAttributes({
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
      });
      attributes['aiclient.attempts'] = ctx.attempts.length;
      if (result.cacheHit === true) attributes['aiclient.cache.hit'] = true;
      if (outcome.kind === 'cancelled') attributes['aiclient.stream.cancelled'] = true;
      span.setAttributes(attributes);
      if (outcome.error !== undefined) recordSpanError(span, outcome.error);
      span.end(outcome.endedAt);
    }
    const attributes = metricAttributesOf(
      ctx.operation,
      ctx.model,
      result.responseModel,
      outcome.error?.code,
    );
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

/**
 * The GenAI metric attributes of a call, one frozen object per (operation, model, response
 * model, error code): every call of a kind records with the same object, so nothing is built
 * per call and the metrics cache its token-type variants. Bounded (cleared when full), because
 * model names come from callers and servers.
 */
function metricAttributesCache(
  provider: TelemetryStageOptions['provider'],
  serverAddress: string | undefined,
  serverPort: number | undefined,
): (operation: string, model?: string, responseModel?: string, errorType?: string) => Attributes {
  const sets = new Map<string, Attributes>();
  return (operation, model, responseModel, errorType) => {
    // NUL does not occur in operations, model names or error codes: the key is unambiguous.
    const key = `${operation}\u0000${model ?? ''}\u0000${responseModel ?? ''}\u0000${errorType ?? ''}`;
    return remember(sets, key, () =>
      Object.freeze(
        genAiMetricAttributes({
          operation,
          provider,
          model,
          responseModel,
          serverAddress,
          serverPort,
          errorType,
        }),
      ),
    );
  };
}
