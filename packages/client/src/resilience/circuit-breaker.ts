import type { Outcome } from './classify-outcome';
import type { SharedRecord, StateStore } from './state-store';

/** `closed` lets calls through, `open` skips the target, `half_open` lets probes test it. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** What a finished call tells the breaker. `neutral` results (a 429, a bad request) say nothing about the target's health. */
export type CircuitVerdict = 'success' | 'failure' | 'neutral';

/** Breaker thresholds (the `circuitBreaker` option of the client). */
export interface CircuitBreakerOptions {
  /** Failure share in the window that opens the circuit. @default 0.5 */
  failureRateThreshold?: number;
  /** Calls the window must hold before the rate is judged. @default 10 */
  minimumCalls?: number;
  /** Length of the rolling window. @default 30000 */
  windowMs?: number;
  /** How long an open circuit skips the target before letting a probe through. @default 15000 */
  openMs?: number;
  /** Probes let through at once while half-open. @default 1 */
  halfOpenProbes?: number;
}

/** A state change of one target's breaker. */
export interface CircuitEvent {
  target: string;
  from: CircuitState;
  to: CircuitState;
  failureRate?: number;
}

/** Runtime dependencies of a breaker. */
export interface CircuitBreakerDependencies {
  /** Shares open/closed states with other processes. */
  store?: StateStore;
  onStateChange?: (event: CircuitEvent) => void;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** Permission to make one call; report how it went with `done` (exactly once). */
export interface CircuitPermit {
  probe: boolean;
  done(verdict: CircuitVerdict): void;
}

const BUCKETS = 10;
const NAMESPACE = 'circuit';

/** Maps a classified outcome to what it says about the target's health. */
export function circuitVerdict(outcome: Outcome): CircuitVerdict {
  if (outcome.kind === 'success') return 'success';
  if (outcome.kind === 'transient') return 'failure';
  return 'neutral';
}

/** A permit whose `done` counts once (later calls do nothing). */
class Permit implements CircuitPermit {
  readonly probe: boolean;
  readonly #settle: (probe: boolean, verdict: CircuitVerdict) => void;
  #finished = false;

  constructor(probe: boolean, settle: (probe: boolean, verdict: CircuitVerdict) => void) {
    this.probe = probe;
    this.#settle = settle;
  }

  done(verdict: CircuitVerdict): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#settle(this.probe, verdict);
  }
}

interface Slot {
  start: number;
  success: number;
  failure: number;
}

/**
 * One target's circuit breaker: a rolling window of call results; at `failureRateThreshold`
 * (with at least `minimumCalls`) it opens and the target is skipped without waiting; after
 * `openMs` it lets `halfOpenProbes` probes through, and their result closes or re-opens it.
 */
export class CircuitBreaker {
  readonly target: string;
  readonly #rate: number;
  readonly #minimum: number;
  readonly #windowMs: number;
  readonly #openMs: number;
  readonly #probes: number;
  readonly #deps: CircuitBreakerDependencies;
  readonly #now: () => number;
  #slots: Slot[] = [];
  #state: CircuitState = 'closed';
  #openUntil = 0;
  #probesInFlight = 0;
  #updatedAt = 0;

  constructor(
    target: string,
    {
      failureRateThreshold = 0.5,
      minimumCalls = 10,
      windowMs = 30_000,
      openMs = 15_000,
      halfOpenProbes = 1,
    }: CircuitBreakerOptions = {},
    dependencies: CircuitBreakerDependencies = {},
  ) {
    this.target = target;
    this.#rate = failureRateThreshold;
    this.#minimum = Math.max(1, minimumCalls);
    this.#windowMs = windowMs;
    this.#openMs = openMs;
    this.#probes = Math.max(1, halfOpenProbes);
    this.#deps = dependencies;
    this.#now = dependencies.now ?? Date.now;
  }

