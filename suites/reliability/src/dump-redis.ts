import { Redis } from 'ioredis';

/** Every key in a Redis database with its value, whatever the type (for leak searches). */
export async function dumpRedis(url: string): Promise<Record<string, unknown>> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const out: Record<string, unknown> = {};
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'string') out[key] = await redis.get(key);
        else if (type === 'hash') out[key] = await redis.hgetall(key);
        else if (type === 'list') out[key] = await redis.lrange(key, 0, -1);
        else if (type === 'set') out[key] = await redis.smembers(key);
        else if (type === 'zset') out[key] = await redis.zrange(key, '0', '-1', 'WITHSCORES');
        else out[key] = `<${type}>`;
      }
    } while (cursor !== '0');
    return out;
  } finally {
    redis.disconnect();
  }
}
