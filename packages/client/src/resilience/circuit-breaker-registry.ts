import {
  CircuitBreaker,
  type CircuitBreakerDependencies,
  type CircuitBreakerOptions,
} from './circuit-breaker';

/** One breaker per target id, created on first use with shared options; syncs them together. */
export class CircuitBreakerRegistry {
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #firstSync = new Map<string, Promise<void>>();
  readonly #options: CircuitBreakerOptions;
  readonly #deps: CircuitBreakerDependencies;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: CircuitBreakerOptions = {}, dependencies: CircuitBreakerDependencies = {}) {
    this.#options = options;
    this.#deps = dependencies;
  }

  /** The breaker of `target`. */
  get(target: string): CircuitBreaker {
    let breaker = this.#breakers.get(target);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(target, this.#options, this.#deps);
      this.#breakers.set(target, breaker);
      // A target first seen here may already be open elsewhere: look now, not at the next tick.
      if (this.#deps.store !== undefined) {
        this.#firstSync.set(
          target,
          breaker
            .sync()
            .catch(() => undefined)
            .then(() => {
              this.#firstSync.delete(target);
            }),
        );
      }
    }
    return breaker;
  }

  /** The breaker of `target`, once its shared state (if any) was read for the first time. */
  async getSynced(target: string): Promise<CircuitBreaker> {
    const breaker = this.get(target);
    await this.#firstSync.get(target);
    return breaker;
  }

  /**
   * The first read of `target`'s shared state while it is under way (starting it for a target
   * not seen before), else `undefined`: callers wait only when there is something to wait for.
   */
  firstSync(target: string): Promise<void> | undefined {
    this.get(target);
    return this.#firstSync.get(target);
  }

  /** Every breaker's state, by target id. */
  states(): Record<string, string> {
    return Object.fromEntries([...this.#breakers].map(([id, b]) => [id, b.state]));
  }

  /** Pulls shared states of every known breaker. */
  async sync(): Promise<void> {
    await Promise.all([...this.#breakers.values()].map((b) => b.sync()));
  }

  /** Pulls shared states every `intervalMs` (unref'd timer) when a store is configured. */
  start(intervalMs = 500): void {
    if (this.#deps.store === undefined || this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      this.sync().catch(() => undefined);
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops syncing. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
