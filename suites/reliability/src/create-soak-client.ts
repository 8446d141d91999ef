import { getOpenAIClient, type PipelineLogger, type Stage } from '@aiclient/client';
import { type AIClientSettings, type AIClientSettingsInput, loadConfig } from '@aiclient/config';
import type OpenAI from 'openai';

/** Options of {@link createSoakClient}. */
export interface SoakClientOptions {
  /** The testkit's `url`. */
  baseURL: string;
  /** The key pool; the first is the primary key. */
  keys: readonly string[];
  /** Models tried after the primary. */
  fallbackModels: readonly string[];
  /** Each call's whole budget (`timeoutMs`). */
  deadlineMs: number;
  /** Stream guard timeouts, short so stalls resolve well inside the deadline. */
  streamFirstChunkTimeoutMs?: number;
  streamIdleTimeoutMs?: number;
  /** @default 3 */
  maxAttempts?: number;
  /** @default a logger that drops everything */
  logger?: PipelineLogger;
  /** Extra pipeline stages (the deliberately broken ones of the self-tests). */
  stages?: readonly Stage[];
  /** The network `fetch`. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Any other settings. */
  overrides?: AIClientSettingsInput;
}

/** The client and the settings it was built from. */
export interface SoakClient {
  readonly client: OpenAI;
  readonly settings: Readonly<AIClientSettings>;
  /** Requests one call may send: max attempts x (1 + fallback models). */
  readonly maxRequestsPerCall: number;
}

const SILENT: PipelineLogger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

/**
 * The client the soak drives: the public `getOpenAIClient` with a key pool and fallback models
 * in its settings (so the resilience stages are the ones an app gets), short backoffs so a
 * 1,000-call run takes seconds, and no telemetry (the hygiene checks cover telemetry).
 */
export async function createSoakClient(options: SoakClientOptions): Promise<SoakClient> {
  const maxAttempts = options.maxAttempts ?? 3;
  const overrides: AIClientSettingsInput = {
    baseURL: options.baseURL,
    provider: 'compatible',
    apiKey: options.keys[0],
    apiKeys: [...options.keys],
    fallbackModels: [...options.fallbackModels],
    timeoutMs: options.deadlineMs,
    maxAttempts,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 100,
    streamFirstChunkTimeoutMs: options.streamFirstChunkTimeoutMs ?? 300,
    streamIdleTimeoutMs: options.streamIdleTimeoutMs ?? 600,
    streamTotalTimeoutMs: Math.max(options.deadlineMs, options.streamIdleTimeoutMs ?? 600),
    telemetryEnabled: false,
    logLevel: 'error',
    ...options.overrides,
  };
  // Loaded here only to report the policy; the client loads the same settings itself.
  const settings = loadConfig({ env: {}, overrides });
  const client = await getOpenAIClient({
    env: {},
    overrides,
    logger: options.logger ?? SILENT,
    ...(options.stages === undefined ? {} : { stages: options.stages }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  return {
    client,
    settings,
    maxRequestsPerCall: maxAttempts * (1 + settings.fallbackModels.length),
  };
}
