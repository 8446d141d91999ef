import { keyId } from '@aiclient/config';
import { type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chat,
  KEY_A,
  KEY_B,
  type ResilientClient,
  startResilientClient,
} from './fixtures/resilient-client';

let running: ResilientClient | undefined;
let other: MockOpenAI | undefined;
afterEach(async () => {
  await running?.close();
  await other?.close();
  running = undefined;
  other = undefined;
});

const models = (rc: ResilientClient) =>
  rc.mock.requests().map((r) => [(r.body as { model?: string }).model, r.status]);

describe('fallback chain against scripted testkit faults', () => {
  it('moves to the next model once the primary attempts are spent on retryable failures', async () => {
    running = await startResilientClient({
      mock: {
        faults: [{ match: { model: 'gpt-4o-mini' }, fault: { type: 'server_error', status: 503 } }],
      },
      settings: { fallbackModels: ['gpt-4o'], maxAttempts: 2 },
    });
    const reply = await running.client.chat.completions.create(chat());
    expect(reply.model).toBe('gpt-4o');
    expect(models(running)).toEqual([
      ['gpt-4o-mini', 503],
      ['gpt-4o-mini', 503],
      ['gpt-4o', 200],
    ]);
    const line = running.logs.find((l) => l.message === 'aiclient fallback');
    expect(line?.data).toMatchObject({
      from: expect.stringMatching(/^gpt-4o-mini@/),
      to: expect.stringMatching(/^gpt-4o@/),
    });
    // The call's own line names the target that served it; no separate "served" line.
    const calls = running.logs.filter((l) => l.message.startsWith('aiclient call'));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.data).toMatchObject({
      outcome: 'success',
      target: expect.stringMatching(/^gpt-4o@127\.0\.0\.1:\d+$/),
      targetIndex: 1,
    });
    expect(running.logs.some((l) => l.message === 'aiclient fallback served')).toBe(false);
  });

  it('takes the next target at once on a 429 whose reset passes the deadline', async () => {
    running = await startResilientClient({
      mock: {
        faults: [
          {
            match: { model: 'gpt-4o-mini' },
            fault: { type: 'rate_limit', retryAfterSeconds: 120 },
          },
        ],
      },
      settings: { fallbackModels: ['gpt-4o'], maxAttempts: 3, timeoutMs: 5000 },
    });
    const started = Date.now();
    const reply = await running.client.chat.completions.create(chat());
    expect(reply.model).toBe('gpt-4o');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(models(running)).toEqual([
      ['gpt-4o-mini', 429],
      ['gpt-4o', 200],
    ]);
  });

  it('on context_length_exceeded skips smaller targets for one with a larger window', async () => {
    running = await startResilientClient({
      mock: {
        faults: [
          {
            match: { model: 'gpt-4o-mini' },
            fault: { type: 'context_length_exceeded', maxTokens: 8000 },
          },
          {
            match: { model: 'gpt-4.1-nano' },
            fault: { type: 'context_length_exceeded', maxTokens: 4000 },
          },
        ],
      },
      resilience: {
        primaryContextWindow: 8_000,
        fallbacks: [
          { model: 'gpt-4.1-nano', contextWindow: 4_000 },
          { model: 'gpt-4.1', contextWindow: 1_000_000 },
        ],
      },
    });
    const reply = await running.client.chat.completions.create(chat());
    expect(reply.model).toBe('gpt-4.1');
    expect(models(running)).toEqual([
      ['gpt-4o-mini', 400],
      ['gpt-4.1', 200],
    ]);
  });

  it('does not fall back on a bad request or a content filter', async () => {
    running = await startResilientClient({
      mock: { faults: [{ match: { model: 'gpt-4o-mini' }, fault: { type: 'content_filter' } }] },
      settings: { fallbackModels: ['gpt-4o'] },
    });
    await expect(running.client.chat.completions.create(chat())).rejects.toMatchObject({
      code: 'AI-API-008',
    });
    expect(models(running)).toEqual([['gpt-4o-mini', 400]]);
  });

  it('falls back for a stream that stalls before its first chunk', async () => {
    running = await startResilientClient({
      mock: {
        faults: [{ match: { model: 'gpt-4o-mini', stream: true }, fault: { type: 'stall' } }],
      },
      settings: { fallbackModels: ['gpt-4o'], maxAttempts: 1, streamFirstChunkTimeoutMs: 300 },
    });
    const stream = await running.client.chat.completions.create({ ...chat(), stream: true });
    let text = '';
    let model = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      model = chunk.model;
    }
    expect(model).toBe('gpt-4o');
    expect(text).toContain('Mock answer');
    expect(models(running).map(([m]) => m)).toEqual(['gpt-4o-mini', 'gpt-4o']);
  });

  it('never falls back once a stream delivered its first chunk', async () => {
    running = await startResilientClient({
      mock: {
        faults: [
          { match: { model: 'gpt-4o-mini', stream: true }, fault: { type: 'cut', afterChunks: 2 } },
        ],
      },
      settings: { fallbackModels: ['gpt-4o'], maxAttempts: 1 },
    });
    const stream = await running.client.chat.completions.create({ ...chat(), stream: true });
    const consume = async () => {
      for await (const _chunk of stream) {
        // drain
      }
    };
    await expect(consume()).rejects.toBeDefined();
    expect(models(running).map(([m]) => m)).toEqual(['gpt-4o-mini']);
  });

  it('moves to another endpoint with its own key; the client key never reaches it', async () => {
    other = await startMockOpenAI({
      validateRequests: false,
      keys: [KEY_B],
      onWarning: () => undefined,
    });
    running = await startResilientClient({
      mock: { faults: [{ fault: { type: 'server_error' } }] },
      settings: { maxAttempts: 1 },
      resilience: {
        fallbacks: [{ name: 'backup', baseURL: other.url, apiKey: KEY_B, model: 'gpt-4o' }],
      },
    });
    const reply = await running.client.chat.completions.create(chat());
    expect(reply.model).toBe('gpt-4o');
    const served = other.requests();
    expect(served).toHaveLength(1);
    expect(served[0]?.keyId).toBe(keyId(KEY_B));
    expect(JSON.stringify(served)).not.toContain(KEY_A);
  });

  it('resolves each target from the request as the SDK built it, and gives the client key back', async () => {
    other = await startMockOpenAI({
      validateRequests: false,
      keys: [KEY_B],
      faults: [{ fault: { type: 'server_error' } }],
      onWarning: () => undefined,
    });
    running = await startResilientClient({
      mock: { faults: [{ match: { model: 'gpt-4o-mini' }, fault: { type: 'server_error' } }] },
      settings: { maxAttempts: 1 },
      resilience: {
        fallbacks: [
          { name: 'backup', baseURL: other.url, apiKey: KEY_B, model: 'gpt-4o' },
          { model: 'gpt-4.1' },
        ],
      },
    });
    const reply = await running.client.chat.completions.create(chat());
    expect(reply.model).toBe('gpt-4.1');
    // The third target is the client's own endpoint again (not the second's), with its key.
    expect(models(running)).toEqual([
      ['gpt-4o-mini', 500],
      ['gpt-4.1', 200],
    ]);
    expect(running.mock.requests().map((r) => r.keyId)).toEqual([keyId(KEY_A), keyId(KEY_A)]);
    expect(other.requests().map((r) => r.keyId)).toEqual([keyId(KEY_B)]);
  });

  it('reaches an Azure deployment with the api-key header', async () => {
    other = await startMockOpenAI({
      validateRequests: false,
      keys: [KEY_B],
      onWarning: () => undefined,
    });
    running = await startResilientClient({
      mock: { faults: [{ fault: { type: 'server_error' } }] },
      settings: { maxAttempts: 1 },
      resilience: {
        fallbacks: [
          {
            provider: 'azure',
            baseURL: other.url.replace(/\/v1$/, ''),
            deployment: 'gpt-4o',
            apiKey: KEY_B,
            azureApiVersion: '2024-10-21',
          },
        ],
      },
    });
    await running.client.chat.completions.create(chat());
    const served = other.requests()[0];
    expect(served?.path).toBe('/openai/deployments/gpt-4o/chat/completions');
    expect(served?.headers['api-key']).toBeDefined();
    expect(served?.headers.authorization).toBeUndefined();
    expect(served?.keyId).toBe(keyId(KEY_B));
  });

  it('keeps one deadline for the whole chain', async () => {
    running = await startResilientClient({
      mock: {
        faults: [{ fault: { type: 'latency', ms: 400 } }, { fault: { type: 'server_error' } }],
      },
      settings: { fallbackModels: ['gpt-4o', 'gpt-4.1'], maxAttempts: 1, timeoutMs: 600 },
    });
    const error = await running.client.chat.completions.create(chat()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AI-API-010' });
    // The third target was never reached: the deadline ran out during the second.
    expect(running.mock.requests().length).toBeLessThanOrEqual(2);
  });
});