  /** The current state (an open circuit whose time is up reads as half-open). */
  get state(): CircuitState {
    if (this.#state === 'open' && this.#now() >= this.#openUntil) this.#move('half_open', false);
    return this.#state;
  }

  /** When an open circuit lets its next probe through; undefined unless open. */
  get retryAt(): number | undefined {
    return this.state === 'open' ? this.#openUntil : undefined;
  }

  /** Failures and calls in the current window. */
  counts(): { calls: number; failures: number } {
    const from = this.#now() - this.#windowMs;
    let calls = 0;
    let failures = 0;
    for (const slot of this.#slots) {
      if (slot.start + this.#windowMs / BUCKETS <= from) continue;
      calls += slot.success + slot.failure;
      failures += slot.failure;
    }
    return { calls, failures };
  }

  #move(to: CircuitState, share: boolean, failureRate?: number): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#updatedAt = Math.max(this.#now(), this.#updatedAt + 1);
    if (to === 'closed') this.#slots = [];
    if (to !== 'half_open') this.#probesInFlight = 0;
    const event: CircuitEvent = { target: this.target, from, to };
    if (failureRate !== undefined) event.failureRate = failureRate;
    this.#deps.onStateChange?.(event);
    if (share && this.#deps.store !== undefined && to !== 'half_open') {
      const record: SharedRecord = { status: to, updatedAt: this.#updatedAt };
      if (to === 'open') record.until = this.#openUntil;
      // Sharing is best effort: the store degrades to local state by itself.
      this.#deps.store
        .writeRecord(NAMESPACE, this.target, record, this.#openMs + this.#windowMs)
        .catch(() => undefined);
    }
  }

  #open(failureRate?: number): void {
    this.#openUntil = this.#now() + this.#openMs;
    this.#move('open', true, failureRate);
  }

  /** Asks to make a call: a permit, or undefined when the circuit is open (skip the target). */
  tryAcquire(): CircuitPermit | undefined {
    const state = this.state;
    if (state === 'open') return undefined;
    if (state === 'half_open') {
      if (this.#probesInFlight >= this.#probes) return undefined;
      this.#probesInFlight++;
      return this.#permit(true);
    }
    return this.#permit(false);
  }

  #permit(probe: boolean): CircuitPermit {
    return new Permit(probe, this.#settle);
  }

  readonly #settle = (probe: boolean, verdict: CircuitVerdict): void => {
    if (probe) this.#finishProbe(verdict);
    else this.#record(verdict);
  };

  #finishProbe(verdict: CircuitVerdict): void {
    if (this.#state !== 'half_open') return;
    this.#probesInFlight = Math.max(0, this.#probesInFlight - 1);
    if (verdict === 'success') this.#move('closed', true);
    else if (verdict === 'failure') this.#open();
  }

  #record(verdict: CircuitVerdict): void {
    if (verdict === 'neutral' || this.#state !== 'closed') return;
    const now = this.#now();
    const width = this.#windowMs / BUCKETS;
    const start = Math.floor(now / width) * width;
    let slot = this.#slots.at(-1);
    if (slot === undefined || slot.start !== start) {
      slot = { start, success: 0, failure: 0 };
      this.#slots.push(slot);
      this.#slots = this.#slots.filter((s) => s.start + width > now - this.#windowMs);
    }
    slot[verdict]++;
    if (verdict === 'failure') {
      const { calls, failures } = this.counts();
      const rate = failures / calls;
      if (calls >= this.#minimum && rate >= this.#rate) this.#open(rate);
    }
  }

  /** Pulls a state another process shared when it is newer than the local one. */
  async sync(): Promise<void> {
    const store = this.#deps.store;
    if (store === undefined) return;
    const record = (await store.readRecords(NAMESPACE, [this.target])).get(this.target);
    if (record === undefined || record.updatedAt <= this.#updatedAt) return;
    if (record.status === 'open' && record.until !== undefined) {
      this.#openUntil = record.until;
      this.#move('open', false);
    } else if (record.status === 'closed') {
      this.#move('closed', false);
    }
    this.#updatedAt = record.updatedAt;
  }
}
