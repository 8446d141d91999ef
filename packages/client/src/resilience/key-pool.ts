import { AINoKeyAvailableError } from '@aiclient/errors';
import type { Outcome } from './classify-outcome';
import { sleep } from './sleep';
import type { SharedRecord, StateStore } from './state-store';

/**
 * A key's state. `healthy` keys are selected; `cooling` ones return by themselves at `until`
 * (a 429's reset); `exhausted` ones (insufficient_quota) return after `exhaustedRetryMs` or a
 * passing live check; `revoked` ones (401) only after a passing live check; `draining` ones were
 * removed from the pool and leave it once their in-flight calls end.
 */
export type KeyStatus = 'healthy' | 'cooling' | 'exhausted' | 'revoked' | 'draining';

/** A key with its selection weight (default 1). */
export interface KeyPoolEntry {
  key: string;
  weight?: number;
}

/** What a live check found; the `status` values of config's `verifyApiKey`. */
export interface KeyCheckResult {
  status:
    | 'valid'
    | 'invalid'
    | 'forbidden'
    | 'rate_limited'
    | 'quota_exhausted'
    | 'unreachable'
    | 'error';
}

/** A state change, reported with the key's fingerprint only. */
export interface KeyPoolEvent {
  keyId: string;
  from: KeyStatus | 'absent';
  to: KeyStatus | 'removed';
  reason: string;
  until?: number;
}

/** Options of {@link KeyPool}. */
export interface KeyPoolOptions {
  /** The keys (settings `apiKeys`, env OPENAI_API_KEYS / OPENAI_API_KEY). */
  keys?: readonly (string | KeyPoolEntry)[];
  /** Reads the current keys from a secret store; its answer replaces the pool's key set. */
  provider?: () => Promise<readonly (string | KeyPoolEntry)[]>;
  /** How often `provider` is re-read. @default 300000 */
  refreshIntervalMs?: number;
  /** Cooldown after a 429 that names no reset time. @default 60000 */
  defaultCooldownMs?: number;
  /** When an exhausted key is tried again without a live check. @default 3600000 */
  exhaustedRetryMs?: number;
  /** Live check of one key, e.g. config's `verifyApiKey`. */
  verify?: (key: string) => Promise<KeyCheckResult>;
  /** Period of live checks of every key; none when absent. */
  liveCheckIntervalMs?: number;
  /** Shares key states with other processes. */
  store?: StateStore;
  /** How often shared states are pulled from `store`. @default 500 */
  syncIntervalMs?: number;
  /** The key's non-secret fingerprint (config's `keyId`). */
  fingerprint: (key: string) => string;
  /** Called on every state change. */
  onEvent?: (event: KeyPoolEvent) => void;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
  /** Random source in [0, 1), for tests. @default Math.random */
  random?: () => number;
}

/** A selected key; `release()` when the call that used it ends (draining waits for it). */
export interface KeyLease {
  key: string;
  keyId: string;
  release(): void;
}

/** A key's state as seen from outside: fingerprint, never the key. */
export interface KeyStateSnapshot {
  keyId: string;
  status: KeyStatus;
  weight: number;
  inFlight: number;
  until?: number;
  reason?: string;
}

interface KeyEntry {
  key: string;
  keyId: string;
  weight: number;
  status: KeyStatus;
  until: number | undefined;
  reason: string | undefined;
  inFlight: number;
  updatedAt: number;
}

const NAMESPACE = 'key';
const REVOKED_TTL_MS = 24 * 3_600_000;
const HEALTHY_TTL_MS = 3_600_000;

function toEntry(value: string | KeyPoolEntry): KeyPoolEntry {
  return typeof value === 'string' ? { key: value } : value;
}

/** A key handed to one attempt; `release()` ends its use once (later calls do nothing). */
class Lease implements KeyLease {
  readonly key: string;
  readonly keyId: string;
  readonly #entry: KeyEntry;
  readonly #ended: (entry: KeyEntry) => void;
  #released = false;

