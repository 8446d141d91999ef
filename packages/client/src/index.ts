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
export type { CacheMode } from './resilience/cache-key';
export { cacheKey, isCacheable } from './resilience/cache-key';
export type { CacheStageHandle, CacheStageOptions, CacheStats } from './resilience/cache-stage';
export { cacheStage } from './resilience/cache-stage';
export type {
  CircuitBreakerDependencies,
  CircuitBreakerOptions,
  CircuitEvent,
  CircuitPermit,
  CircuitState,
  CircuitVerdict,
} from './resilience/circuit-breaker';
export { CircuitBreaker, circuitVerdict } from './resilience/circuit-breaker';
export { CircuitBreakerRegistry } from './resilience/circuit-breaker-registry';
export type { CircuitBreakerStageOptions } from './resilience/circuit-breaker-stage';
export { circuitBreakerStage } from './resilience/circuit-breaker-stage';
export type { Outcome, OutcomeKind } from './resilience/classify-outcome';
export { classifyError, classifyResponse } from './resilience/classify-outcome';
export type {
  Resilience,
  ResilienceDependencies,
  ResilienceOptions,
} from './resilience/create-resilience';
export { createResilience } from './resilience/create-resilience';
export type { CreateStateStoreOptions } from './resilience/create-state-store';
export { createStateStore } from './resilience/create-state-store';
export type { EstimateOptions, TokenCounter } from './resilience/estimate-request-tokens';
export { approximateTokens, estimateRequestTokens } from './resilience/estimate-request-tokens';
export type { FailoverHooks, RemoteStateStore } from './resilience/failover-state-store';
export { FailoverStateStore } from './resilience/failover-state-store';
export type { FallbackStageOptions } from './resilience/fallback-stage';
export { fallbackStage, TARGET_ATTRIBUTE } from './resilience/fallback-stage';
export type { FallbackTarget } from './resilience/fallback-target';
export type {
  KeyCheckResult,
  KeyLease,
  KeyPoolEntry,
  KeyPoolEvent,
  KeyPoolOptions,
  KeyStateSnapshot,
  KeyStatus,
} from './resilience/key-pool';
export { KeyPool } from './resilience/key-pool';
export type { KeyPoolStageOptions } from './resilience/key-pool-stage';
export { keyPoolStage } from './resilience/key-pool-stage';
export type { LoadTokenCounterOptions, TokenizerLoader } from './resilience/load-token-counter';
export { loadTokenCounter, TOKENIZER_PACKAGE } from './resilience/load-token-counter';
export type { LocalStateStoreOptions } from './resilience/local-state-store';
export { LocalStateStore } from './resilience/local-state-store';
export type { RateLimitHeaders } from './resilience/parse-rate-limit-headers';
export { parseRateLimitHeaders } from './resilience/parse-rate-limit-headers';
export type { RateLimitStageOptions } from './resilience/rate-limit-stage';
export { rateLimitStage } from './resilience/rate-limit-stage';
export type {
  RateLimiterDependencies,
  RateLimiterOptions,
  RateLimitTicket,
} from './resilience/rate-limiter';
export { RateLimiter } from './resilience/rate-limiter';
export type { CachedEntry, CachedUsage, ResponseCacheOptions } from './resilience/response-cache';
export { CACHE_HIT_HEADER, ResponseCache } from './resilience/response-cache';
export type { SharedRecord, StateStore } from './resilience/state-store';
export type { BucketCost, BucketLimits } from './resilience/token-bucket';
export type { BackoffOptions } from './retry/full-jitter-backoff';
export { fullJitterBackoff } from './retry/full-jitter-backoff';
export type { RetryAdvice } from './retry/parse-retry-after';
export { parseResetDuration, parseRetryAfter } from './retry/parse-retry-after';
