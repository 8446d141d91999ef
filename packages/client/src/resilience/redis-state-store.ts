import type { Redis, RedisOptions } from 'ioredis';
import type { SharedRecord, StateStore } from './state-store';
import type { BucketCost, BucketLimits } from './token-bucket';

/**
 * The bucket arithmetic of `token-bucket.ts`, run atomically inside Redis so every process spends
 * from one bucket. Time is Redis's own (`TIME`), so machines with skewed clocks still agree.
 * ARGV: cost/remaining requests, cost/remaining tokens, request limit (-1: none), token limit
 * (-1: none), window ms, mode (take | adjust | clamp), headroom share kept in reserve (take).
 * Returns the wait in ms (take) or 0.
 */
const BUCKET_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limR = tonumber(ARGV[3])
local limT = tonumber(ARGV[4])
local win = tonumber(ARGV[5])
local mode = ARGV[6]
local headroom = tonumber(ARGV[7]) or 0
local h = redis.call('HMGET', KEYS[1], 'r', 't', 'at')
local r = tonumber(h[1])
local tk = tonumber(h[2])
local at = tonumber(h[3])
if r == nil or tk == nil or at == nil then
  r = math.max(limR, 0)
  tk = math.max(limT, 0)
  at = now
end
local elapsed = math.max(0, now - at)
if limR >= 0 then r = math.min(limR, r + elapsed * limR / win) end
if limT >= 0 then tk = math.min(limT, tk + elapsed * limT / win) end
at = math.max(now, at)
local wait = 0
if mode == 'take' then
  local cr = tonumber(ARGV[1])
  local ct = tonumber(ARGV[2])
  local wr = 0
  local wt = 0
  if limR >= 0 then
    cr = math.min(cr, limR * (1 - headroom))
    local needR = cr + limR * headroom
    if r < needR then wr = math.ceil((needR - r) * win / limR) end
  end
  if limT >= 0 then
    ct = math.min(ct, limT * (1 - headroom))
    local needT = ct + limT * headroom
    if tk < needT then wt = math.ceil((needT - tk) * win / limT) end
  end
  wait = math.max(wr, wt)
  if wait == 0 then
    r = r - cr
    tk = tk - ct
  end
elseif mode == 'adjust' then
  r = r + tonumber(ARGV[1])
  tk = tk + tonumber(ARGV[2])
  if limR >= 0 then r = math.min(limR, r) end
  if limT >= 0 then tk = math.min(limT, tk) end
elseif mode == 'clamp' then
  if ARGV[1] ~= '' then r = math.min(r, tonumber(ARGV[1])) end
  if ARGV[2] ~= '' then tk = math.min(tk, tonumber(ARGV[2])) end
end
redis.call('HSET', KEYS[1], 'r', tostring(r), 't', tostring(tk), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], win * 2)
return wait
`;

/** Writes a record unless the stored one is newer (ARGV: json, updatedAt, ttl ms). */
const RECORD_LUA = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and type(decoded) == 'table' and tonumber(decoded.updatedAt) ~= nil
     and tonumber(decoded.updatedAt) > tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
`;

/** Options of {@link createRedisStateStore}. */
export interface RedisStateStoreOptions {
  /** `redis://` or `rediss://` URL. env AICLIENT_REDIS_URL */
  url: string;
  /** Prefix of every key this store writes. @default 'aiclient:' */
  keyPrefix?: string;
  /** Per-command timeout: a slow Redis must not slow calls down. @default 500 */
  commandTimeoutMs?: number;
  /** How long creation waits for the first connection before starting degraded. @default 2000 */
  connectTimeoutMs?: number;
  /** Extra ioredis options. */
  redisOptions?: RedisOptions;
}

type ScriptedRedis = Redis & {
  aiclientBucket(key: string, ...args: (string | number)[]): Promise<number>;
  aiclientRecord(key: string, json: string, updatedAt: number, ttlMs: number): Promise<number>;
};

const limitArg = (limit: number | undefined): number => limit ?? -1;

/**
 * State shared through Redis: buckets and records updated by Lua scripts (atomic across
 * processes), cached responses as plain values with a TTL. Commands fail fast instead of
 * queueing while Redis is away (no offline queue, short timeouts): {@link FailoverStateStore}
 * turns those failures into local fallbacks.
 */
export class RedisStateStore implements StateStore {
  readonly kind = 'redis' as const;
  readonly #redis: ScriptedRedis;
  readonly #prefix: string;
  readonly #listeners = new Set<(available: boolean) => void>();

