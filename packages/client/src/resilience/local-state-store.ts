import { LRUCache } from 'lru-cache';
import type { SharedRecord, StateStore, SyncBucketStore } from './state-store';
import {
  adjustBucket,
  type BucketCost,
  type BucketLimits,
  type BucketState,
  clampBucket,
  fullBucket,
  refillBucket,
  takeFromBucket,
} from './token-bucket';

/** Options of {@link LocalStateStore}. */
export interface LocalStateStoreOptions {
  /** Most cached responses kept. @default 1000 (env AICLIENT_CACHE_MAX_ENTRIES via config) */
  cacheMaxEntries?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

interface TimedRecord {
  record: SharedRecord;
  expiresAt: number;
}

/** In-process state: what every process uses without Redis, and the fallback when Redis is down. */
export class LocalStateStore implements StateStore, SyncBucketStore {
  readonly kind = 'local' as const;
  readonly syncBuckets: SyncBucketStore | undefined = this;
  readonly #buckets = new Map<string, BucketState>();
  readonly #records = new Map<string, TimedRecord>();
  readonly #cache: LRUCache<string, string>;
  readonly #now: () => number;

  constructor({ cacheMaxEntries = 1000, now = Date.now }: LocalStateStoreOptions = {}) {
    this.#now = now;
    this.#cache = new LRUCache<string, string>({
      max: cacheMaxEntries,
      ttlAutopurge: false,
      // Read the clock on every check (no cached timestamp), and the same clock as everything
      // else here, so tests can drive time through `now`.
      ttlResolution: 0,
      perf: { now },
    });
  }

  #bucket(name: string, limits: BucketLimits): BucketState {
    return this.#buckets.get(name) ?? fullBucket(limits, this.#now());
  }

  takeNow(bucket: string, cost: BucketCost, limits: BucketLimits): number {
    const result = takeFromBucket(this.#bucket(bucket, limits), cost, limits, this.#now());
    this.#buckets.set(bucket, result.state);
    return result.waitMs;
  }

  adjustNow(bucket: string, delta: BucketCost, limits: BucketLimits): void {
    this.#buckets.set(
      bucket,
      adjustBucket(this.#bucket(bucket, limits), delta, limits, this.#now()),
    );
  }

  clampNow(bucket: string, remaining: Partial<BucketCost>, limits: BucketLimits): void {
    this.#buckets.set(
      bucket,
      clampBucket(this.#bucket(bucket, limits), remaining, limits, this.#now()),
    );
  }

  levelNow(bucket: string, limits: BucketLimits): BucketState {
    return refillBucket(this.#bucket(bucket, limits), limits, this.#now());
  }

  async take(bucket: string, cost: BucketCost, limits: BucketLimits): Promise<number> {
    return this.takeNow(bucket, cost, limits);
  }

  async adjust(bucket: string, delta: BucketCost, limits: BucketLimits): Promise<void> {
    this.adjustNow(bucket, delta, limits);
  }

  async clamp(bucket: string, remaining: Partial<BucketCost>, limits: BucketLimits): Promise<void> {
    this.clampNow(bucket, remaining, limits);
  }

  async readRecords(namespace: string, ids: readonly string[]): Promise<Map<string, SharedRecord>> {
    const now = this.#now();
    const found = new Map<string, SharedRecord>();
    for (const id of ids) {
      const entry = this.#records.get(`${namespace}:${id}`);
      if (entry !== undefined && entry.expiresAt > now) found.set(id, entry.record);
    }
    return found;
  }

  async writeRecord(
    namespace: string,
    id: string,
    record: SharedRecord,
    ttlMs: number,
  ): Promise<void> {
    const name = `${namespace}:${id}`;
    const now = this.#now();
    const current = this.#records.get(name);
    if (
      current !== undefined &&
      current.expiresAt > now &&
      current.record.updatedAt > record.updatedAt
    ) {
      return;
    }
    this.#records.set(name, { record: { ...record }, expiresAt: now + ttlMs });
  }

  async cacheGet(key: string): Promise<string | undefined> {
    return this.#cache.get(key);
  }

  async cacheSet(key: string, value: string, ttlMs: number): Promise<void> {
    this.#cache.set(key, value, { ttl: ttlMs });
  }

  async close(): Promise<void> {
    this.#cache.clear();
  }
}
