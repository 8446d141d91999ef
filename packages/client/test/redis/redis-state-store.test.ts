import { type RedisServer, startRedisServer } from '@aiclient/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisStateStore,
  type RedisStateStore,
} from '../../src/resilience/redis-state-store';
import { withRedisServer } from './with-redis-server';

withRedisServer('RedisStateStore', () => {
  describe('RedisStateStore against a real redis-server', () => {
    let server: RedisServer;
    let one: RedisStateStore;
    let two: RedisStateStore;

    beforeAll(async () => {
      server = await startRedisServer();
      one = await createRedisStateStore({ url: server.url, keyPrefix: 'test:' });
      two = await createRedisStateStore({ url: server.url, keyPrefix: 'test:' });
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await server?.stop();
    });

    it('shares one bucket between connections and never over-grants under concurrency', async () => {
      const limits = { requests: 50, windowMs: 60_000 };
      const cost = { requests: 1, tokens: 0 };
      const waits = await Promise.all(
        Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? one : two).take('b1', cost, limits)),
      );
      expect(waits.filter((w) => w === 0)).toHaveLength(50);
      // The 51st request needs 1/50 of a minute.
      expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(1000);
      expect(Math.min(...waits.filter((w) => w > 0))).toBeLessThanOrEqual(1200);
    });

    it('adjusts and clamps atomically', async () => {
      const limits = { tokens: 1000, windowMs: 60_000 };
      expect(await one.take('b2', { requests: 0, tokens: 1000 }, limits)).toBe(0);
      expect(await two.take('b2', { requests: 0, tokens: 100 }, limits)).toBeGreaterThan(0);
      await one.adjust('b2', { requests: 0, tokens: 500 }, limits);
      expect(await two.take('b2', { requests: 0, tokens: 400 }, limits)).toBe(0);
      await one.clamp('b2', { tokens: 0 }, limits);
      expect(await two.take('b2', { requests: 0, tokens: 50 }, limits)).toBeGreaterThan(0);
    });

    it('keeps the newest record and expires records', async () => {
      await one.writeRecord('key', 'k1', { status: 'exhausted', updatedAt: 200 }, 10_000);
      await two.writeRecord('key', 'k1', { status: 'healthy', updatedAt: 100 }, 10_000);
      expect((await two.readRecords('key', ['k1', 'missing'])).get('k1')).toEqual({
        status: 'exhausted',
        updatedAt: 200,
      });
      await one.writeRecord('key', 'k2', { status: 'cooling', updatedAt: 1, until: 5 }, 50);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect((await two.readRecords('key', ['k2'])).size).toBe(0);
    });

    it('caches values with a TTL', async () => {
      await one.cacheSet('c1', 'value', 60_000);
      expect(await two.cacheGet('c1')).toBe('value');
      expect(await two.cacheGet('nope')).toBeUndefined();
    });
  });
});