  constructor(entry: KeyEntry, ended: (entry: KeyEntry) => void) {
    this.key = entry.key;
    this.keyId = entry.keyId;
    this.#entry = entry;
    this.#ended = ended;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#ended(this.#entry);
  }
}

/**
 * Several API keys with per-key health. Selection is weighted-random among healthy keys; a key
 * cools down after a 429 until its reset, is set aside after `insufficient_quota` or a 401, and
 * returns by itself (cooldown) or after a live check. Re-reading a provider rotates keys without
 * failing a call: new keys join at once, removed keys drain.
 */
export class KeyPool {
  readonly #entries = new Map<string, KeyEntry>();
  readonly #options: KeyPoolOptions;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #timers: NodeJS.Timeout[] = [];
  #lastUpdate = 0;
  /** The earliest `until` of a cooling or exhausted key (when {@link KeyPool.#expire} has work). */
  #nextExpiry = 0;

  constructor(options: KeyPoolOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#replaceKeys((options.keys ?? []).map(toEntry), 'configured');
  }

  /** Builds a pool, reads the provider once and starts its timers. */
  static async create(options: KeyPoolOptions): Promise<KeyPool> {
    const pool = new KeyPool(options);
    if (options.provider !== undefined) await pool.refresh();
    await pool.sync();
    pool.start();
    return pool;
  }

