import { clearOpenAIClientCache, getOpenAIClient, type PipelineLogger } from '@aiclient/client';
import { loadConfig, verifyApiKey } from '@aiclient/config';
import { AIError, serializeError } from '@aiclient/errors';
import { UsageTracker } from '@aiclient/telemetry';
import { createLogger } from '@aiclient/telemetry/node';
import { createTestTelemetry, type TestTelemetry } from '@aiclient/telemetry/testing';
import { type MockOpenAI, type RedisServer, startMockOpenAI } from '@aiclient/testkit';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOnSpanStage } from './broken-stages.ts';
import { createCanaryKey } from './canary-key.ts';
import { captureStream } from './capture-stream.ts';
import { dumpRedis } from './dump-redis.ts';
import { findSecret } from './find-secret.ts';
import { REDIS_MISSING, startRedis } from './start-redis.ts';

const canary = createCanaryKey();
const GOOD_KEY = 'sk-hygiene-good-key-aaaaaaaaaaaaaaaa';
const chat = (content = 'Say hello') => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content }],
  max_tokens: 8,
});

/** Runs `work` and returns what it threw (the test fails if it did not throw). */
async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** Everything an error exposes: itself (with causes), its JSON, its serialized forms. */
function errorViews(error: unknown): Record<string, unknown> {
  return {
    error,
    message: (error as Error).message,
    stack: (error as Error).stack,
    json: AIError.isInstance(error) ? error.toJSON() : undefined,
    serialized: serializeError(error),
    serializedWithStack: serializeError(error, { includeStack: true }),
  };
}

let mock: MockOpenAI;
let telemetry: TestTelemetry;

beforeAll(async () => {
  telemetry = createTestTelemetry();
  // The canary is never a valid key here: every path that sends it gets a 401.
  mock = await startMockOpenAI({
    keys: [GOOD_KEY],
    validateRequests: false,
    onWarning: () => undefined,
  });
});
afterAll(async () => {
  await clearOpenAIClientCache();
  await mock?.close();
  await telemetry?.shutdown();
});

describe('the canary key never leaves through', () => {
  it('config errors (damaged keys, keys in the wrong settings)', () => {
    const attempts = [
      { OPENAI_API_KEY: `${canary.key}\n` },
      { OPENAI_API_KEY: `"${canary.key}"` },
      { OPENAI_API_KEY: canary.key.slice(0, 40) },
      { OPENAI_API_KEY: `${canary.key} ` },
      { OPENAI_API_KEYS: `${GOOD_KEY},${canary.key}x` },
      { OPENAI_API_KEY: canary.key, OPENAI_BASE_URL: canary.key },
      { OPENAI_API_KEY: canary.key, AICLIENT_TIMEOUT_MS: canary.key },
      { OPENAI_API_KEY: canary.key, AICLIENT_PROVIDER: canary.key },
    ];
    for (const env of attempts) {
      const error = (() => {
        try {
          loadConfig({ env });
        } catch (thrown) {
          return thrown;
        }
        throw new Error(`expected ${Object.keys(env).join(',')} to fail`);
      })();
      expect(findSecret(errorViews(error), canary.body)).toEqual([]);
    }
  });

  it('key verification failures (401, unreachable, a fetch that throws the key back)', async () => {
    const rejected = await verifyApiKey(canary.key, { baseURL: mock.url, timeoutMs: 5_000 });
    expect(rejected.status).toBe('invalid');
    const unreachable = await verifyApiKey(canary.key, {
      baseURL: 'http://127.0.0.1:9/v1',
      timeoutMs: 2_000,
    });
    expect(unreachable.status).toBe('unreachable');
    const echoing = await verifyApiKey(canary.key, {
      baseURL: mock.url,
      fetch: async (_url, init) => {
        const auth = new Headers(init?.headers).get('authorization');
        throw new TypeError(`connect failed while sending ${auth}`);
      },
    });
    expect(findSecret({ rejected, unreachable, echoing }, canary.body)).toEqual([]);
  });

  it('401s, logs at debug, spans with content capture on, metrics and usage records', async () => {
    const log = captureStream();
    const logger = createLogger({ level: 'debug', format: 'json', stream: log.stream });
    const usage = new UsageTracker();
    const client = await getOpenAIClient({
      env: {},
      overrides: {
        apiKey: canary.key,
        baseURL: mock.url,
        provider: 'compatible',
        logLevel: 'debug',
        telemetryEnabled: true,
        captureMessageContent: true,
        maxAttempts: 2,
        retryBaseDelayMs: 5,
      },
      logger,
      usageTracker: usage,
    });
    const chatError = await failure(() => client.chat.completions.create(chat()));
    expect(AIError.isInstance(chatError) && chatError.code).toBe('AI-API-001');
    const streamError = await failure(async () => {
      const stream = await client.chat.completions.create({ ...chat(), stream: true });
      for await (const _chunk of stream) {
        // drain
      }
    });
    const embeddingsError = await failure(() =>
      client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }),
    );
    // A request whose body mentions the key (a user pasting it) must not leak it either.
    const pasted = await failure(() =>
      client.chat.completions.create(chat(`my key is ${canary.key}, is it valid?`)),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const places = {
      ...errorViews(chatError),
      streamError: errorViews(streamError),
      embeddingsError: errorViews(embeddingsError),
      pastedError: errorViews(pasted),
      logs: log.text(),
      spans: telemetry.spans().map((span) => ({
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        status: span.status,
        links: span.links,
        resource: span.resource.attributes,
      })),
      metrics: await telemetry.collectMetrics(),
      usage: usage.snapshot(),
      // What the server saw in headers (the body legitimately carries the pasted prompt).
      recordedHeaders: mock.requests().map((request) => request.headers),
    };
    expect(log.text().length).toBeGreaterThan(0);
    expect(telemetry.spans().length).toBeGreaterThan(0);
    expect(findSecret(places, canary.body)).toEqual([]);
  });

  it('client creation with key verification on (AI-CLIENT-003)', async () => {
    const log = captureStream();
    const error = await failure(() =>
      getOpenAIClient({
        env: {},
        overrides: {
          apiKey: canary.key,
          baseURL: mock.url,
          provider: 'compatible',
          verifyKey: true,
        },
        logger: createLogger({ level: 'debug', format: 'json', stream: log.stream }),
      }),
    );
    expect(AIError.isInstance(error) && error.code).toBe('AI-CLIENT-003');
    expect(findSecret({ ...errorViews(error), logs: log.text() }, canary.body)).toEqual([]);
  });

  it('serialized errors whose causes carry the key', () => {
    const cause = new TypeError(`fetch failed: Authorization: Bearer ${canary.key}`);
    (cause as { cause?: unknown }).cause = new Error(`inner ${canary.key}`);
    const error = new AIError({
      code: 'AI-API-011',
      message: `connection error for key ${canary.key}`,
      cause,
      context: {
        details: { apiKey: canary.key, headers: { authorization: `Bearer ${canary.key}` } },
      },
    });
    expect(
      findSecret(
        {
          json: error.toJSON(),
          serialized: serializeError(error),
          withStack: serializeError(error, { includeStack: true }),
          foreign: serializeError(cause, { includeStack: true }),
        },
        canary.body,
      ),
    ).toEqual([]);
  });
});

