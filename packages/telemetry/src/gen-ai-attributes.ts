import type { Attributes } from '@opentelemetry/api';
import { type GenAiSemconvMode, processGenAiSemconvMode } from './gen-ai-semconv-mode';

// The OpenTelemetry GenAI semantic conventions (open-telemetry/semantic-conventions-genai,
// docs/gen-ai/openai.md and gen-ai-spans.md) mapped in one place. Every GenAI name the toolkit
// emits on spans is written here and nowhere else.

/** Attribute names of the GenAI conventions used by the toolkit. */
export const GEN_AI_ATTRIBUTES = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestFrequencyPenalty: 'gen_ai.request.frequency_penalty',
  requestPresencePenalty: 'gen_ai.request.presence_penalty',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestSeed: 'gen_ai.request.seed',
  requestChoiceCount: 'gen_ai.request.choice.count',
  requestStream: 'gen_ai.request.stream',
  requestEncodingFormats: 'gen_ai.request.encoding_formats',
  outputType: 'gen_ai.output.type',
  conversationId: 'gen_ai.conversation.id',
  embeddingsDimensionCount: 'gen_ai.embeddings.dimension.count',
  responseId: 'gen_ai.response.id',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  tokenType: 'gen_ai.token.type',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  openaiApiType: 'openai.api.type',
  openaiRequestServiceTier: 'openai.request.service_tier',
  openaiResponseServiceTier: 'openai.response.service_tier',
  openaiResponseSystemFingerprint: 'openai.response.system_fingerprint',
  /** v1.36 and earlier; emitted only in `latest_and_legacy` mode. */
  legacySystem: 'gen_ai.system',
  legacyOpenaiRequestServiceTier: 'gen_ai.openai.request.service_tier',
  legacyOpenaiResponseServiceTier: 'gen_ai.openai.response.service_tier',
  legacyOpenaiResponseSystemFingerprint: 'gen_ai.openai.response.system_fingerprint',
} as const;

/** Well-known `gen_ai.operation.name` values the toolkit produces. */
export type GenAiOperationName = 'chat' | 'text_completion' | 'embeddings' | 'generate_content';

/** A provider as configured (`AIClientSettings.provider`) or a semantic-convention value. */
export type GenAiProviderInput = 'openai' | 'azure' | 'compatible' | (string & {});

/**
 * The `gen_ai.provider.name` for a configured provider. OpenAI-compatible servers speak the
 * OpenAI format, and the attribute names the telemetry flavour, so they map to `openai`.
 */
export function genAiProviderName(provider: GenAiProviderInput): string {
  switch (provider) {
    case 'openai':
    case 'compatible':
      return 'openai';
    case 'azure':
      return 'azure.ai.openai';
    default:
      return provider;
  }
}

/** The v1.36 `gen_ai.system` value for a configured provider. */
export function legacyGenAiSystem(provider: GenAiProviderInput): string {
  switch (provider) {
    case 'openai':
    case 'compatible':
      return 'openai';
    case 'azure':
    case 'azure.ai.openai':
      return 'az.ai.openai';
    default:
      return provider;
  }
}

/**
 * Span name of a GenAI client call: `{operation} {model}`, or the operation alone when the model
 * is unknown.
 */
export function genAiSpanName(operation: string, model: string | undefined): string {
  return model === undefined || model === '' ? operation : `${operation} ${model}`;
}

/** Request parameters read from an OpenAI request body (extra fields are ignored). */
export interface GenAiRequestParams {
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  frequency_penalty?: number | null;
  presence_penalty?: number | null;
  stop?: string | readonly string[] | null;
  seed?: number | null;
  n?: number | null;
  stream?: boolean | null;
  service_tier?: string | null;
  response_format?: { type?: string } | null;
  encoding_format?: string | null;
  dimensions?: number | null;
}

