import { AIConfigError, type ConfigIssue } from '@aiclient/errors';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config';
import type { AIClientSettingsInput } from './settings-schema';

// Property tests run on a fixed seed, so CI sees the same cases every run; a failure prints
// the seed and path that reproduce it (change the seed here to explore other cases).
const PROPERTY_SEED = 2026;

const KEY = `sk-proj-${'Kq7_x-'.repeat(26)}WXYZ`;
const KEY2 = `sk-svcacct-${'Mn3pQ9'.repeat(26)}LMNO`;
const LEGACY = `sk-${'aB3dE5gH7jK9'.repeat(4)}`;

type Env = Record<string, string | undefined>;

function issuesOf(env: Env, overrides?: AIClientSettingsInput): ConfigIssue[] {
  try {
    loadConfig(overrides === undefined ? { env } : { env, overrides });
  } catch (err) {
    expect(err).toBeInstanceOf(AIConfigError);
    expect(AIConfigError.isInstance(err)).toBe(true);
    expect((err as AIConfigError).code).toBe('AI-CONFIG-001');
    return [...(err as AIConfigError).issues];
  }
  throw new Error('loadConfig did not throw');
}

describe('loadConfig: valid input', () => {
  it('applies every default with just a key', () => {
    const settings = loadConfig({ env: { OPENAI_API_KEY: KEY } });
    expect(settings).toEqual({
      apiKey: KEY,
      apiKeys: [KEY],
      baseURL: 'https://api.openai.com/v1',
      provider: 'openai',
      requireApiKey: true,
      timeoutMs: 60_000,
      maxAttempts: 3,
      retryBaseDelayMs: 500,
      retryMaxDelayMs: 20_000,
      streamFirstChunkTimeoutMs: 30_000,
      streamIdleTimeoutMs: 30_000,
      streamTotalTimeoutMs: 600_000,
      model: 'gpt-4o-mini',
      fallbackModels: [],
      rateLimitMaxQueue: 1000,
      cacheEnabled: false,
      cacheTtlMs: 300_000,
      cacheMaxEntries: 1000,
      logLevel: 'info',
      telemetryEnabled: true,
      captureMessageContent: false,
      verifyKey: false,
      serviceName: 'aiclient',
    });
  });

  it('returns a deeply frozen object', () => {
    const settings = loadConfig({
      env: { OPENAI_API_KEY: KEY, AICLIENT_FALLBACK_MODELS: 'gpt-4o' },
    });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings.apiKeys)).toBe(true);
    expect(Object.isFrozen(settings.fallbackModels)).toBe(true);
    expect(() => {
      (settings as { timeoutMs: number }).timeoutMs = 1;
    }).toThrow(TypeError);
  });

  it('parses every environment variable', () => {
    const settings = loadConfig({
      env: {
        OPENAI_API_KEY: KEY,
        OPENAI_API_KEYS: `${KEY2}\n${LEGACY}`,
        OPENAI_BASE_URL: 'https://api.openai.com/v1/',
        OPENAI_ORG_ID: 'org-abc',
        OPENAI_PROJECT_ID: 'proj_abc',
        AICLIENT_TIMEOUT_MS: '15000',
        AICLIENT_MAX_ATTEMPTS: '5',
        AICLIENT_RETRY_BASE_DELAY_MS: '0',
        AICLIENT_RETRY_MAX_DELAY_MS: '1000',
        AICLIENT_STREAM_FIRST_CHUNK_TIMEOUT_MS: '1000',
        AICLIENT_STREAM_IDLE_TIMEOUT_MS: '2000',
        AICLIENT_STREAM_TOTAL_TIMEOUT_MS: '3000',
        AICLIENT_MODEL: 'gpt-4o',
        AICLIENT_FALLBACK_MODELS: 'gpt-4o-mini, gpt-4.1-mini',
        AICLIENT_RATE_LIMIT_RPM: '60',
        AICLIENT_RATE_LIMIT_TPM: '90000',
        AICLIENT_RATE_LIMIT_MAX_QUEUE: '0',
        AICLIENT_CACHE: 'yes',
        AICLIENT_CACHE_TTL_MS: '1000',
        AICLIENT_CACHE_MAX_ENTRIES: '10',
        AICLIENT_REDIS_URL: 'rediss://cache.internal:6380',
        AICLIENT_LOG_LEVEL: 'DEBUG',
        AICLIENT_TELEMETRY: 'off',
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
        AICLIENT_VERIFY_KEY: '1',
        AICLIENT_SERVICE_NAME: 'checkout',
      },
    });
    expect(settings).toMatchObject({
      apiKey: KEY,
      apiKeys: [KEY, KEY2, LEGACY],
      baseURL: 'https://api.openai.com/v1',
      organization: 'org-abc',
      project: 'proj_abc',
      timeoutMs: 15_000,
      maxAttempts: 5,
      retryBaseDelayMs: 0,
      retryMaxDelayMs: 1000,
      streamFirstChunkTimeoutMs: 1000,
      streamIdleTimeoutMs: 2000,
      streamTotalTimeoutMs: 3000,
      model: 'gpt-4o',
      fallbackModels: ['gpt-4o-mini', 'gpt-4.1-mini'],
      rateLimitRpm: 60,
      rateLimitTpm: 90_000,
      rateLimitMaxQueue: 0,
      cacheEnabled: true,
      cacheTtlMs: 1000,
      cacheMaxEntries: 10,
      redisUrl: 'rediss://cache.internal:6380',
      logLevel: 'debug',
      telemetryEnabled: false,
      captureMessageContent: true,
      verifyKey: true,
      serviceName: 'checkout',
    });
  });

  it('lets overrides win over the environment, field by field', () => {
    const settings = loadConfig({
      env: { OPENAI_API_KEY: KEY, AICLIENT_TIMEOUT_MS: '1000', AICLIENT_MODEL: 'gpt-4o' },
      overrides: { timeoutMs: 5000, cacheEnabled: false, rateLimitRpm: undefined },
    });
    expect(settings.timeoutMs).toBe(5000);
    expect(settings.model).toBe('gpt-4o');
    expect(settings.cacheEnabled).toBe(false);
    expect('rateLimitRpm' in settings).toBe(false);
  });

  it('treats empty environment values as unset', () => {
    const settings = loadConfig({
      env: {
        OPENAI_API_KEY: KEY,
        AICLIENT_TIMEOUT_MS: '',
        AICLIENT_MODEL: '  ',
        OPENAI_ORG_ID: '',
      },
    });
    expect(settings.timeoutMs).toBe(60_000);
    expect(settings.model).toBe('gpt-4o-mini');
    expect(settings.organization).toBeUndefined();
  });

  it('builds the pool with apiKey first and drops apiKey repeated in the list', () => {
    const settings = loadConfig({
      env: { OPENAI_API_KEY: KEY2, OPENAI_API_KEYS: `${KEY},${KEY2}` },
    });
    expect(settings.apiKeys).toEqual([KEY2, KEY]);
    expect(settings.apiKey).toBe(KEY2);
    const fromList = loadConfig({ env: { OPENAI_API_KEYS: `${KEY}, ${KEY2},` } });
    expect(fromList.apiKey).toBe(KEY);
    expect(fromList.apiKeys).toEqual([KEY, KEY2]);
  });

  it('takes any token and no key for a compatible server on loopback', () => {
    const local = loadConfig({ env: { OPENAI_BASE_URL: 'http://localhost:11434/v1' } });
    expect(local).toMatchObject({ provider: 'compatible', requireApiKey: false, apiKeys: [] });
    expect(local.apiKey).toBeUndefined();
    const withToken = loadConfig({
      env: { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1', OPENAI_API_KEY: 'token-abc' },
    });
    expect(withToken.apiKey).toBe('token-abc');
  });

  it('infers azure, accepts Azure keys and the v1 API without api-version', () => {
    const azureKey = '0123456789abcdef0123456789abcdef';
    const v1 = loadConfig({
      env: { OPENAI_BASE_URL: 'https://res.openai.azure.com/openai/v1', OPENAI_API_KEY: azureKey },
    });
    expect(v1.provider).toBe('azure');
    const dated = loadConfig({
      env: {
        OPENAI_BASE_URL: 'https://res.openai.azure.com/openai/deployments/gpt4o',
        OPENAI_API_KEY: azureKey,
        AZURE_OPENAI_API_VERSION: '2024-10-21',
      },
    });
    expect(dated.azureApiVersion).toBe('2024-10-21');
  });

  it('honours an explicit provider and requireApiKey', () => {
    const settings = loadConfig({
      env: { OPENAI_BASE_URL: 'https://gateway.example.com/v1', AICLIENT_PROVIDER: 'compatible' },
      overrides: { requireApiKey: false },
    });
    expect(settings).toMatchObject({ provider: 'compatible', requireApiKey: false });
  });

  it('a remote compatible server requires a key but not an OpenAI-shaped one', () => {
    expect(() => loadConfig({ env: { OPENAI_BASE_URL: 'https://api.together.xyz/v1' } })).toThrow(
      AIConfigError,
    );
    const settings = loadConfig({
      env: { OPENAI_BASE_URL: 'https://api.together.xyz/v1', OPENAI_API_KEY: 'tgp_v1_abc' },
    });
    expect(settings.apiKey).toBe('tgp_v1_abc');
  });
});

