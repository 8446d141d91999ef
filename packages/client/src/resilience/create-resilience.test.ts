import { type AIClientSettingsInput, loadConfig } from '@aiclient/config';
import { describe, expect, it } from 'vitest';
import { createResilience } from './create-resilience';

const logger = { error() {}, warn() {}, info() {}, debug() {} };
const KEY_A = 'test-key-aaaaaaaaaaaaaaaa';
const KEY_B = 'test-key-bbbbbbbbbbbbbbbb';

function settings(overrides: AIClientSettingsInput = {}) {
  return loadConfig({
    env: {},
    overrides: {
      baseURL: 'http://127.0.0.1:9/v1',
      provider: 'compatible',
      apiKey: KEY_A,
      ...overrides,
    },
  });
}

describe('createResilience', () => {
  it('adds nothing for a single key and default settings', async () => {
    const resilience = await createResilience(settings(), {}, { logger });
    expect(resilience.stages).toEqual([]);
    expect(resilience.store.kind).toBe('local');
    await resilience.close();
  });

  it('builds the stages the settings ask for', async () => {
    const resilience = await createResilience(
      settings({
        apiKeys: [KEY_A, KEY_B],
        fallbackModels: ['gpt-4o'],
        rateLimitRpm: 100,
        cacheEnabled: true,
      }),
      {},
      { logger },
    );
    expect(resilience.stages.map((s) => s.name)).toEqual([
      'cache',
      'fallback',
      'circuit-breaker',
      'rate-limit',
      'key-pool',
    ]);
    expect(resilience.keyPool?.size).toBe(2);
    await resilience.close();
  });

  it('turns a failing key provider into AI-CONFIG-002', async () => {
    await expect(
      createResilience(
        settings(),
        {
          keyProvider: async () => {
            throw new Error('vault sealed');
          },
        },
        { logger },
      ),
    ).rejects.toMatchObject({ code: 'AI-CONFIG-002' });
  });

  it('lets options switch pieces off', async () => {
    const resilience = await createResilience(
      settings({ fallbackModels: ['gpt-4o'], cacheEnabled: true }),
      { circuitBreaker: false, cache: false },
      { logger },
    );
    expect(resilience.stages.map((s) => s.name)).toEqual(['fallback', 'key-pool']);
    await resilience.close();
  });
});

describe('getOpenAIClient wiring', () => {
  it('puts the resilience stages of the settings into the shared client', async () => {
    const { startMockOpenAI } = await import('@aiclient/testkit');
    const { getOpenAIClient, clearOpenAIClientCache } = await import('../client/get-openai-client');
    const mock = await startMockOpenAI({ validateRequests: false, onWarning: () => undefined });
    try {
      const client = await getOpenAIClient({
        env: {},
        logger,
        overrides: {
          baseURL: mock.url,
          provider: 'compatible',
          apiKey: KEY_A,
          cacheEnabled: true,
          telemetryEnabled: false,
        },
      });
      const request = {
        model: 'gpt-4o-mini',
        temperature: 0,
        messages: [{ role: 'user' as const, content: 'hi' }],
      };
      const first = await client.chat.completions.create(request);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await client.chat.completions.create(request)).toEqual(first);
      expect(mock.requests()).toHaveLength(1);
    } finally {
      clearOpenAIClientCache();
      await mock.close();
    }
  });
});
