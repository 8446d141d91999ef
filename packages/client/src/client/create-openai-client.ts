import { type AIClientSettings, keyId } from '@aiclient/config';
import { AIError } from '@aiclient/errors';
import {
  createGenAiMetrics,
  createToolkitMetrics,
  serverAttributesFromUrl,
  type UsageTracker,
} from '@aiclient/telemetry';
import type { Meter, Tracer } from '@opentelemetry/api';
import type OpenAI from 'openai';
import { createPipelineFetch } from '../pipeline/create-pipeline-fetch';
import { createTransport } from '../pipeline/create-transport';
import type { PipelineLogger, Stage } from '../pipeline/stage';
import { attemptTelemetryStage } from '../stages/attempt-telemetry-stage';
import { loggingStage } from '../stages/logging-stage';
import { responseClassifierStage } from '../stages/response-classifier-stage';
import { retryStage } from '../stages/retry-stage';
import { streamGuardStage } from '../stages/stream-guard-stage';
import { telemetryStage } from '../stages/telemetry-stage';
import { AIClientOpenAI, SDK_TIMEOUT_CEILING_MS } from './ai-client-openai';
import { checkClientKeys } from './check-client-keys';
import { levelFilteredLogger } from './level-filtered-logger';

/** What a client is built with besides its settings: injectable for apps and tests. */
export interface ClientDependencies {
  /**
   * Logger with `error`/`warn`/`info`/`debug` (the openai SDK's `logger` shape; the winston
   * logger of `@aiclient/telemetry/node`'s `createLogger` fits). Filtered by `logLevel`.
   * @default console
   */
  logger?: PipelineLogger | undefined;
  /** The `fetch` that reaches the network. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** Tracer for call and attempt spans. @default the global provider's, via @aiclient/telemetry */
  tracer?: Tracer | undefined;
  /** Meter for the GenAI and `aiclient.*` metrics. @default the global provider's */
  meter?: Meter | undefined;
  /** Receives one record per call (tokens, errors, cost by model, key id and operation). */
  usageTracker?: UsageTracker | undefined;
  /**
   * Extra pipeline stages (cache, fallback, circuit breaker, rate limit, key pool); each runs
   * in its named slot of `STAGE_ORDER`, whatever the order given here.
   */
  stages?: readonly Stage[] | undefined;
  /** Uniform random source of the retry jitter. @default Math.random */
  random?: (() => number) | undefined;
}

/** Sent by the SDK when no key is configured (keyless local servers); the transport drops it. */
const NO_KEY = 'aiclient-no-key';

/**
 * Builds an official `openai` SDK client whose transport is the aiclient pipeline (no caching:
 * see `getOpenAIClient` for the shared instance). Throws `AIClientError` (`AI-CLIENT-001`,
 * `AI-CLIENT-002`) after logging it once through the configured logger.
 */
export function createOpenAIClient(
  settings: Readonly<AIClientSettings>,
  dependencies: ClientDependencies = {},
): OpenAI {
  const logger = levelFilteredLogger(dependencies.logger ?? console, settings.logLevel);
  try {
    checkClientKeys(settings);
  } catch (error) {
    if (AIError.isInstance(error)) logger.error('aiclient client creation failed', error.toJSON());
    throw error;
  }
  const apiKey = settings.apiKey ?? settings.apiKeys[0];
  const { serverAddress, serverPort } = serverAttributesFromUrl(settings.baseURL);
  const stages: Stage[] = [
    loggingStage(),
    retryStage({
      apiKey,
      keyId: apiKey === undefined ? undefined : keyId(apiKey),
      target: serverAddress,
      ...(dependencies.random === undefined ? {} : { random: dependencies.random }),
    }),
    responseClassifierStage(),
    streamGuardStage(),
  ];
  if (settings.telemetryEnabled) {
    // Instruments are created once per client, never per call.
    const toolkitMetrics = createToolkitMetrics(dependencies.meter);
    stages.push(
      telemetryStage({
        provider: settings.provider,
        serverAddress,
        serverPort,
        genAiMetrics: createGenAiMetrics(dependencies.meter),
        toolkitMetrics,
        usageTracker: dependencies.usageTracker,
        // Content leaves the process only when the app opted in (captureMessageContent).
        captureContent: settings.captureMessageContent ? 'span_only' : 'none',
        tracer: dependencies.tracer,
      }),
      attemptTelemetryStage({ toolkitMetrics, tracer: dependencies.tracer }),
    );
  }
  stages.push(...(dependencies.stages ?? []));
  const fetch = createPipelineFetch({
    settings,
    stages,
    transport: createTransport({
      ...(dependencies.fetch === undefined ? {} : { fetch: dependencies.fetch }),
      authHeader: settings.provider === 'azure' ? 'api-key' : 'authorization',
    }),
    logger,
    injectStreamUsage: settings.telemetryEnabled || dependencies.usageTracker !== undefined,
  });
  return new AIClientOpenAI({
    apiKey: async () => apiKey ?? NO_KEY,
    baseURL: settings.baseURL,
    organization: settings.organization ?? null,
    project: settings.project ?? null,
    // The pipeline owns retries and deadlines, so every attempt is seen and budgeted.
    maxRetries: 0,
    timeout: SDK_TIMEOUT_CEILING_MS,
    fetch,
    logger,
    // The pipeline logs each call; the SDK's own lines are only wanted when debugging.
    logLevel:
      settings.logLevel === 'debug' ? 'debug' : settings.logLevel === 'off' ? 'off' : 'warn',
    ...(settings.provider === 'azure' && settings.azureApiVersion !== undefined
      ? { defaultQuery: { 'api-version': settings.azureApiVersion } }
      : {}),
  });
}
