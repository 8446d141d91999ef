import type { z } from 'zod';
import { lazyObject } from './lazy-object';
import { loadZod } from './load-zod';

/** Where calls go: OpenAI, Azure OpenAI, or any OpenAI-compatible server (vLLM, Ollama ...). */
export const PROVIDERS = ['openai', 'azure', 'compatible'] as const;
/** One of {@link PROVIDERS}. */
export type Provider = (typeof PROVIDERS)[number];

/** Log levels, as the `openai` SDK names them. */
export const LOG_LEVELS = ['off', 'error', 'warn', 'info', 'debug'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Metadata every setting carries; read by `settingsDocumentation()` and the JSON Schema. */
export interface SettingMeta {
  description: string;
  /** Environment variable the setting is read from. */
  envVar: string;
  /** True when the value is a credential: never shown, masked by `getClientConfig`. */
  secret?: boolean;
  /** How the default is chosen when it depends on other settings. */
  defaultNote?: string;
}

// Environment values arrive as strings; typed overrides pass through untouched.
const fromNumberString = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);
const fromBooleanString = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
};

// Lists come from env as comma or newline separated text; blanks around items are layout,
// not content, so they are trimmed and empty items dropped.
const fromListString = (value: unknown): unknown =>
  typeof value === 'string'
    ? value
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter((item) => item !== '')
    : value;