describe('loadConfig: process.env', () => {
  afterEach(() => {
    delete process.env.AICLIENT_SERVICE_NAME;
    delete process.env.OPENAI_API_KEY;
  });

  it('reads process.env when called, not at import', () => {
    process.env.OPENAI_API_KEY = KEY;
    process.env.AICLIENT_SERVICE_NAME = 'from-process-env';
    expect(loadConfig().serviceName).toBe('from-process-env');
  });
});

interface BadCase {
  name: string;
  env?: Env;
  overrides?: Record<string, unknown>;
  path: string;
  envVar?: string;
  code: string;
  message: RegExp;
}

const K = { OPENAI_API_KEY: KEY };

const BAD: BadCase[] = [
  {
    name: 'missing key',
    env: {},
    path: 'apiKey',
    envVar: 'OPENAI_API_KEY',
    code: 'AI-CLIENT-001',
    message: /is required for provider openai/,
  },
  {
    name: 'empty key override',
    env: {},
    overrides: { apiKey: '' },
    path: 'apiKey',
    envVar: 'OPENAI_API_KEY',
    code: 'AI-CLIENT-002',
    message: /is empty/,
  },
  {
    name: 'key with trailing newline',
    env: { OPENAI_API_KEY: `${KEY}\n` },
    path: 'apiKey',
    envVar: 'OPENAI_API_KEY',
    code: 'AI-CLIENT-002',
    message: /line break/,
  },
  {
    name: 'key in quotes',
    env: { OPENAI_API_KEY: `"${KEY}"` },
    path: 'apiKey',
    envVar: 'OPENAI_API_KEY',
    code: 'AI-CLIENT-002',
    message: /quote/,
  },
  {
    name: 'key with wrong prefix',
    env: { OPENAI_API_KEY: `pk-${KEY.slice(3)}` },
    path: 'apiKey',
    envVar: 'OPENAI_API_KEY',
    code: 'AI-CLIENT-002',
    message: /known prefix/,
  },
  {
    name: 'truncated key',
    env: { OPENAI_API_KEY: KEY.slice(0, 60) },
    path: 'apiKey',
    envVar: 'OPENAI_API_KEY',
    code: 'AI-CLIENT-002',
    message: /truncated/,
  },
  {
    name: 'malformed key in the pool',
    env: { OPENAI_API_KEYS: `${KEY},sk-short` },
    path: 'apiKeys[1]',
    envVar: 'OPENAI_API_KEYS',
    code: 'AI-CLIENT-002',
    message: /truncated/,
  },
  {
    name: 'duplicated keys in the pool',
    env: { OPENAI_API_KEYS: `${KEY},${KEY2},${KEY}` },
    path: 'apiKeys[2]',
    envVar: 'OPENAI_API_KEYS',
    code: 'AI-CONFIG-001',
    message: /duplicates apiKeys\[0\]/,
  },
  {
    name: 'whitespace in a compatible key',
    env: { OPENAI_BASE_URL: 'http://localhost:8000/v1', OPENAI_API_KEY: 'abc def' },
    path: 'apiKey',
    envVar: 'OPENAI_API_KEY',
    code: 'AI-CLIENT-002',
    message: /whitespace/,
  },
  {
    name: 'malformed URL',
    env: { ...K, OPENAI_BASE_URL: 'api.openai.com/v1' },
    path: 'baseURL',
    envVar: 'OPENAI_BASE_URL',
    code: 'AI-CONFIG-001',
    message: /absolute http\(s\) URL/,
  },
  {
    name: 'non-http URL',
    env: { ...K, OPENAI_BASE_URL: 'ftp://example.com/v1' },
    path: 'baseURL',
    envVar: 'OPENAI_BASE_URL',
    code: 'AI-CONFIG-001',
    message: /absolute http\(s\) URL/,
  },
  {
    name: 'plain http to OpenAI',
    env: { ...K, OPENAI_BASE_URL: 'http://api.openai.com/v1' },
    path: 'baseURL',
    envVar: 'OPENAI_BASE_URL',
    code: 'AI-CONFIG-001',
    message: /must use https/,
  },
  {
    name: 'credentials in the URL',
    env: { OPENAI_BASE_URL: 'https://user:pw@gateway.example.com/v1', OPENAI_API_KEY: 'tok' },
    path: 'baseURL',
    envVar: 'OPENAI_BASE_URL',
    code: 'AI-CONFIG-001',
    message: /must not embed credentials/,
  },
  {
    name: 'unknown provider',
    env: { ...K, AICLIENT_PROVIDER: 'anthropic' },
    path: 'provider',
    envVar: 'AICLIENT_PROVIDER',
    code: 'AI-CONFIG-001',
    message: /must be one of openai, azure, compatible/,
  },
  {
    name: 'negative timeout',
    env: { ...K, AICLIENT_TIMEOUT_MS: '-1' },
    path: 'timeoutMs',
    envVar: 'AICLIENT_TIMEOUT_MS',
    code: 'AI-CONFIG-001',
    message: /must be at least 1/,
  },
  {
    name: 'non-numeric timeout',
    env: { ...K, AICLIENT_TIMEOUT_MS: '30s' },
    path: 'timeoutMs',
    envVar: 'AICLIENT_TIMEOUT_MS',
    code: 'AI-CONFIG-001',
    message: /must be a number/,
  },
  {
    name: 'fractional attempts',
    env: { ...K, AICLIENT_MAX_ATTEMPTS: '2.5' },
    path: 'maxAttempts',
    envVar: 'AICLIENT_MAX_ATTEMPTS',
    code: 'AI-CONFIG-001',
    message: /whole number/,
  },
  {
    name: 'zero attempts',
    overrides: { maxAttempts: 0 },
    env: K,
    path: 'maxAttempts',
    envVar: 'AICLIENT_MAX_ATTEMPTS',
    code: 'AI-CONFIG-001',
    message: /at least 1/,
  },
  {
    name: 'too many attempts',
    env: { ...K, AICLIENT_MAX_ATTEMPTS: '100' },
    path: 'maxAttempts',
    envVar: 'AICLIENT_MAX_ATTEMPTS',
    code: 'AI-CONFIG-001',
    message: /at most 20/,
  },
  {
    name: 'negative retry delay',
    env: { ...K, AICLIENT_RETRY_BASE_DELAY_MS: '-5' },
    path: 'retryBaseDelayMs',
    envVar: 'AICLIENT_RETRY_BASE_DELAY_MS',
    code: 'AI-CONFIG-001',
    message: /must not be negative/,
  },
  {
    name: 'max delay below base delay',
    env: { ...K, AICLIENT_RETRY_BASE_DELAY_MS: '5000', AICLIENT_RETRY_MAX_DELAY_MS: '1000' },
    path: 'retryMaxDelayMs',
    envVar: 'AICLIENT_RETRY_MAX_DELAY_MS',
    code: 'AI-CONFIG-001',
    message: /less than retryBaseDelayMs/,
  },
  {
    name: 'first-chunk timeout above total',
    env: {
      ...K,
      AICLIENT_STREAM_FIRST_CHUNK_TIMEOUT_MS: '9000',
      AICLIENT_STREAM_TOTAL_TIMEOUT_MS: '5000',
      AICLIENT_STREAM_IDLE_TIMEOUT_MS: '100',
    },
    path: 'streamFirstChunkTimeoutMs',
    envVar: 'AICLIENT_STREAM_FIRST_CHUNK_TIMEOUT_MS',
    code: 'AI-CONFIG-001',
    message: /exceed streamTotalTimeoutMs/,
  },
  {
    name: 'unknown log level',
    env: { ...K, AICLIENT_LOG_LEVEL: 'verbose' },
    path: 'logLevel',
    envVar: 'AICLIENT_LOG_LEVEL',
    code: 'AI-CONFIG-001',
    message: /must be one of off, error, warn, info, debug/,
  },
  {
    name: 'bad boolean',
    env: { ...K, AICLIENT_CACHE: 'maybe' },
    path: 'cacheEnabled',
    envVar: 'AICLIENT_CACHE',
    code: 'AI-CONFIG-001',
    message: /true or false/,
  },
  {
    name: 'bad telemetry switch',
    env: { ...K, AICLIENT_TELEMETRY: 'enabled' },
    path: 'telemetryEnabled',
    envVar: 'AICLIENT_TELEMETRY',
    code: 'AI-CONFIG-001',
    message: /true or false/,
  },
  {
    name: 'zero rpm',
    env: { ...K, AICLIENT_RATE_LIMIT_RPM: '0' },
    path: 'rateLimitRpm',
    envVar: 'AICLIENT_RATE_LIMIT_RPM',
    code: 'AI-CONFIG-001',
    message: /at least 1/,
  },
  {
    name: 'negative queue',
    env: { ...K, AICLIENT_RATE_LIMIT_MAX_QUEUE: '-1' },
    path: 'rateLimitMaxQueue',
    envVar: 'AICLIENT_RATE_LIMIT_MAX_QUEUE',
    code: 'AI-CONFIG-001',
    message: /must not be negative/,
  },
  {
    name: 'zero cache TTL',
    env: { ...K, AICLIENT_CACHE_TTL_MS: '0' },
    path: 'cacheTtlMs',
    envVar: 'AICLIENT_CACHE_TTL_MS',
    code: 'AI-CONFIG-001',
    message: /at least 1/,
  },
  {
    name: 'non-redis Redis URL',
    env: { ...K, AICLIENT_REDIS_URL: 'http://cache:6379' },
    path: 'redisUrl',
    envVar: 'AICLIENT_REDIS_URL',
    code: 'AI-CONFIG-001',
    message: /redis:\/\/ or rediss:\/\//,
  },
  {
    name: 'model with spaces',
    env: { ...K, AICLIENT_MODEL: 'gpt 4o' },
    path: 'model',
    envVar: 'AICLIENT_MODEL',
    code: 'AI-CONFIG-001',
    message: /must not contain whitespace/,
  },
  {
    name: 'fallback repeating the model',
    env: { ...K, AICLIENT_FALLBACK_MODELS: 'gpt-4o,gpt-4o-mini' },
    path: 'fallbackModels[1]',
    envVar: 'AICLIENT_FALLBACK_MODELS',
    code: 'AI-CONFIG-001',
    message: /repeats the default model/,
  },
  {
    name: 'fallback listed twice',
    env: { ...K, AICLIENT_FALLBACK_MODELS: 'gpt-4o,gpt-4o' },
    path: 'fallbackModels[1]',
    envVar: 'AICLIENT_FALLBACK_MODELS',
    code: 'AI-CONFIG-001',
    message: /listed twice/,
  },
  {
    name: 'organization without org- prefix',
    env: { ...K, OPENAI_ORG_ID: 'acme' },
    path: 'organization',
    envVar: 'OPENAI_ORG_ID',
    code: 'AI-CONFIG-001',
    message: /must start with "org-"/,
  },
  {
    name: 'project without proj_ prefix',
    env: { ...K, OPENAI_PROJECT_ID: 'my-project' },
    path: 'project',
    envVar: 'OPENAI_PROJECT_ID',
    code: 'AI-CONFIG-001',
    message: /must start with "proj_"/,
  },
  {
    name: 'azure without api-version',
    env: {
      OPENAI_BASE_URL: 'https://res.openai.azure.com/openai/deployments/x',
      OPENAI_API_KEY: '0123456789abcdef0123456789abcdef',
    },
    path: 'azureApiVersion',
    envVar: 'AZURE_OPENAI_API_VERSION',
    code: 'AI-CONFIG-001',
    message: /required for Azure/,
  },
  {
    name: 'empty service name override',
    env: K,
    overrides: { serviceName: '' },
    path: 'serviceName',
    envVar: 'AICLIENT_SERVICE_NAME',
    code: 'AI-CONFIG-001',
    message: /must not be empty/,
  },
  {
    name: 'wrong override type',
    env: K,
    overrides: { timeoutMs: '5s' },
    path: 'timeoutMs',
    envVar: 'AICLIENT_TIMEOUT_MS',
    code: 'AI-CONFIG-001',
    message: /must be a number/,
  },
  {
    name: 'unknown override (typo)',
    env: K,
    overrides: { timeout: 5000 },
    path: 'timeout',
    code: 'AI-CONFIG-001',
    message: /not a known option/,
  },
];