  constructor(redis: Redis, keyPrefix = 'aiclient:') {
    this.#prefix = keyPrefix;
    redis.defineCommand('aiclientBucket', { numberOfKeys: 1, lua: BUCKET_LUA });
    redis.defineCommand('aiclientRecord', { numberOfKeys: 1, lua: RECORD_LUA });
    this.#redis = redis as ScriptedRedis;
    redis.on('ready', () => this.#emit(true));
    redis.on('close', () => this.#emit(false));
    // ioredis emits 'error' on every failed reconnect; without a listener Node would crash.
    redis.on('error', () => undefined);
    // Shared state is a helper, not work: its socket must never keep a process alive.
    redis.on('connect', () => {
      (redis as { stream?: { unref?: () => void } }).stream?.unref?.();
    });
  }

  /** True while connected and ready. */
  get available(): boolean {
    return this.#redis.status === 'ready';
  }

  /** Calls `listener` whenever Redis becomes ready or is lost; returns an unsubscribe function. */
  onAvailabilityChange(listener: (available: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(available: boolean): void {
    for (const listener of this.#listeners) listener(available);
  }

  async take(bucket: string, cost: BucketCost, limits: BucketLimits): Promise<number> {
    return Number(
      await this.#redis.aiclientBucket(
        `${this.#prefix}rl:${bucket}`,
        cost.requests,
        cost.tokens,
        limitArg(limits.requests),
        limitArg(limits.tokens),
        limits.windowMs,
        'take',
        Math.min(0.5, Math.max(0, limits.headroom ?? 0)),
      ),
    );
  }

  async adjust(bucket: string, delta: BucketCost, limits: BucketLimits): Promise<void> {
    await this.#redis.aiclientBucket(
      `${this.#prefix}rl:${bucket}`,
      delta.requests,
      delta.tokens,
      limitArg(limits.requests),
      limitArg(limits.tokens),
      limits.windowMs,
      'adjust',
    );
  }

  async clamp(bucket: string, remaining: Partial<BucketCost>, limits: BucketLimits): Promise<void> {
    await this.#redis.aiclientBucket(
      `${this.#prefix}rl:${bucket}`,
      remaining.requests ?? '',
      remaining.tokens ?? '',
      limitArg(limits.requests),
      limitArg(limits.tokens),
      limits.windowMs,
      'clamp',
    );
  }

  async readRecords(namespace: string, ids: readonly string[]): Promise<Map<string, SharedRecord>> {
    const found = new Map<string, SharedRecord>();
    if (ids.length === 0) return found;
    const values = await this.#redis.mget(ids.map((id) => `${this.#prefix}${namespace}:${id}`));
    ids.forEach((id, index) => {
      const raw = values[index];
      if (raw === null || raw === undefined) return;
      try {
        const record = JSON.parse(raw) as SharedRecord;
        if (typeof record.status === 'string' && typeof record.updatedAt === 'number') {
          found.set(id, record);
        }
      } catch {
        // Someone else's value under our prefix: ignore it rather than fail the sync.
      }
    });
    return found;
  }

  async writeRecord(
    namespace: string,
    id: string,
    record: SharedRecord,
    ttlMs: number,
  ): Promise<void> {
    await this.#redis.aiclientRecord(
      `${this.#prefix}${namespace}:${id}`,
      JSON.stringify(record),
      record.updatedAt,
      Math.max(1, Math.ceil(ttlMs)),
    );
  }

  async cacheGet(key: string): Promise<string | undefined> {
    return (await this.#redis.get(`${this.#prefix}cache:${key}`)) ?? undefined;
  }

  async cacheSet(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#redis.set(
      `${this.#prefix}cache:${key}`,
      value,
      'PX',
      Math.max(1, Math.ceil(ttlMs)),
    );
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#redis.disconnect();
  }
}

/**
 * Connects to Redis, loading ioredis (an optional peer) only now: a client without a Redis URL
 * never imports it. Resolves once connected or after `connectTimeoutMs` (then it starts
 * degraded and picks Redis up when it answers); rejects only when ioredis is not installed.
 */
export async function createRedisStateStore({
  url,
  keyPrefix = 'aiclient:',
  commandTimeoutMs = 500,
  connectTimeoutMs = 2000,
  redisOptions = {},
}: RedisStateStoreOptions): Promise<RedisStateStore> {
  const { Redis } = await import('ioredis');
  const connection: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    // Keep trying to come back, at most every 2 s, for as long as the process runs.
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
    ...redisOptions,
  };
  const redis = new Redis(url, connection as RedisOptions & { replyMapping?: 'legacy' });
  const store = new RedisStateStore(redis, keyPrefix);
  if (!store.available) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, connectTimeoutMs);
      const off = store.onAvailabilityChange((available) => {
        if (available) done();
      });
      function done(): void {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  }
  return store;
}
