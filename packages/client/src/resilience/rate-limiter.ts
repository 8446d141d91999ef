import { AIQueueFullError, AIRateLimitError } from '@aiclient/errors';
import { abortError } from './abort-error';
import type { RateLimitHeaders } from './parse-rate-limit-headers';
import { sleep } from './sleep';
import type { StateStore, SyncBucketStore } from './state-store';
import type { BucketCost, BucketLimits } from './token-bucket';

const SETTLED: Promise<void> = Promise.resolve();

/** Client-side limits (the `rateLimit` option; settings `rateLimitRpm`/`Tpm`/`MaxQueue`). */
export interface RateLimiterOptions {
  /** Requests per window per bucket (key and model). env AICLIENT_RATE_LIMIT_RPM */
  requestsPerWindow?: number;
  /** Tokens per window per bucket. env AICLIENT_RATE_LIMIT_TPM */
  tokensPerWindow?: number;
  /** Window of the limits; a minute for RPM/TPM. @default 60000 */
  windowMs?: number;
  /** Calls allowed to wait at once; beyond it a call fails at once. @default 1000 */
  maxQueue?: number;
  /**
   * Share of each limit kept in reserve so requests that reach the server bunched (jitter) still
   * fit; the steady rate stays at the limit. @default 0.02
   */
  headroom?: number;
  /**
   * Longest sleep between two looks at a shared bucket: other processes spend from the same
   * bucket, so a computed wait is re-checked rather than trusted. @default 1000
   */
  maxPollMs?: number;
}

/** Runtime dependencies of a {@link RateLimiter}. */
export interface RateLimiterDependencies {
  store: StateStore;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
  /** Called when a call had to wait, with how long. */
  onWait?: (info: { bucket: string; waitedMs: number }) => void;
}

/** A granted reservation; settle it with the call's real usage and response headers. */
export interface RateLimitTicket {
  readonly bucket: string;
  readonly cost: BucketCost;
  /** Milliseconds the call spent in the limiter (queue and store round trips). */
  readonly waitedMs: number;
  /** True when the bucket itself made the call wait (not only the store's latency). */
  readonly throttled: boolean;
  /** Gives back (or takes) the difference between the estimate and the real token count. */
  reconcile(actualTokens: number | undefined): Promise<void>;
  /** Lowers the bucket to what the server reports remaining (never raises it). */
  calibrate(headers: RateLimitHeaders): Promise<void>;
  /** Marks the call as answered without headers to read (it failed). */
  finish(): void;
  /** Returns the whole reservation unused (the call did not go out). */
  release(): Promise<void>;
}

interface Waiter {
  cost: BucketCost;
  deadlineAt: number | undefined;
  signal: AbortSignal | undefined;
  enqueuedAt: number;
  throttled: boolean;
  resolve(ticket: RateLimitTicket): void;
  reject(error: unknown): void;
  done: boolean;
}

interface BucketQueue {
  waiters: Waiter[];
  pumping: boolean;
}

/** A bucket's granted calls whose response has not come back, with their summed cost. */
interface Flight {
  calls: Map<number, BucketCost>;
  requests: number;
  tokens: number;
}

/**
 * Granted calls in flight, per bucket, and the store they settle against; shared by a limiter
 * and its tickets. Calibration discounts the calls granted after the one whose headers it reads
 * (the server may not have seen them yet).
 */
class Ledger {
  readonly store: StateStore;
  readonly sync: SyncBucketStore | undefined;
  readonly limits: BucketLimits;
  readonly #flights = new Map<string, Flight>();
  #sequence = 0;

  constructor(store: StateStore, limits: BucketLimits) {
    this.store = store;
    this.sync = store.syncBuckets;
    this.limits = limits;
  }