describe('loadConfig: bad input', () => {
  it('has at least 25 cases', () => {
    expect(BAD.length).toBeGreaterThanOrEqual(25);
  });

  it.each(BAD)(
    '$name -> $code at $path',
    ({ env = {}, overrides, path, envVar, code, message }) => {
      const issues = issuesOf(env, overrides as AIClientSettingsInput);
      expect(issues).toHaveLength(1);
      const [issue] = issues;
      expect(issue?.path).toBe(path);
      expect(issue?.envVar).toBe(envVar);
      expect(issue?.code).toBe(code);
      expect(issue?.message).toMatch(message);
    },
  );

  it('names option and env var in the error message and never a key value', () => {
    const badKey = `${KEY}\n`;
    try {
      loadConfig({ env: { OPENAI_API_KEY: badKey, OPENAI_API_KEYS: `${KEY2},${KEY2}` } });
      expect.unreachable();
    } catch (err) {
      const error = err as AIConfigError;
      expect(error.message).toContain('apiKey (OPENAI_API_KEY)');
      expect(error.message).toContain('apiKeys[1] (OPENAI_API_KEYS)');
      const everything = JSON.stringify({
        message: error.message,
        issues: error.issues,
        json: error.toJSON(),
      });
      expect(everything).not.toContain(KEY.slice(8, 40));
      expect(everything).not.toContain(KEY2.slice(11, 40));
    }
  });

  it('reports every issue at once', () => {
    const issues = issuesOf({
      OPENAI_API_KEY: 'nope',
      OPENAI_BASE_URL: 'https://api.openai.com/v1',
      AICLIENT_TIMEOUT_MS: '-1',
      AICLIENT_LOG_LEVEL: 'loud',
      AICLIENT_CACHE: 'sometimes',
      AICLIENT_REDIS_URL: 'localhost',
      AICLIENT_FALLBACK_MODELS: 'gpt-4o-mini',
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'timeoutMs',
      'cacheEnabled',
      'redisUrl',
      'logLevel',
      'apiKey',
      'fallbackModels[0]',
    ]);
  });

  it('rejects overrides that are not an object', () => {
    const issues = issuesOf(K, 'x' as unknown as AIClientSettingsInput);
    expect(issues).toEqual([{ path: 'overrides', message: 'must be an object of settings' }]);
  });
});

