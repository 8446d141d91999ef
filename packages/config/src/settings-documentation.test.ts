import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsDocumentation } from './settings-documentation';
import { settingsSchema } from './settings-schema';

const EXPECTED_ENV: Record<string, string> = {
  apiKey: 'OPENAI_API_KEY',
  apiKeys: 'OPENAI_API_KEYS',
  baseURL: 'OPENAI_BASE_URL',
  provider: 'AICLIENT_PROVIDER',
  organization: 'OPENAI_ORG_ID',
  project: 'OPENAI_PROJECT_ID',
  azureApiVersion: 'AZURE_OPENAI_API_VERSION',
  requireApiKey: 'AICLIENT_REQUIRE_API_KEY',
  timeoutMs: 'AICLIENT_TIMEOUT_MS',
  maxAttempts: 'AICLIENT_MAX_ATTEMPTS',
  retryBaseDelayMs: 'AICLIENT_RETRY_BASE_DELAY_MS',
  retryMaxDelayMs: 'AICLIENT_RETRY_MAX_DELAY_MS',
  streamFirstChunkTimeoutMs: 'AICLIENT_STREAM_FIRST_CHUNK_TIMEOUT_MS',
  streamIdleTimeoutMs: 'AICLIENT_STREAM_IDLE_TIMEOUT_MS',
  streamTotalTimeoutMs: 'AICLIENT_STREAM_TOTAL_TIMEOUT_MS',
  model: 'AICLIENT_MODEL',
  fallbackModels: 'AICLIENT_FALLBACK_MODELS',
  rateLimitRpm: 'AICLIENT_RATE_LIMIT_RPM',
  rateLimitTpm: 'AICLIENT_RATE_LIMIT_TPM',
  rateLimitMaxQueue: 'AICLIENT_RATE_LIMIT_MAX_QUEUE',
  cacheEnabled: 'AICLIENT_CACHE',
  cacheTtlMs: 'AICLIENT_CACHE_TTL_MS',
  cacheMaxEntries: 'AICLIENT_CACHE_MAX_ENTRIES',
  redisUrl: 'AICLIENT_REDIS_URL',
  logLevel: 'AICLIENT_LOG_LEVEL',
  telemetryEnabled: 'AICLIENT_TELEMETRY',
  captureMessageContent: 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT',
  verifyKey: 'AICLIENT_VERIFY_KEY',
  serviceName: 'AICLIENT_SERVICE_NAME',
};

describe('settingsDocumentation', () => {
  const docs = settingsDocumentation();

  it('lists every schema field once, with its env var', () => {
    expect(docs.map((doc) => doc.option)).toEqual(Object.keys(settingsSchema.shape));
    expect(Object.fromEntries(docs.map((doc) => [doc.option, doc.envVar]))).toEqual(EXPECTED_ENV);
  });

  it('carries defaults, types, descriptions and secrecy from the schema', () => {
    const byName = Object.fromEntries(docs.map((doc) => [doc.option, doc]));
    expect(byName.timeoutMs).toMatchObject({ default: 60_000, type: 'integer' });
    expect(byName.model).toMatchObject({ default: 'gpt-4o-mini', type: 'string' });
    expect(byName.cacheEnabled).toMatchObject({ default: false, type: 'boolean' });
    expect(byName.fallbackModels).toMatchObject({ default: [], type: 'array' });
    expect(byName.logLevel).toMatchObject({ default: 'info', type: 'string' });
    expect(byName.apiKey).toMatchObject({ default: undefined, secret: true });
    expect(byName.provider?.defaultNote).toMatch(/api\.openai\.com -> openai/);
    for (const doc of docs) expect(doc.description.length, doc.option).toBeGreaterThan(10);
  });
});

describe('README configuration table', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\|\s*`([A-Za-z]+)`\s*\|\s*`([A-Z_]+)`\s*\|([^\n]*)$/gm)];

  it('documents exactly the schema settings, in order, with their env vars and defaults', () => {
    const docs = settingsDocumentation();
    expect(rows.map((row) => [row[1], row[2]])).toEqual(
      docs.map((doc) => [doc.option, doc.envVar]),
    );
    for (const [index, doc] of docs.entries()) {
      const defaultCell = rows[index]?.[3]?.split('|')[0]?.trim();
      const expected =
        doc.default === undefined
          ? doc.defaultNote === undefined
            ? 'unset'
            : 'derived'
          : `\`${JSON.stringify(doc.default)}\``;
      expect(defaultCell, doc.option).toBe(expected);
    }
  });
});
