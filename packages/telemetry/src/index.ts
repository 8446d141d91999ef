// Library-safe root entry: imports only @opentelemetry/api and @aiclient/errors, starts nothing,
// and is a no-op until an application starts an OpenTelemetry SDK.
export type { CaptureContentMode } from './capture-content-mode';
export { CAPTURE_CONTENT_ENV, captureContentMode } from './capture-content-mode';
export { errorType, OTHER_ERROR_TYPE } from './error-type';
export type {
  GenAiMetricInfo,
  GenAiOperationName,
  GenAiProviderInput,
  GenAiRequestInfo,
  GenAiRequestParams,
  GenAiResponseInfo,
  GenAiUsage,
} from './gen-ai-attributes';
export {
  GEN_AI_ATTRIBUTES,
  genAiMetricAttributes,
  genAiProviderName,
  genAiRequestAttributes,
  genAiResponseAttributes,
  genAiSpanName,
  genAiUsageFromOpenAI,
  legacyGenAiSystem,
  serverAttributesFromUrl,
} from './gen-ai-attributes';
export type { GenAiMetrics } from './gen-ai-metrics';
export {
  createGenAiMetrics,
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_METRICS,
  GEN_AI_TOKEN_BUCKETS,
} from './gen-ai-metrics';
export type { GenAiSemconvMode } from './gen-ai-semconv-mode';
export { GEN_AI_LATEST_OPT_IN, genAiSemconvMode } from './gen-ai-semconv-mode';
export { getMeter } from './get-meter';
export { getTracer } from './get-tracer';
export type { ModelPrice, PricedTokens, PriceTable } from './price-table';
export { DEFAULT_PRICE_TABLE, estimateCostUsd, findModelPrice } from './price-table';
export type { GenAiContent, RecordGenAiContentOptions } from './record-gen-ai-content';
export { GEN_AI_CONTENT_EVENT, recordGenAiContent } from './record-gen-ai-content';
export { recordSpanError } from './record-span-error';
export { TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION } from './telemetry-scope';
export type { CircuitState, ToolkitMetrics } from './toolkit-metrics';
export {
  CIRCUIT_STATE_VALUES,
  createToolkitMetrics,
  RATE_LIMIT_WAIT_BUCKETS,
  TOOLKIT_METRICS,
} from './toolkit-metrics';
export type {
  UsageRecord,
  UsageSnapshot,
  UsageTotals,
  UsageTrackerOptions,
} from './usage-tracker';
export { USAGE_METRICS, UsageTracker } from './usage-tracker';
export type { WithSpanOptions } from './with-span';
export { withSpan } from './with-span';
