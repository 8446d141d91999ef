export { AIClientOpenAI, SDK_TIMEOUT_CEILING_MS } from './client/ai-client-openai';
export type { ClientDependencies } from './client/create-openai-client';
export { createOpenAIClient } from './client/create-openai-client';
export type { GetOpenAIClientOptions } from './client/get-openai-client';
export { clearOpenAIClientCache, getOpenAIClient } from './client/get-openai-client';
export { classifyApiError } from './errors/classify-api-error';
export { translateSdkError } from './errors/translate-sdk-error';
export { compose, isAttemptStage, STAGE_ORDER } from './pipeline/compose';
export { CONTROL_HEADER_PREFIX } from './pipeline/read-call-controls';
export type {
  AttemptState,
  CacheControl,
  CallContext,
  CallControls,
  CallOperation,
  CallOutcome,
  CallRequest,
  CallResult,
  CallUsage,
  Next,
  PipelineLogger,
  Stage,
  StageName,
} from './pipeline/stage';
export type { BackoffOptions } from './retry/full-jitter-backoff';
export { fullJitterBackoff } from './retry/full-jitter-backoff';
export type { RetryAdvice } from './retry/parse-retry-after';
export { parseResetDuration, parseRetryAfter } from './retry/parse-retry-after';