describe('the canary key never reaches Redis (cache keys and values, shared state)', () => {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    // Rejects (fails the suite) when CI / AICLIENT_REQUIRE_REDIS=1 requires Redis.
    redis = await startRedis();
    if (redis === undefined) console.warn(REDIS_MISSING);
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('after cached calls, key-pool state and a 401', async (context) => {
    if (redis === undefined) {
      context.annotate(REDIS_MISSING);
      return;
    }
    const good = await getOpenAIClient({
      env: {},
      overrides: {
        apiKey: GOOD_KEY,
        apiKeys: [GOOD_KEY, canary.key],
        baseURL: mock.url,
        provider: 'compatible',
        cacheEnabled: true,
        redisUrl: redis.url,
        fallbackModels: ['gpt-4o'],
        telemetryEnabled: false,
        logLevel: 'off',
      },
    });
    for (let i = 0; i < 6; i++) {
      await (good as OpenAI).chat.completions
        .create(chat(`cache me ${i % 3}`))
        .catch(() => undefined);
    }
    const dump = await dumpRedis(redis.url);
    expect(Object.keys(dump).length).toBeGreaterThan(0);
    expect(findSecret({ redis: dump }, canary.body)).toEqual([]);
  });
});

describe('the hygiene check fails when a secret leaks on purpose', () => {
  it('finds the key in the output of a logger that prints it', async () => {
    const log = captureStream();
    const inner = createLogger({ level: 'debug', format: 'json', stream: log.stream });
    // A broken logger: writes the key straight to the stream, past winston's redaction.
    const leaky: PipelineLogger = {
      error: (message, ...rest) => inner.error(message, ...rest),
      warn: (message, ...rest) => inner.warn(message, ...rest),
      info: (message, ...rest) => inner.info(message, ...rest),
      debug: (message, ...rest) => {
        log.stream.write(`${message} using ${canary.key}\n`);
        inner.debug(message, ...rest);
      },
    };
    const client = await getOpenAIClient({
      env: {},
      overrides: {
        apiKey: canary.key,
        baseURL: mock.url,
        provider: 'compatible',
        logLevel: 'debug',
      },
      logger: leaky,
    });
    await failure(() => client.chat.completions.create(chat()));
    const findings = findSecret({ logs: log.text() }, canary.body);
    expect(findings.map((finding) => finding.place)).toEqual(['logs']);
    expect(findings[0]?.excerpt).not.toContain(canary.body);
  });

  it('finds the key on the spans of a stage that records it', async () => {
    telemetry.reset();
    const client = await getOpenAIClient({
      env: {},
      overrides: {
        apiKey: canary.key,
        baseURL: mock.url,
        provider: 'compatible',
        telemetryEnabled: true,
        logLevel: 'off',
      },
      stages: [keyOnSpanStage()],
    });
    await failure(() => client.chat.completions.create(chat()));
    const spans = telemetry
      .spans()
      .map((span) => ({ name: span.name, attributes: span.attributes }));
    expect(findSecret({ spans }, canary.body).map((finding) => finding.place)).toEqual(['spans']);
  });

  it('finds a partial key (a truncated copy) and a key inside an error cause', () => {
    const error = new Error('outer', { cause: new Error(`inner ${canary.key.slice(0, 30)}`) });
    expect(findSecret({ error }, canary.body).map((f) => f.place)).toEqual(['error']);
  });
});