  board(bucket: string, cost: BucketCost): number {
    const sequence = ++this.#sequence;
    let flight = this.#flights.get(bucket);
    if (flight === undefined) {
      flight = { calls: new Map(), requests: 0, tokens: 0 };
      this.#flights.set(bucket, flight);
    }
    flight.calls.set(sequence, cost);
    flight.requests += cost.requests;
    flight.tokens += cost.tokens;
    return sequence;
  }

  land(bucket: string, sequence: number, cost: BucketCost): void {
    const flight = this.#flights.get(bucket);
    if (flight === undefined || !flight.calls.delete(sequence)) return;
    if (flight.calls.size === 0) {
      this.#flights.delete(bucket);
    } else {
      flight.requests -= cost.requests;
      flight.tokens -= cost.tokens;
    }
  }

  /** Summed cost of the calls in flight in `bucket` (this one included, if it still is). */
  flying(bucket: string): Flight | undefined {
    return this.#flights.get(bucket);
  }

  /** Summed cost of the calls granted after `sequence` and still in flight. */
  grantedAfter(bucket: string, sequence: number): BucketCost {
    const later = { requests: 0, tokens: 0 };
    const flight = this.#flights.get(bucket);
    if (flight === undefined) return later;
    for (const [other, cost] of flight.calls) {
      if (other <= sequence) continue;
      later.requests += cost.requests;
      later.tokens += cost.tokens;
    }
    return later;
  }
}

/** True when lowering `level` to `remaining - discount` would change nothing. */
function holds(
  level: number,
  remaining: number | undefined,
  discount: number,
  limit: number | undefined,
): boolean {
  return limit === undefined || remaining === undefined || level <= remaining - discount;
}

/** A granted reservation (see {@link RateLimitTicket}). */
class Ticket implements RateLimitTicket {
  readonly bucket: string;
  readonly cost: BucketCost;
  readonly waitedMs: number;
  readonly throttled: boolean;
  readonly #ledger: Ledger;
  readonly #sequence: number;
  #reconciled = false;

  constructor(
    ledger: Ledger,
    bucket: string,
    cost: BucketCost,
    waitedMs: number,
    throttled: boolean,
  ) {
    this.#ledger = ledger;
    this.bucket = bucket;
    this.cost = cost;
    this.waitedMs = waitedMs;
    this.throttled = throttled;
    this.#sequence = ledger.board(bucket, cost);
  }

  finish(): void {
    this.#ledger.land(this.bucket, this.#sequence, this.cost);
  }