/** Input of {@link genAiRequestAttributes}. */
export interface GenAiRequestInfo {
  /** `gen_ai.operation.name`: `chat`, `embeddings`, `text_completion`, ... */
  operation: GenAiOperationName | (string & {});
  /** Configured provider (`openai`, `azure`, `compatible`) or a convention value. */
  provider: GenAiProviderInput;
  /** Requested model. */
  model?: string | undefined;
  /** Host of the API endpoint (see {@link serverAttributesFromUrl}). */
  serverAddress?: string | undefined;
  /** Port of the API endpoint. */
  serverPort?: number | undefined;
  /** The request body, or the subset of it shown in {@link GenAiRequestParams}. */
  params?: GenAiRequestParams | undefined;
  /** `openai.api.type`: `chat_completions`, `responses`, ... */
  apiType?: string | undefined;
  /** `gen_ai.conversation.id`, when the caller tracks one. */
  conversationId?: string | undefined;
  /** Convention names to emit. @default from `OTEL_SEMCONV_STABILITY_OPT_IN` */
  semconv?: GenAiSemconvMode | undefined;
}

/**
 * Span attributes known when a GenAI request starts: operation, provider, request model and
 * parameters, server address and port, `openai.*` request attributes.
 */
export function genAiRequestAttributes(info: GenAiRequestInfo): Attributes {
  const semconv = info.semconv ?? processGenAiSemconvMode();
  const attributes: Attributes = {
    [GEN_AI_ATTRIBUTES.operationName]: info.operation,
    [GEN_AI_ATTRIBUTES.providerName]: genAiProviderName(info.provider),
  };
  if (semconv === 'latest_and_legacy') {
    attributes[GEN_AI_ATTRIBUTES.legacySystem] = legacyGenAiSystem(info.provider);
  }
  if (info.model !== undefined && info.model !== '') {
    attributes[GEN_AI_ATTRIBUTES.requestModel] = info.model;
  }
  if (info.serverAddress !== undefined && info.serverAddress !== '') {
    attributes[GEN_AI_ATTRIBUTES.serverAddress] = info.serverAddress;
    if (info.serverPort !== undefined) attributes[GEN_AI_ATTRIBUTES.serverPort] = info.serverPort;
  }
  if (info.apiType !== undefined) attributes[GEN_AI_ATTRIBUTES.openaiApiType] = info.apiType;
  if (info.conversationId !== undefined) {
    attributes[GEN_AI_ATTRIBUTES.conversationId] = info.conversationId;
  }
  const params = info.params;
  if (params !== undefined) addRequestParams(attributes, params, semconv);
  return attributes;
}

function addRequestParams(
  attributes: Attributes,
  params: GenAiRequestParams,
  semconv: GenAiSemconvMode,
): void {
  const maxTokens = params.max_tokens ?? params.max_completion_tokens ?? params.max_output_tokens;
  if (maxTokens != null) attributes[GEN_AI_ATTRIBUTES.requestMaxTokens] = maxTokens;
  if (params.temperature != null) {
    attributes[GEN_AI_ATTRIBUTES.requestTemperature] = params.temperature;
  }
  if (params.top_p != null) attributes[GEN_AI_ATTRIBUTES.requestTopP] = params.top_p;
  if (params.frequency_penalty != null) {
    attributes[GEN_AI_ATTRIBUTES.requestFrequencyPenalty] = params.frequency_penalty;
  }
  if (params.presence_penalty != null) {
    attributes[GEN_AI_ATTRIBUTES.requestPresencePenalty] = params.presence_penalty;
  }
  if (params.stop != null) {
    attributes[GEN_AI_ATTRIBUTES.requestStopSequences] =
      typeof params.stop === 'string' ? [params.stop] : [...params.stop];
  }
  if (params.seed != null) attributes[GEN_AI_ATTRIBUTES.requestSeed] = params.seed;
  // The conventions ask for the choice count only when it differs from the default of 1.
  if (params.n != null && params.n !== 1)
    attributes[GEN_AI_ATTRIBUTES.requestChoiceCount] = params.n;
  if (params.stream != null) attributes[GEN_AI_ATTRIBUTES.requestStream] = params.stream;
  const outputType = outputTypeOf(params.response_format?.type);
  if (outputType !== undefined) attributes[GEN_AI_ATTRIBUTES.outputType] = outputType;
  if (params.encoding_format != null) {
    attributes[GEN_AI_ATTRIBUTES.requestEncodingFormats] = [params.encoding_format];
  }
  if (params.dimensions != null) {
    attributes[GEN_AI_ATTRIBUTES.embeddingsDimensionCount] = params.dimensions;
  }
  if (params.service_tier != null) {
    attributes[GEN_AI_ATTRIBUTES.openaiRequestServiceTier] = params.service_tier;
    if (semconv === 'latest_and_legacy') {
      attributes[GEN_AI_ATTRIBUTES.legacyOpenaiRequestServiceTier] = params.service_tier;
    }
  }
}