  /** Starts the refresh, live-check and sync timers (unref'd: they never keep a process alive). */
  start(): void {
    if (this.#timers.length > 0) return;
    const every = (ms: number | undefined, work: () => Promise<void>): void => {
      if (ms === undefined || ms <= 0) return;
      const timer = setInterval(() => {
        // A failed background refresh keeps the current keys: the next tick tries again.
        work().catch(() => undefined);
      }, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    if (this.#options.provider !== undefined) {
      every(this.#options.refreshIntervalMs ?? 300_000, () => this.refresh());
    }
    if (this.#options.verify !== undefined) {
      every(this.#options.liveCheckIntervalMs, () => this.checkAll());
    }
    if (this.#options.store !== undefined) {
      every(this.#options.syncIntervalMs ?? 500, () => this.sync());
    }
  }

  /** Stops the timers. In-flight leases stay valid. */
  close(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
  }

  /** Number of keys that are not draining. */
  get size(): number {
    let n = 0;
    for (const entry of this.#entries.values()) if (entry.status !== 'draining') n++;
    return n;
  }

  /** The fingerprint of `key`. */
  keyIdOf(key: string): string {
    return this.#options.fingerprint(key);
  }

  #stamp(): number {
    // Strictly increasing, so two changes within one millisecond still order correctly.
    this.#lastUpdate = Math.max(this.#now(), this.#lastUpdate + 1);
    return this.#lastUpdate;
  }

  #transition(
    entry: KeyEntry,
    to: KeyStatus,
    reason: string,
    until: number | undefined,
    share = true,
  ): void {
    const from = entry.status;
    entry.status = to;
    entry.until = until;
    entry.reason = reason;
    entry.updatedAt = this.#stamp();
    if (until !== undefined) this.#nextExpiry = Math.min(this.#nextExpiry, until);
    const event: KeyPoolEvent = { keyId: entry.keyId, from, to, reason };
    if (until !== undefined) event.until = until;
    this.#options.onEvent?.(event);
    if (share && to !== 'draining') this.#share(entry);
  }

  #share(entry: KeyEntry): void {
    const store = this.#options.store;
    if (store === undefined) return;
    const record: SharedRecord = { status: entry.status, updatedAt: entry.updatedAt };
    if (entry.until !== undefined) record.until = entry.until;
    if (entry.reason !== undefined) record.reason = entry.reason;
    const ttl =
      entry.status === 'revoked'
        ? REVOKED_TTL_MS
        : entry.status === 'healthy'
          ? HEALTHY_TTL_MS
          : Math.max(1000, (entry.until ?? this.#now()) - this.#now() + 1000);
    // The store degrades to local state by itself; a failed share never fails the call.
    store.writeRecord(NAMESPACE, entry.keyId, record, ttl).catch(() => undefined);
  }

  #replaceKeys(next: readonly KeyPoolEntry[], reason: string): void {
    const seen = new Set<string>();
    for (const { key, weight = 1 } of next) {
      if (key === '') continue;
      const keyId = this.#options.fingerprint(key);
      seen.add(keyId);
      const existing = this.#entries.get(keyId);
      if (existing === undefined) {
        const entry: KeyEntry = {
          key,
          keyId,
          weight,
          status: 'healthy',
          until: undefined,
          reason: undefined,
          inFlight: 0,
          updatedAt: 0,
        };
        this.#entries.set(keyId, entry);
        this.#options.onEvent?.({ keyId, from: 'absent', to: 'healthy', reason });
      } else {
        existing.weight = weight;
        // A key the provider lists again after removal is back in service.
        if (existing.status === 'draining')
          this.#transition(existing, 'healthy', reason, undefined, false);
      }
    }
    for (const entry of this.#entries.values()) {
      if (seen.has(entry.keyId) || entry.status === 'draining') continue;
      this.#transition(entry, 'draining', reason, undefined);
      this.#removeIfDrained(entry);
    }
  }

  #removeIfDrained(entry: KeyEntry): void {
    if (entry.status !== 'draining' || entry.inFlight > 0) return;
    this.#entries.delete(entry.keyId);
    this.#options.onEvent?.({
      keyId: entry.keyId,
      from: 'draining',
      to: 'removed',
      reason: 'drained',
    });
  }

  /** Re-reads the provider: new keys join, keys it no longer lists drain. */
  async refresh(): Promise<void> {
    const provider = this.#options.provider;
    if (provider === undefined) return;
    const keys = await provider();
    this.#replaceKeys(keys.map(toEntry), 'provider');
  }

  /** Adds a key (or changes its weight). */
  addKey(key: string, weight = 1): void {
    const current = [...this.#entries.values()]
      .filter((e) => e.status !== 'draining')
      .map((e) => ({ key: e.key, weight: e.weight }));
    this.#replaceKeys([...current, { key, weight }], 'added');
  }

  /** Removes a key: it takes no new calls and leaves once its in-flight calls end. */
  removeKey(key: string): void {
    const keyId = this.#options.fingerprint(key);
    const current = [...this.#entries.values()]
      .filter((e) => e.status !== 'draining' && e.keyId !== keyId)
      .map((e) => ({ key: e.key, weight: e.weight }));
    this.#replaceKeys(current, 'removed');
  }

  /** Returns keys whose timed state has ended to service. */
  #expire(now: number): void {
    // Nothing is timed before the earliest `until`: most calls skip the walk over the keys.
    if (now < this.#nextExpiry) return;
    this.#nextExpiry = Number.POSITIVE_INFINITY;
    for (const entry of this.#entries.values()) {
      if (
        (entry.status === 'cooling' || entry.status === 'exhausted') &&
        entry.until !== undefined
      ) {
        if (entry.until > now) {
          this.#nextExpiry = Math.min(this.#nextExpiry, entry.until);
          continue;
        }
        // Every process reaches the same conclusion from `until`: no need to share it.
        this.#transition(entry, 'healthy', 'cooldown ended', undefined, false);
      }
    }
  }

  /**
   * Picks a healthy key, weighted, skipping `exclude` (fingerprints already tried in this call)
   * unless nothing else is healthy. Throws AINoKeyAvailableError when no key is healthy.
   */
  select(exclude?: ReadonlySet<string>): KeyLease {
    const lease = this.trySelect(exclude);
    if (lease === undefined) throw this.#noKeyError(this.#now());
    return lease;
  }

  /** Like {@link select}, but `undefined` instead of an error when no key is healthy. */
  trySelect(exclude?: ReadonlySet<string>): KeyLease | undefined {
    this.#expire(this.#now());
    // Two passes over the keys, no arrays: untried healthy keys when there are any, else any
    // healthy key.
    let freshKeys = 0;
    let freshWeight = 0;
    let anyWeight = 0;
    for (const entry of this.#entries.values()) {
      if (entry.status !== 'healthy') continue;
      const weight = Math.max(0, entry.weight);
      anyWeight += weight;
      if (exclude === undefined || !exclude.has(entry.keyId)) {
        freshKeys++;
        freshWeight += weight;
      }
    }
    const onlyFresh = freshKeys > 0;
    const total = onlyFresh ? freshWeight : anyWeight;
    if (total <= 0) return undefined;
    let point = this.#random() * total;
    let chosen: KeyEntry | undefined;
    for (const entry of this.#entries.values()) {
      if (entry.status !== 'healthy') continue;
      if (onlyFresh && exclude?.has(entry.keyId) === true) continue;
      chosen = entry;
      point -= Math.max(0, entry.weight);
      if (point < 0) break;
    }
    if (chosen === undefined) return undefined;
    chosen.inFlight++;
    return new Lease(chosen, this.#leaseEnded);
  }

  readonly #leaseEnded = (entry: KeyEntry): void => {
    entry.inFlight--;
    this.#removeIfDrained(entry);
  };

  /**
   * Like {@link select}, but when every key is cooling and one returns before `deadlineAt`,
   * waits for it instead of failing.
   */
  async acquire(
    options: { exclude?: ReadonlySet<string>; deadlineAt?: number; signal?: AbortSignal } = {},
  ): Promise<KeyLease> {
    for (;;) {
      try {
        return this.select(options.exclude);
      } catch (error) {
        const wake = this.nextReturnAt();
        const now = this.#now();
        if (wake === undefined || (options.deadlineAt !== undefined && wake > options.deadlineAt)) {
          throw error;
        }
        await sleep(Math.max(1, wake - now), options.signal);
      }
    }
  }

  /** True when the key is in the pool and healthy now. */
  isHealthy(keyId: string): boolean {
    this.#expire(this.#now());
    return this.#entries.get(keyId)?.status === 'healthy';
  }

  /** When the first cooling or exhausted key returns by itself, if any does. */
  nextReturnAt(): number | undefined {
    let wake: number | undefined;
    for (const entry of this.#entries.values()) {
      if (
        (entry.status === 'cooling' || entry.status === 'exhausted') &&
        entry.until !== undefined
      ) {
        wake = wake === undefined ? entry.until : Math.min(wake, entry.until);
      }
    }
    return wake;
  }

  #noKeyError(now: number): AINoKeyAvailableError {
    const states = this.snapshot();
    const nextReturnAt = this.nextReturnAt();
    const details: Record<string, unknown> = {
      keys: states.map((s) => ({ keyId: s.keyId, status: s.status })),
    };
    if (nextReturnAt !== undefined) details.retryInMs = Math.max(0, nextReturnAt - now);
    return new AINoKeyAvailableError({
      message:
        states.length === 0
          ? 'No API key is configured in the key pool.'
          : `No healthy API key: ${states.map((s) => `${s.keyId} ${s.status}`).join(', ')}.`,
      context: { source: 'client.key-pool', details },
    });
  }

  /** Applies a call's outcome to the key that made it. */
  report(keyId: string, outcome: Outcome): void {
    const entry = this.#entries.get(keyId);
    if (entry === undefined || entry.status === 'draining') return;
    const now = this.#now();
    switch (outcome.kind) {
      case 'rate_limited': {
        const until = now + (outcome.retryAfterMs ?? this.#options.defaultCooldownMs ?? 60_000);
        // A later 429 may only extend a cooldown, never shorten it.
        if (entry.status === 'cooling' && (entry.until ?? 0) >= until) return;
        if (entry.status === 'healthy' || entry.status === 'cooling') {
          this.#transition(entry, 'cooling', 'rate limited (429)', until);
        }
        return;
      }
      case 'quota_exhausted':
        if (entry.status !== 'revoked' && entry.status !== 'exhausted') {
          this.#transition(
            entry,
            'exhausted',
            'insufficient_quota',
            now + (this.#options.exhaustedRetryMs ?? 3_600_000),
          );
        }
        return;
      case 'unauthorized':
        if (entry.status !== 'revoked')
          this.#transition(entry, 'revoked', 'rejected (401)', undefined);
        return;
      default:
        return;
    }
  }

  /** Live-checks every key through `verify` and applies the verdicts. */
  async checkAll(): Promise<void> {
    const verify = this.#options.verify;
    if (verify === undefined) return;
    const entries = [...this.#entries.values()].filter((e) => e.status !== 'draining');
    await Promise.all(
      entries.map(async (entry) => {
        let result: KeyCheckResult;
        try {
          result = await verify(entry.key);
        } catch {
          return;
        }
        this.#applyCheck(entry, result);
      }),
    );
  }

  #applyCheck(entry: KeyEntry, result: KeyCheckResult): void {
    if (entry.status === 'draining') return;
    const now = this.#now();
    switch (result.status) {
      case 'valid':
        // A cooling key's reset still stands: the check itself may have been let through.
        if (entry.status === 'exhausted' || entry.status === 'revoked') {
          this.#transition(entry, 'healthy', 'live check passed', undefined);
        }
        return;
      case 'invalid':
        if (entry.status !== 'revoked')
          this.#transition(entry, 'revoked', 'live check: invalid', undefined);
        return;
      case 'quota_exhausted':
        if (entry.status !== 'exhausted') {
          this.#transition(
            entry,
            'exhausted',
            'live check: insufficient_quota',
            now + (this.#options.exhaustedRetryMs ?? 3_600_000),
          );
        }
        return;
      case 'rate_limited':
        if (entry.status === 'healthy') {
          this.#transition(
            entry,
            'cooling',
            'live check: rate limited',
            now + (this.#options.defaultCooldownMs ?? 60_000),
          );
        }
        return;
      default:
        // unreachable / error / forbidden say nothing reliable about the key itself.
        return;
    }
  }

  /** Pulls states other processes shared; applies those newer than the local ones. */
  async sync(): Promise<void> {
    const store = this.#options.store;
    if (store === undefined) return;
    const records = await store.readRecords(NAMESPACE, [...this.#entries.keys()]);
    for (const [keyId, record] of records) {
      const entry = this.#entries.get(keyId);
      if (entry === undefined || entry.status === 'draining') continue;
      if (record.updatedAt <= entry.updatedAt) continue;
      const status = record.status as KeyStatus;
      if (!['healthy', 'cooling', 'exhausted', 'revoked'].includes(status)) continue;
      entry.updatedAt = record.updatedAt;
      this.#lastUpdate = Math.max(this.#lastUpdate, record.updatedAt);
      if (entry.status === status && entry.until === record.until) continue;
      const from = entry.status;
      entry.status = status;
      entry.until = record.until;
      entry.reason = record.reason;
      if (record.until !== undefined) this.#nextExpiry = Math.min(this.#nextExpiry, record.until);
      const event: KeyPoolEvent = {
        keyId,
        from,
        to: status,
        reason: `shared: ${record.reason ?? status}`,
      };
      if (record.until !== undefined) event.until = record.until;
      this.#options.onEvent?.(event);
    }
  }

  /** Every key's state, by fingerprint. */
  snapshot(): KeyStateSnapshot[] {
    this.#expire(this.#now());
    return [...this.#entries.values()].map((e) => {
      const s: KeyStateSnapshot = {
        keyId: e.keyId,
        status: e.status,
        weight: e.weight,
        inFlight: e.inFlight,
      };
      if (e.until !== undefined) s.until = e.until;
      if (e.reason !== undefined) s.reason = e.reason;
      return s;
    });
  }
}