  release(): Promise<void> {
    this.finish();
    if (this.#reconciled) return SETTLED;
    this.#reconciled = true;
    return this.#adjust(this.cost);
  }

  reconcile(actualTokens: number | undefined): Promise<void> {
    this.finish();
    const ledger = this.#ledger;
    // Without a token limit there is nothing to give back (and no Redis round trip to pay).
    if (this.#reconciled || actualTokens === undefined || ledger.limits.tokens === undefined) {
      return SETTLED;
    }
    this.#reconciled = true;
    const delta = this.cost.tokens - actualTokens;
    return delta === 0 ? SETTLED : this.#adjust({ requests: 0, tokens: delta });
  }

  calibrate(headers: RateLimitHeaders): Promise<void> {
    const { remainingRequests, remainingTokens } = headers;
    const ledger = this.#ledger;
    const { bucket } = this;
    if (remainingRequests === undefined && remainingTokens === undefined) {
      this.finish();
      return SETTLED;
    }
    const { limits, sync } = ledger;
    if (sync !== undefined) {
      // Every call in flight is at least every call granted after this one: when the level
      // already sits below what the server reports minus all of them, there is nothing to lower
      // (the usual case, decided without walking the calls in flight).
      const level = sync.levelNow(bucket, limits);
      const flying = ledger.flying(bucket);
      if (
        holds(level.requests, remainingRequests, flying?.requests ?? 0, limits.requests) &&
        holds(level.tokens, remainingTokens, flying?.tokens ?? 0, limits.tokens)
      ) {
        this.finish();
        return SETTLED;
      }
    }
    // Calls granted after this one and still in flight may not have reached the server when it
    // answered; the ones that already came back were counted in what it reports.
    const later = ledger.grantedAfter(bucket, this.#sequence);
    this.finish();
    const remaining: Partial<BucketCost> = {};
    if (remainingRequests !== undefined) remaining.requests = remainingRequests - later.requests;
    if (remainingTokens !== undefined) remaining.tokens = remainingTokens - later.tokens;
    if (sync !== undefined) {
      sync.clampNow(bucket, remaining, limits);
      return SETTLED;
    }
    return ledger.store.clamp(bucket, remaining, limits).catch(() => undefined);
  }

  #adjust(delta: BucketCost): Promise<void> {
    const { store, sync, limits } = this.#ledger;
    if (sync !== undefined) {
      sync.adjustNow(this.bucket, delta, limits);
      return SETTLED;
    }
    return store.adjust(this.bucket, delta, limits).catch(() => undefined);
  }
}

/**
 * Client-side RPM/TPM limiter. Calls wait in one FIFO queue per bucket until the bucket (local
 * or shared through Redis) holds their cost; a wait that cannot end before the call's deadline
 * fails at once with a client-side AIRateLimitError (so a fallback can take over), and a full
 * queue turns overload into an immediate AIQueueFullError.
 */
export class RateLimiter {
  readonly #limits: BucketLimits;
  readonly #maxQueue: number;
  readonly #maxPollMs: number;
  readonly #deps: RateLimiterDependencies;
  readonly #now: () => number;
  readonly #queues = new Map<string, BucketQueue>();
  readonly #ledger: Ledger;
  #queued = 0;

  constructor(
    {
      requestsPerWindow,
      tokensPerWindow,
      windowMs = 60_000,
      maxQueue = 1000,
      maxPollMs = 1000,
      headroom = 0.02,
    }: RateLimiterOptions,
    dependencies: RateLimiterDependencies,
  ) {
    this.#limits = { windowMs, headroom };
    if (requestsPerWindow !== undefined) this.#limits.requests = requestsPerWindow;
    if (tokensPerWindow !== undefined) this.#limits.tokens = tokensPerWindow;
    this.#maxQueue = maxQueue;
    this.#maxPollMs = maxPollMs;
    this.#deps = dependencies;
    this.#now = dependencies.now ?? Date.now;
    this.#ledger = new Ledger(dependencies.store, this.#limits);
  }

  /** True when at least one limit is set. */
  get enabled(): boolean {
    return this.#limits.requests !== undefined || this.#limits.tokens !== undefined;
  }

  /** True when a token limit is set (only then are request tokens worth estimating). */
  get limitsTokens(): boolean {
    return this.#limits.tokens !== undefined;
  }

  /** Calls waiting now, over all buckets. */
  get queued(): number {
    return this.#queued;
  }

