export type { Fault, FaultMatch, FaultRule, FaultType } from './fault-plan';
export { formatResetDuration } from './format-reset-duration';
export type { RateLimits } from './key-rate-limiter';
export type { OpenApiDocument } from './load-openapi-spec';
export { loadOpenApiSpec } from './load-openapi-spec';
export type {
  MockOpenAI,
  MockOpenAIOptions,
  MockOpenAIStats,
  RecordedRequest,
} from './mock-openai';
export { FAULT_HEADER, startMockOpenAI } from './mock-openai';
export { DEFAULT_MODELS } from './models';
export type { OpenApiValidator, OpenApiValidatorResult, SchemaCheck } from './openapi-validator';
export { createOpenApiValidator, loadOpenApiValidator } from './openapi-validator';
export type { ResolveSpecPathOptions } from './resolve-spec-path';
export { DEFAULT_SPEC_RELATIVE_PATH, resolveSpecPath } from './resolve-spec-path';
export type { RedisServer, StartRedisServerOptions } from './start-redis-server';
export {
  redisServerAvailable,
  redisServerBin,
  redisServerRequired,
  startRedisServer,
} from './start-redis-server';
