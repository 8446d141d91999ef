import { AIClientError, AIError } from '@aiclient/errors';
import { type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger, TEST_KEY } from '../test-support/mock-settings';
import { clearOpenAIClientCache, getOpenAIClient } from './get-openai-client';

let mock: MockOpenAI;

beforeAll(async () => {
  mock = await startMockOpenAI({ keys: [TEST_KEY] });
});

afterAll(async () => {
  await mock.close();
});

afterEach(async () => {
  await clearOpenAIClientCache();
  mock.clearRequests();
});

function options(extra: Record<string, unknown> = {}) {
  return {
    env: {},
    overrides: {
      baseURL: mock.url,
      provider: 'compatible' as const,
      apiKey: TEST_KEY,
      logLevel: 'off' as const,
      ...extra,
    },
  };
}

describe('getOpenAIClient', () => {
  it('returns the official SDK client, validated against the spec by the mock', async () => {
    const client = await getOpenAIClient(options());
    expect(client).toBeInstanceOf(OpenAI);
    expect(mock.validating).toBe(true);
  });

  it('serves chat completions', async () => {
    const client = await getOpenAIClient(options());
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    expect(completion.choices[0]?.message.content).toEqual(expect.any(String));
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    const [request] = mock.requests();
    expect(request?.status).toBe(200);
    expect(request?.path).toBe('/v1/chat/completions');
  });

  it('serves streamed chat exactly as asked (no usage chunk the caller did not request)', async () => {
    const client = await getOpenAIClient(options());
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Count to three' }],
      stream: true,
    });
    let text = '';
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageChunks += 1;
      expect(chunk.choices.length).toBeGreaterThan(0);
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usageChunks).toBe(0);
    // The pipeline asked for usage itself, so telemetry still saw the token counts.
    const body = mock.requests()[0]?.body as { stream_options?: { include_usage?: boolean } };
    expect(body.stream_options?.include_usage).toBe(true);
  });

  it('keeps the usage chunk when the caller asked for it', async () => {
    const client = await getOpenAIClient(options());
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('serves responses and streamed responses', async () => {
    const client = await getOpenAIClient(options());
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'Hello' });
    expect(response.output_text.length).toBeGreaterThan(0);
    const stream = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'Hello',
      stream: true,
    });
    let text = '';
    let completed = false;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = true;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(completed).toBe(true);
  });

  it('serves embeddings', async () => {
    const client = await getOpenAIClient(options());
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['one', 'two'],
    });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding.length).toBeGreaterThan(0);
    expect(mock.requests().every((request) => request.status === 200)).toBe(true);
  });

  it('shares one instance (one creation promise) for the same settings', async () => {
    const first = getOpenAIClient(options());
    const second = getOpenAIClient(options());
    expect(second).toBe(first);
    expect(await getOpenAIClient(options())).toBe(await first);
    const other = await getOpenAIClient(options({ model: 'gpt-4o' }));
    expect(other).not.toBe(await first);
  });

  it('rejects a missing key with AI-CLIENT-001, logged once', async () => {
    const { logger, records } = memoryLogger();
    const attempt = getOpenAIClient({
      env: {},
      logger,
      overrides: { baseURL: 'https://api.openai.com/v1', logLevel: 'error' },
    });
    await expect(attempt).rejects.toSatisfy(
      (error: unknown) =>
        AIClientError.isInstance(error) && (error as AIError).code === 'AI-CLIENT-001',
    );
    expect(records.filter((record) => record.level === 'error')).toHaveLength(1);
  });

  it('rejects a malformed key with AI-CLIENT-002 and the reason, never the key', async () => {
    const key = 'sk-proj-tooshort123';
    const error = await getOpenAIClient({
      env: {},
      logger: memoryLogger().logger,
      overrides: { baseURL: 'https://api.openai.com/v1', apiKey: key, provider: 'openai' },
    }).catch((caught: unknown) => caught);
    expect(AIError.isInstance(error)).toBe(true);
    expect((error as AIError).code).toBe('AI-CLIENT-002');
    expect((error as AIError).message).toMatch(/too short/);
    expect(JSON.stringify((error as AIError).toJSON())).not.toContain('tooshort123');
    expect((error as AIError).message).not.toContain('tooshort123');
  });

  it('rejects a key the API refuses at verification with AI-CLIENT-003, status and request id', async () => {
    const { logger, records } = memoryLogger();
    const error = await getOpenAIClient({
      env: {},
      logger,
      overrides: {
        baseURL: mock.url,
        provider: 'compatible',
        apiKey: 'wrong-key-abcdefghijklmnop',
        verifyKey: true,
        logLevel: 'error',
      },
    }).catch((caught: unknown) => caught);
    expect(AIClientError.isInstance(error)).toBe(true);
    const clientError = error as AIError;
    expect(clientError.code).toBe('AI-CLIENT-003');
    expect(clientError.status).toBe(401);
    expect(clientError.requestId).toMatch(/.+/);
    expect(records.filter((record) => record.level === 'error')).toHaveLength(1);
    expect(JSON.stringify(records)).not.toContain('wrong-key-abcdefghijklmnop');
  });
});