function isUrl(value: string, protocols: readonly string[]): boolean {
  if (value.trim() !== value) return false;
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

const meta = (m: SettingMeta) => m as SettingMeta & Record<string, unknown>;

function buildSettingsSchema() {
  const z = loadZod();
  const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
    z.preprocess(
      fromNumberString,
      z
        .number({ error: 'must be a number' })
        .int({ error: 'must be a whole number' })
        .min(min, { error: min === 0 ? 'must not be negative' : `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );

  const boolean = () =>
    z.preprocess(
      fromBooleanString,
      z.boolean({ error: 'must be true or false (or 1/0, yes/no, on/off)' }),
    );

  const token = (what: string) =>
    z
      .string({ error: `must be a string` })
      .min(1, { error: `must not be empty` })
      .regex(/^\S*$/, { error: `${what} must not contain whitespace` });

  const httpUrl = z
    .string({ error: 'must be a string' })
    .refine((value) => isUrl(value, ['http:', 'https:']), {
      error: 'must be an absolute http(s) URL, e.g. https://api.openai.com/v1',
    });

  const redisUrl = z
    .string({ error: 'must be a string' })
    .refine((value) => isUrl(value, ['redis:', 'rediss:']), {
      error: 'must be a redis:// or rediss:// URL',
    });

  return z
    .object({
      apiKey: z
        .string({ error: 'must be a string' })
        .optional()
        .meta(
          meta({
            description:
              'API key. Checked for the shape of OpenAI keys when the provider is openai; any token for compatible servers. Goes first in the key pool.',
            envVar: 'OPENAI_API_KEY',
            secret: true,
          }),
        ),
      apiKeys: z
        .preprocess(
          fromListString,
          z.array(z.string({ error: 'must be a string' }), { error: 'must be a list of keys' }),
        )
        .default([])
        .meta(
          meta({
            description:
              'Pool of API keys for rotation (comma or newline separated in the environment). apiKey, when set, is added first.',
            envVar: 'OPENAI_API_KEYS',
            secret: true,
          }),
        ),
      baseURL: httpUrl.default('https://api.openai.com/v1').meta(
        meta({
          description:
            'Endpoint base URL: OpenAI, Azure OpenAI (https://<resource>.openai.azure.com/openai/...), or any compatible server (vLLM, Ollama, LM Studio ...).',
          envVar: 'OPENAI_BASE_URL',
        }),
      ),
      provider: z
        .enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(', ')}` })
        .optional()
        .meta(
          meta({
            description: 'Provider kind. Inferred from baseURL when unset.',
            envVar: 'AICLIENT_PROVIDER',
            defaultNote:
              'api.openai.com -> openai, *.openai.azure.com -> azure, anything else -> compatible',
          }),
        ),
      organization: token('an organization id')
        .optional()
        .meta(meta({ description: 'OpenAI organization id (org-...).', envVar: 'OPENAI_ORG_ID' })),
      project: token('a project id')
        .optional()
        .meta(meta({ description: 'OpenAI project id (proj_...).', envVar: 'OPENAI_PROJECT_ID' })),
      azureApiVersion: token('an API version')
        .optional()
        .meta(
          meta({
            description:
              'Azure OpenAI api-version query parameter; required for Azure unless baseURL uses the /openai/v1 API.',
            envVar: 'AZURE_OPENAI_API_VERSION',
          }),
        ),
      requireApiKey: boolean()
        .optional()
        .meta(
          meta({
            description:
              'Whether an API key is mandatory. Local compatible servers usually take none.',
            envVar: 'AICLIENT_REQUIRE_API_KEY',
            defaultNote: 'true, except false for a compatible provider on a loopback host',
          }),
        ),
      timeoutMs: integer(1)
        .default(60_000)
        .meta(
          meta({
            description: 'Deadline per call in milliseconds, across all attempts.',
            envVar: 'AICLIENT_TIMEOUT_MS',
          }),
        ),
      maxAttempts: integer(1, 20)
        .default(3)
        .meta(
          meta({
            description: 'Attempts per call including the first (1 disables retries).',
            envVar: 'AICLIENT_MAX_ATTEMPTS',
          }),
        ),
      retryBaseDelayMs: integer(0)
        .default(500)
        .meta(
          meta({
            description: 'First retry backoff in milliseconds (exponential with jitter).',
            envVar: 'AICLIENT_RETRY_BASE_DELAY_MS',
          }),
        ),
      retryMaxDelayMs: integer(0)
        .default(20_000)
        .meta(
          meta({
            description: 'Upper bound of one retry backoff in milliseconds.',
            envVar: 'AICLIENT_RETRY_MAX_DELAY_MS',
          }),
        ),
      streamFirstChunkTimeoutMs: integer(1)
        .default(30_000)
        .meta(
          meta({
            description: 'A stream fails if its first chunk takes longer (ms).',
            envVar: 'AICLIENT_STREAM_FIRST_CHUNK_TIMEOUT_MS',
          }),
        ),
      streamIdleTimeoutMs: integer(1)
        .default(30_000)
        .meta(
          meta({
            description: 'A stream fails if the gap between two chunks is longer (ms).',
            envVar: 'AICLIENT_STREAM_IDLE_TIMEOUT_MS',
          }),
        ),
      streamTotalTimeoutMs: integer(1)
        .default(600_000)
        .meta(
          meta({
            description: 'A stream fails if it lasts longer in total (ms).',
            envVar: 'AICLIENT_STREAM_TOTAL_TIMEOUT_MS',
          }),
        ),
      model: token('a model name')
        .default('gpt-4o-mini')
        .meta(meta({ description: 'Default model.', envVar: 'AICLIENT_MODEL' })),
      fallbackModels: z
        .preprocess(
          fromListString,
          z.array(token('a model name'), { error: 'must be a list of model names' }),
        )
        .default([])
        .meta(
          meta({
            description:
              'Models tried in order when the default model keeps failing (comma separated).',
            envVar: 'AICLIENT_FALLBACK_MODELS',
          }),
        ),
      rateLimitRpm: integer(1)
        .optional()
        .meta(
          meta({
            description: 'Client-side requests-per-minute limit; unset means no client-side limit.',
            envVar: 'AICLIENT_RATE_LIMIT_RPM',
          }),
        ),
      rateLimitTpm: integer(1)
        .optional()
        .meta(
          meta({
            description: 'Client-side tokens-per-minute limit; unset means no client-side limit.',
            envVar: 'AICLIENT_RATE_LIMIT_TPM',
          }),
        ),
      rateLimitMaxQueue: integer(0)
        .default(1000)
        .meta(
          meta({
            description:
              'Calls that may wait for the rate limiter before new ones are shed (AI-API-017).',
            envVar: 'AICLIENT_RATE_LIMIT_MAX_QUEUE',
          }),
        ),
      cacheEnabled: boolean()
        .default(false)
        .meta(
          meta({
            description: 'Cache identical non-streaming requests.',
            envVar: 'AICLIENT_CACHE',
          }),
        ),
      cacheTtlMs: integer(1)
        .default(300_000)
        .meta(
          meta({
            description: 'Cache entry lifetime in milliseconds.',
            envVar: 'AICLIENT_CACHE_TTL_MS',
          }),
        ),
      cacheMaxEntries: integer(1)
        .default(1000)
        .meta(
          meta({
            description: 'Entries kept by the in-memory cache.',
            envVar: 'AICLIENT_CACHE_MAX_ENTRIES',
          }),
        ),
      redisUrl: redisUrl.optional().meta(
        meta({
          description:
            'Redis for shared cache and rate-limit state across processes; unset keeps state in memory.',
          envVar: 'AICLIENT_REDIS_URL',
        }),
      ),
      logLevel: z
        .preprocess(
          (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
          z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
        )
        .default('info')
        .meta(meta({ description: 'Log level of the SDK logger.', envVar: 'AICLIENT_LOG_LEVEL' })),
      telemetryEnabled: boolean()
        .default(true)
        .meta(
          meta({
            description:
              'Emit OpenTelemetry spans and metrics (no-op until the app starts the SDK).',
            envVar: 'AICLIENT_TELEMETRY',
          }),
        ),
      captureMessageContent: boolean()
        .default(false)
        .meta(
          meta({
            description: 'Record prompts and completions on spans (may contain personal data).',
            envVar: 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT',
          }),
        ),
      verifyKey: boolean()
        .default(false)
        .meta(
          meta({
            description: 'Verify the key with GET /models when the client is created.',
            envVar: 'AICLIENT_VERIFY_KEY',
          }),
        ),
      serviceName: token('a service name')
        .default('aiclient')
        .meta(
          meta({ description: 'service.name for telemetry.', envVar: 'AICLIENT_SERVICE_NAME' }),
        ),
    })
    .strict();
}

/** The zod type of {@link settingsSchema}. */
export type SettingsSchema = ReturnType<typeof buildSettingsSchema>;

let built: SettingsSchema | undefined;

/** The schema itself, built on the first call (loading zod) and cached; what this package uses. */
export function getSettingsSchema(): SettingsSchema {
  built ??= buildSettingsSchema();
  return built;
}

/**
 * The one source of every setting's type, default, description and environment variable
 * (in `.meta()`). Accepts typed values and the strings environment variables hold.
 * `loadConfig` parses with it, then normalizes and applies cross-field rules.
 * Built, and zod loaded, on first use rather than at import (a stand-in forwarding to the schema).
 */
export const settingsSchema: SettingsSchema = lazyObject(getSettingsSchema);

/** What `loadConfig` accepts as overrides: any setting, typed. */
export type AIClientSettingsInput = Partial<z.output<typeof settingsSchema>>;

/** The effective, normalized settings `loadConfig` returns (frozen). */
export type AIClientSettings = Omit<
  z.output<typeof settingsSchema>,
  'provider' | 'requireApiKey' | 'apiKeys' | 'fallbackModels'
> & {
  provider: Provider;
  requireApiKey: boolean;
  /** The key pool, `apiKey` first, without duplicates. */
  apiKeys: readonly string[];
  fallbackModels: readonly string[];
};

/** Names of every setting. */
export type SettingName = keyof z.output<typeof settingsSchema>;