function outputTypeOf(responseFormat: string | undefined): string | undefined {
  if (responseFormat === undefined) return undefined;
  if (responseFormat === 'json_object' || responseFormat === 'json_schema') return 'json';
  if (responseFormat === 'text') return 'text';
  return responseFormat;
}

/** Token counts of one call, normalized from the OpenAI usage shapes. */
export interface GenAiUsage {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  /** Input tokens served from the provider's prompt cache (a subset of `inputTokens`). */
  cachedInputTokens?: number | undefined;
  /** Output tokens spent on reasoning (a subset of `outputTokens`). */
  reasoningTokens?: number | undefined;
}

/**
 * Normalizes an OpenAI `usage` object (Chat Completions `prompt_tokens`/`completion_tokens`,
 * Responses `input_tokens`/`output_tokens`, Embeddings `prompt_tokens`) to {@link GenAiUsage}.
 * Returns `undefined` when `raw` carries no counts.
 */
export function genAiUsageFromOpenAI(raw: unknown): GenAiUsage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const usage = raw as Record<string, unknown>;
  const out: GenAiUsage = {};
  const input = numberOf(usage.prompt_tokens) ?? numberOf(usage.input_tokens);
  const output = numberOf(usage.completion_tokens) ?? numberOf(usage.output_tokens);
  const inputDetails = (usage.prompt_tokens_details ?? usage.input_tokens_details) as
    | Record<string, unknown>
    | null
    | undefined;
  const outputDetails = (usage.completion_tokens_details ?? usage.output_tokens_details) as
    | Record<string, unknown>
    | null
    | undefined;
  const cached = numberOf(inputDetails?.cached_tokens);
  const reasoning = numberOf(outputDetails?.reasoning_tokens);
  if (input !== undefined) out.inputTokens = input;
  if (output !== undefined) out.outputTokens = output;
  if (cached !== undefined) out.cachedInputTokens = cached;
  if (reasoning !== undefined) out.reasoningTokens = reasoning;
  return Object.keys(out).length === 0 ? undefined : out;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Input of {@link genAiResponseAttributes}. */
export interface GenAiResponseInfo {
  /** `gen_ai.response.id` (`chatcmpl-...`). */
  id?: string | undefined;
  /** Model that answered (`gpt-4o-mini-2024-07-18`). */
  model?: string | undefined;
  /** One finish reason per choice. */
  finishReasons?: readonly string[] | undefined;
  /** Token counts. */
  usage?: GenAiUsage | undefined;
  /** `openai.response.service_tier`. */
  serviceTier?: string | null | undefined;
  /** `openai.response.system_fingerprint`. */
  systemFingerprint?: string | null | undefined;
  /** Seconds from request to first chunk of a streamed response. */
  timeToFirstChunkSeconds?: number | undefined;
  /** Convention names to emit. @default from `OTEL_SEMCONV_STABILITY_OPT_IN` */
  semconv?: GenAiSemconvMode | undefined;
}

/**
 * Span attributes known when a GenAI response is complete: id, model, finish reasons, token
 * usage (with the cached-input and reasoning subsets) and the `openai.response.*` attributes.
 */
