import type { BucketCost, BucketLimits, BucketState } from './token-bucket';

/**
 * A shared state record (a key's or a circuit's state). `updatedAt` orders writes from different
 * processes: a reader applies a record only when it is newer than what it holds.
 */
export interface SharedRecord {
  status: string;
  /** When a timed state ends (cooldown, open circuit), ms since the epoch. */
  until?: number;
  updatedAt: number;
  reason?: string;
}

/**
 * The bucket operations of a {@link StateStore} that answers in-process: the same semantics as
 * its `take`/`adjust`/`clamp`, returned synchronously, so the rate limiter decides a call that
 * needs no wait without a promise or a queue.
 */
export interface SyncBucketStore {
  takeNow(bucket: string, cost: BucketCost, limits: BucketLimits): number;
  adjustNow(bucket: string, delta: BucketCost, limits: BucketLimits): void;
  clampNow(bucket: string, remaining: Partial<BucketCost>, limits: BucketLimits): void;
  /** The bucket's level now (refilled), without changing it. */
  levelNow(bucket: string, limits: BucketLimits): BucketState;
}

/**
 * Where the resilience components keep state that every process should see: rate-limit buckets,
 * key states, circuit states and cached responses. The local store keeps them in memory; the
 * Redis store shares them; the failover store switches between the two when Redis comes and goes.
 */
export interface StateStore {
  /** `'local'` or `'redis'`: where the state currently lives. */
  readonly kind: 'local' | 'redis' | 'failover';
  /**
   * Atomically takes `cost` from the named bucket when it holds enough (returns 0), otherwise
   * takes nothing and returns the milliseconds until it will.
   */
  take(bucket: string, cost: BucketCost, limits: BucketLimits): Promise<number>;
  /** Gives budget back (positive delta) or takes more (negative) once real usage is known. */
  adjust(bucket: string, delta: BucketCost, limits: BucketLimits): Promise<void>;
  /** Lowers the bucket to at most what the server reported remaining. */
  clamp(bucket: string, remaining: Partial<BucketCost>, limits: BucketLimits): Promise<void>;
  /** Reads the records of `ids` in a namespace (`'key'`, `'circuit'`); absent ids are left out. */
  readRecords(namespace: string, ids: readonly string[]): Promise<Map<string, SharedRecord>>;
  /** Writes a record when it is newer than the stored one; it expires after `ttlMs`. */
  writeRecord(namespace: string, id: string, record: SharedRecord, ttlMs: number): Promise<void>;
  /** A cached value, or undefined. */
  cacheGet(key: string): Promise<string | undefined>;
  /** Stores a cached value for `ttlMs`. */
  cacheSet(key: string, value: string, ttlMs: number): Promise<void>;
  /** Present when bucket operations are answered in-process (the local store). */
  readonly syncBuckets?: SyncBucketStore | undefined;
  /** Releases connections and timers. */
  close(): Promise<void>;
}
