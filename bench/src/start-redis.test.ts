import { createConnection } from 'node:net';
import { redisServerRequired } from '@aiclient/testkit';
import { describe, expect, it } from 'vitest';
import { startRedis } from './start-redis.ts';

function ping(url: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().trim());
    });
    socket.once('error', reject);
  });
}

describe('startRedis', () => {
  it('resolves undefined when the redis-server binary is missing', async () => {
    await expect(startRedis({ binary: '/nonexistent/redis-server' })).resolves.toBeUndefined();
  });

  it('starts a server on a free loopback port that answers PING, and stops it', async () => {
    const redis = await startRedis();
    if (redis === undefined) {
      // Not an error: the suite reports Redis rows as not run. Say so rather than pass silently.
      console.warn('redis-server not installed: startRedis start/stop not exercised here');
      expect(redisServerRequired()).toBe(false);
      return;
    }
    try {
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      await expect(ping(redis.url)).resolves.toBe('+PONG');
    } finally {
      await redis.stop();
    }
    await expect(ping(redis.url)).rejects.toThrow();
  });
});