export function genAiResponseAttributes(info: GenAiResponseInfo): Attributes {
  const semconv = info.semconv ?? processGenAiSemconvMode();
  const attributes: Attributes = {};
  if (info.id !== undefined && info.id !== '') attributes[GEN_AI_ATTRIBUTES.responseId] = info.id;
  if (info.model !== undefined && info.model !== '') {
    attributes[GEN_AI_ATTRIBUTES.responseModel] = info.model;
  }
  if (info.finishReasons !== undefined && info.finishReasons.length > 0) {
    attributes[GEN_AI_ATTRIBUTES.responseFinishReasons] = [...info.finishReasons];
  }
  const usage = info.usage;
  if (usage !== undefined) {
    if (usage.inputTokens !== undefined) {
      attributes[GEN_AI_ATTRIBUTES.usageInputTokens] = usage.inputTokens;
    }
    if (usage.outputTokens !== undefined) {
      attributes[GEN_AI_ATTRIBUTES.usageOutputTokens] = usage.outputTokens;
    }
    if (usage.cachedInputTokens !== undefined) {
      attributes[GEN_AI_ATTRIBUTES.usageCacheReadInputTokens] = usage.cachedInputTokens;
    }
    if (usage.reasoningTokens !== undefined) {
      attributes[GEN_AI_ATTRIBUTES.usageReasoningOutputTokens] = usage.reasoningTokens;
    }
  }
  if (info.serviceTier != null) {
    attributes[GEN_AI_ATTRIBUTES.openaiResponseServiceTier] = info.serviceTier;
    if (semconv === 'latest_and_legacy') {
      attributes[GEN_AI_ATTRIBUTES.legacyOpenaiResponseServiceTier] = info.serviceTier;
    }
  }
  if (info.systemFingerprint != null) {
    attributes[GEN_AI_ATTRIBUTES.openaiResponseSystemFingerprint] = info.systemFingerprint;
    if (semconv === 'latest_and_legacy') {
      attributes[GEN_AI_ATTRIBUTES.legacyOpenaiResponseSystemFingerprint] = info.systemFingerprint;
    }
  }
  if (info.timeToFirstChunkSeconds !== undefined) {
    attributes[GEN_AI_ATTRIBUTES.responseTimeToFirstChunk] = info.timeToFirstChunkSeconds;
  }
  return attributes;
}

/** Input of {@link genAiMetricAttributes}. */
export interface GenAiMetricInfo {
  operation: GenAiOperationName | (string & {});
  provider: GenAiProviderInput;
  model?: string | undefined;
  responseModel?: string | undefined;
  serverAddress?: string | undefined;
  serverPort?: number | undefined;
  /** Set when the operation failed (see `errorType`). */
  errorType?: string | undefined;
}

/**
 * The attributes the GenAI client metrics are recorded with. Only these low-cardinality names:
 * never ids, prompts or keys.
 */
export function genAiMetricAttributes(info: GenAiMetricInfo): Attributes {
  const attributes: Attributes = {
    [GEN_AI_ATTRIBUTES.operationName]: info.operation,
    [GEN_AI_ATTRIBUTES.providerName]: genAiProviderName(info.provider),
  };
  if (info.model !== undefined && info.model !== '') {
    attributes[GEN_AI_ATTRIBUTES.requestModel] = info.model;
  }
  if (info.responseModel !== undefined && info.responseModel !== '') {
    attributes[GEN_AI_ATTRIBUTES.responseModel] = info.responseModel;
  }
  if (info.serverAddress !== undefined && info.serverAddress !== '') {
    attributes[GEN_AI_ATTRIBUTES.serverAddress] = info.serverAddress;
    if (info.serverPort !== undefined) attributes[GEN_AI_ATTRIBUTES.serverPort] = info.serverPort;
  }
  if (info.errorType !== undefined) attributes[GEN_AI_ATTRIBUTES.errorType] = info.errorType;
  return attributes;
}

/**
 * `server.address` and `server.port` of an API base URL; the port defaults from the scheme
 * (443 for https, 80 for http). Returns `{}` for a URL that does not parse.
 */
export function serverAttributesFromUrl(baseURL: string): {
  serverAddress?: string;
  serverPort?: number;
} {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return {};
  }
  const port = url.port === '' ? (url.protocol === 'http:' ? 80 : 443) : Number(url.port);
  // IPv6 hosts come back bracketed from URL; the attribute holds the bare address.
  const address = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { serverAddress: address, serverPort: port };
}