  /**
   * Reserves `cost` in `bucket` at once when that needs no wait: nobody is queued for the bucket,
   * the store answers in-process and the bucket holds the cost. Otherwise `undefined` (and
   * nothing is reserved): use {@link acquire}. No promise, timer or listener is made.
   */
  tryAcquire(bucket: string, cost: BucketCost): RateLimitTicket | undefined {
    const sync = this.#ledger.sync;
    if (sync === undefined || this.#queued >= this.#maxQueue || this.#queues.has(bucket)) {
      return undefined;
    }
    if (sync.takeNow(bucket, cost, this.#limits) !== 0) return undefined;
    return this.#ticket(bucket, cost, 0, false);
  }

  /**
   * Waits for `cost` in `bucket` (FIFO) and reserves it. Rejects with AIQueueFullError when the
   * queue is full, AIRateLimitError when the wait would pass `deadlineAt`, or the abort reason.
   */
  acquire(
    bucket: string,
    cost: BucketCost,
    options: { signal?: AbortSignal; deadlineAt?: number } = {},
  ): Promise<RateLimitTicket> {
    if (options.signal?.aborted)
      return Promise.reject(abortError(options.signal, 'client.rate-limit'));
    if (this.#queued >= this.#maxQueue) {
      return Promise.reject(
        new AIQueueFullError({
          message: `Client-side rate-limit queue is full (${this.#maxQueue} calls waiting); the call was shed.`,
          context: { source: 'client.rate-limit', details: { maxQueue: this.#maxQueue } },
        }),
      );
    }
    const granted = this.tryAcquire(bucket, cost);
    if (granted !== undefined) return Promise.resolve(granted);
    let queue = this.#queues.get(bucket);
    if (queue === undefined) {
      queue = { waiters: [], pumping: false };
      this.#queues.set(bucket, queue);
    }
    const current = queue;
    return new Promise<RateLimitTicket>((resolve, reject) => {
      const waiter: Waiter = {
        cost,
        deadlineAt: options.deadlineAt,
        signal: options.signal,
        enqueuedAt: this.#now(),
        throttled: false,
        resolve,
        reject,
        done: false,
      };
      const onAbort = (): void =>
        this.#finish(waiter, () => reject(abortError(options.signal, 'client.rate-limit')));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      waiter.resolve = (ticket) => {
        options.signal?.removeEventListener('abort', onAbort);
        resolve(ticket);
      };
      waiter.reject = (error) => {
        options.signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      current.waiters.push(waiter);
      this.#queued++;
      void this.#pump(bucket, current);
    });
  }

  #finish(waiter: Waiter, settle: () => void): void {
    if (waiter.done) return;
    waiter.done = true;
    this.#queued--;
    settle();
  }

  async #pump(bucket: string, queue: BucketQueue): Promise<void> {
    if (queue.pumping) return;
    queue.pumping = true;
    try {
      for (;;) {
        const head = queue.waiters[0];
        if (head === undefined) break;
        if (head.done) {
          queue.waiters.shift();
          continue;
        }
        let waitMs: number;
        try {
          waitMs = await this.#deps.store.take(bucket, head.cost, this.#limits);
        } catch {
          // The store degrades to local state itself; if even that fails, a limiter must not
          // fail calls, so the call goes ahead.
          waitMs = 0;
        }
        if (head.done) continue;
        const now = this.#now();
        if (waitMs === 0) {
          queue.waiters.shift();
          const ticket = this.#ticket(bucket, head.cost, now - head.enqueuedAt, head.throttled);
          this.#finish(head, () => head.resolve(ticket));
          if (ticket.throttled) this.#deps.onWait?.({ bucket, waitedMs: ticket.waitedMs });
          continue;
        }
        if (head.deadlineAt !== undefined && now + waitMs > head.deadlineAt) {
          queue.waiters.shift();
          this.#finish(head, () =>
            head.reject(
              new AIRateLimitError({
                message: `Client-side rate limit: the next slot is in ${waitMs} ms, after the call's deadline.`,
                retryAfterMs: waitMs,
                context: { source: 'client.rate-limit', details: { clientSide: true, waitMs } },
              }),
            ),
          );
          continue;
        }
        head.throttled = true;
        // Everyone behind the head waits for the bucket too.
        for (const waiter of queue.waiters) waiter.throttled = true;
        try {
          await sleep(Math.min(waitMs, this.#maxPollMs), head.signal);
        } catch {
          // The head was aborted: its abort listener already rejected it; serve the next one.
        }
      }
    } finally {
      queue.pumping = false;
      if (queue.waiters.length === 0) this.#queues.delete(bucket);
    }
  }

  #ticket(bucket: string, cost: BucketCost, waitedMs: number, throttled: boolean): RateLimitTicket {
    return new Ticket(this.#ledger, bucket, cost, waitedMs, throttled);
  }
}
