import type { LocalStateStore } from './local-state-store';
import type { SharedRecord, StateStore } from './state-store';
import type { BucketCost, BucketLimits } from './token-bucket';

/** A store that can be away: what {@link FailoverStateStore} needs of the Redis store. */
export interface RemoteStateStore extends StateStore {
  readonly available: boolean;
  onAvailabilityChange(listener: (available: boolean) => void): () => void;
}

/** Hooks of {@link FailoverStateStore}: where the warning goes and what the metric counts. */
export interface FailoverHooks {
  /** Once per outage, when the store starts serving from local state. */
  onDegraded?: (error: unknown) => void;
  /** Once per outage, when Redis answers again. */
  onRestored?: () => void;
  /** Every operation served locally because Redis was away (the `aiclient.redis.fallbacks` metric). */
  onFallback?: (operation: string) => void;
}

/**
 * Redis when it answers, this process's local state when it does not. No call ever fails because
 * of Redis: a failed or timed-out command is repeated against the local store. The switch back
 * happens as soon as ioredis reconnects.
 */
export class FailoverStateStore implements StateStore {
  readonly kind = 'failover' as const;
  readonly #remote: RemoteStateStore;
  readonly #local: LocalStateStore;
  readonly #hooks: FailoverHooks;
  readonly #unsubscribe: () => void;
  #degraded = false;

  constructor(remote: RemoteStateStore, local: LocalStateStore, hooks: FailoverHooks = {}) {
    this.#remote = remote;
    this.#local = local;
    this.#hooks = hooks;
    this.#unsubscribe = remote.onAvailabilityChange((available) => {
      if (available) this.#restore();
      else this.#degrade(new Error('Redis connection closed'));
    });
    if (!remote.available) this.#degrade(new Error('Redis not connected'));
  }

  /** True while operations are served from local state. */
  get degraded(): boolean {
    return this.#degraded;
  }

  #degrade(error: unknown): void {
    if (this.#degraded) return;
    this.#degraded = true;
    this.#hooks.onDegraded?.(error);
  }

  #restore(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    this.#hooks.onRestored?.();
  }

  async #run<T>(operation: string, remote: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (this.#remote.available) {
      try {
        const result = await remote();
        this.#restore();
        return result;
      } catch (error) {
        this.#degrade(error);
      }
    }
    this.#hooks.onFallback?.(operation);
    return local();
  }

  take(bucket: string, cost: BucketCost, limits: BucketLimits): Promise<number> {
    return this.#run(
      'take',
      () => this.#remote.take(bucket, cost, limits),
      () => this.#local.take(bucket, cost, limits),
    );
  }

  adjust(bucket: string, delta: BucketCost, limits: BucketLimits): Promise<void> {
    return this.#run(
      'adjust',
      () => this.#remote.adjust(bucket, delta, limits),
      () => this.#local.adjust(bucket, delta, limits),
    );
  }

  clamp(bucket: string, remaining: Partial<BucketCost>, limits: BucketLimits): Promise<void> {
    return this.#run(
      'clamp',
      () => this.#remote.clamp(bucket, remaining, limits),
      () => this.#local.clamp(bucket, remaining, limits),
    );
  }

  readRecords(namespace: string, ids: readonly string[]): Promise<Map<string, SharedRecord>> {
    return this.#run(
      'readRecords',
      () => this.#remote.readRecords(namespace, ids),
      () => this.#local.readRecords(namespace, ids),
    );
  }

  async writeRecord(
    namespace: string,
    id: string,
    record: SharedRecord,
    ttlMs: number,
  ): Promise<void> {
    // Local state always keeps a copy, so an outage starts from the latest known states.
    await this.#local.writeRecord(namespace, id, record, ttlMs);
    await this.#run(
      'writeRecord',
      () => this.#remote.writeRecord(namespace, id, record, ttlMs),
      async () => undefined,
    );
  }

  cacheGet(key: string): Promise<string | undefined> {
    return this.#run(
      'cacheGet',
      () => this.#remote.cacheGet(key),
      () => this.#local.cacheGet(key),
    );
  }

  cacheSet(key: string, value: string, ttlMs: number): Promise<void> {
    return this.#run(
      'cacheSet',
      () => this.#remote.cacheSet(key, value, ttlMs),
      () => this.#local.cacheSet(key, value, ttlMs),
    );
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    await Promise.all([this.#remote.close(), this.#local.close()]);
  }
}
