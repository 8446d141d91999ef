import { keyId } from '@aiclient/config';
import {
  type MockOpenAI,
  type RedisServer,
  startMockOpenAI,
  startRedisServer,
} from '@aiclient/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chat,
  KEY_A,
  KEY_B,
  type ResilientClient,
  startResilientClient,
} from '../../src/resilience/fixtures/resilient-client';
import { withRedisServer } from './with-redis-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

withRedisServer('shared state', () => {
  describe('two clients (two Redis connections) sharing state', () => {
    let redis: RedisServer;
    let mock: MockOpenAI;
    const clients: ResilientClient[] = [];
    beforeEach(async () => {
      redis = await startRedisServer();
    });
    afterEach(async () => {
      for (const client of clients.splice(0)) await client.close();
      await mock?.close();
      await redis?.stop();
    });
    const start = async (options: Parameters<typeof startResilientClient>[0] = {}) => {
      const client = await startResilientClient({
        existingMock: mock,
        ...options,
        settings: { redisUrl: redis.url, ...options.settings },
        resilience: { syncIntervalMs: 100, ...options.resilience },
      });
      clients.push(client);
      return client;
    };

    it('a cached response stored by one is served to the other without a request', async () => {
      mock = await startMockOpenAI({ validateRequests: false, onWarning: () => undefined });
      const one = await start({ settings: { cacheEnabled: true } });
      const two = await start({ settings: { cacheEnabled: true } });
      const request = chat('gpt-4o-mini', { temperature: 0 });
      const first = await one.client.chat.completions.create(request);
      await sleep(50);
      expect(await two.client.chat.completions.create(request)).toEqual(first);
      expect(mock.requests()).toHaveLength(1);
    });

    it('a circuit opened by one is skipped by the other', async () => {
      mock = await startMockOpenAI({
        validateRequests: false,
        onWarning: () => undefined,
        faults: [{ match: { model: 'gpt-4o-mini' }, fault: { type: 'server_error' } }],
      });
      const breaker = { minimumCalls: 2, failureRateThreshold: 0.5, openMs: 60_000 };
      const settings = { fallbackModels: ['gpt-4o'], maxAttempts: 1 };
      const one = await start({ settings, resilience: { circuitBreaker: breaker } });
      const two = await start({ settings, resilience: { circuitBreaker: breaker } });
      await one.client.chat.completions.create(chat());
      await one.client.chat.completions.create(chat());
      await sleep(300);
      const before = mock
        .requests()
        .filter((r) => (r.body as { model: string }).model === 'gpt-4o-mini').length;
      const reply = await two.client.chat.completions.create(chat());
      expect(reply.model).toBe('gpt-4o');
      const after = mock
        .requests()
        .filter((r) => (r.body as { model: string }).model === 'gpt-4o-mini').length;
      expect(after).toBe(before);
    });

    it('a key revoked in one is skipped by the other', async () => {
      mock = await startMockOpenAI({
        validateRequests: false,
        onWarning: () => undefined,
        keys: [KEY_B],
      });
      const settings = { apiKey: KEY_A, apiKeys: [KEY_A, KEY_B] };
      const one = await start({ settings, dependencies: { random: () => 0 } });
      const two = await start({ settings, dependencies: { random: () => 0 } });
      await one.client.chat.completions.create(chat());
      await sleep(300);
      mock.clearRequests();
      await two.client.chat.completions.create(chat());
      expect(mock.requests().map((r) => r.keyId)).toEqual([keyId(KEY_B)]);
      expect(two.resilience.keyPool?.snapshot().find((s) => s.keyId === keyId(KEY_A))?.status).toBe(
        'revoked',
      );
    });
  });
});