describe('loadConfig (properties)', () => {
  const body = fc
    .array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'), {
      minLength: 20,
      maxLength: 200,
    })
    .map((chars) => chars.join(''));
  const damage = fc.constantFrom('\n', ' ', '"', "'", '\t', '');
  const prefix = fc.constantFrom('sk-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-', 'pk-', '');

  it('never puts a key value into the thrown error, whatever is wrong with it', () => {
    fc.assert(
      fc.property(prefix, body, damage, fc.boolean(), (pre, rest, bad, inPool) => {
        const key = `${pre}${rest}${bad}`;
        const env = inPool
          ? { OPENAI_API_KEYS: `${KEY},${key}`, AICLIENT_TIMEOUT_MS: '-1' }
          : { OPENAI_API_KEY: key, AICLIENT_TIMEOUT_MS: '-1' };
        try {
          loadConfig({ env });
          expect.unreachable();
        } catch (err) {
          const error = err as AIConfigError;
          const text = JSON.stringify([
            error.message,
            error.issues,
            error.toJSON(),
            String(error.stack),
          ]);
          expect(text).not.toContain(rest);
          expect(text).not.toContain(KEY.slice(8, 40));
        }
      }),
      { numRuns: 200, seed: PROPERTY_SEED },
    );
  });
});
