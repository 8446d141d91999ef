import { formatResetDuration } from './format-reset-duration';

/** Server-side limits applied to each API key separately, like an OpenAI organization's. */
export interface RateLimits {
  /** Requests per minute per key. */
  rpm?: number;
  /** Tokens per minute per key (prompt estimate plus completion). */
  tpm?: number;
}

/** The outcome of charging one request to a key's windows. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Which limit refused the request, when one did. */
  exceeded?: 'requests' | 'tokens';
  /** Milliseconds until the refused request would fit. */
  retryAfterMs: number;
  /** `x-ratelimit-*` headers, the same names and formats the API uses. */
  headers: Record<string, string>;
  limit: number;
  used: number;
}

/** A continuously refilling bucket (OpenAI replenishes limits continuously, not per minute). */
class Bucket {
  readonly capacity: number;
  private tokens: number;
  private updatedAt: number;

  constructor(capacity: number, now: number) {
    this.capacity = capacity;
    this.tokens = capacity;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    const elapsed = now - this.updatedAt;
    if (elapsed > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.capacity) / 60_000);
      this.updatedAt = now;
    }
  }

  /** Takes `amount` if available; returns the wait in ms otherwise. */
  take(amount: number, now: number): number {
    this.refill(now);
    if (this.tokens >= amount) {
      this.tokens -= amount;
      return 0;
    }
    return Math.ceil(((amount - this.tokens) * 60_000) / this.capacity);
  }

  remaining(): number {
    return Math.max(0, Math.floor(this.tokens));
  }

  /** Milliseconds until the bucket is full again (the API's `x-ratelimit-reset-*`). */
  resetMs(): number {
    return ((this.capacity - this.tokens) * 60_000) / this.capacity;
  }
}

/** Per-key RPM and TPM windows answering with OpenAI's rate-limit headers. */
export class KeyRateLimiter {
  private readonly limits: RateLimits;
  private readonly requests = new Map<string, Bucket>();
  private readonly tokens = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(limits: RateLimits, now: () => number = Date.now) {
    this.limits = limits;
    this.now = now;
  }

  /** Charges one request of `tokenCost` tokens to `key` (a key id; '' for anonymous). */
  charge(key: string, tokenCost: number): RateLimitDecision {
    const now = this.now();
    const headers: Record<string, string> = {};
    let requestBucket: Bucket | undefined;
    let tokenBucket: Bucket | undefined;
    if (this.limits.rpm !== undefined) {
      requestBucket = this.requests.get(key);
      if (requestBucket === undefined) {
        requestBucket = new Bucket(this.limits.rpm, now);
        this.requests.set(key, requestBucket);
      }
    }
    if (this.limits.tpm !== undefined) {
      tokenBucket = this.tokens.get(key);
      if (tokenBucket === undefined) {
        tokenBucket = new Bucket(this.limits.tpm, now);
        this.tokens.set(key, tokenBucket);
      }
    }
    let decision: Pick<
      RateLimitDecision,
      'allowed' | 'exceeded' | 'retryAfterMs' | 'limit' | 'used'
    > = { allowed: true, retryAfterMs: 0, limit: 0, used: 0 };
    const requestWait = requestBucket?.take(1, now) ?? 0;
    if (requestBucket !== undefined && requestWait > 0) {
      decision = {
        allowed: false,
        exceeded: 'requests',
        retryAfterMs: requestWait,
        limit: requestBucket.capacity,
        used: requestBucket.capacity - requestBucket.remaining(),
      };
    } else if (tokenBucket !== undefined) {
      const tokenWait = tokenBucket.take(tokenCost, now);
      if (tokenWait > 0) {
        decision = {
          allowed: false,
          exceeded: 'tokens',
          retryAfterMs: tokenWait,
          limit: tokenBucket.capacity,
          used: tokenBucket.capacity - tokenBucket.remaining(),
        };
      }
    }
    if (requestBucket !== undefined) {
      headers['x-ratelimit-limit-requests'] = String(requestBucket.capacity);
      headers['x-ratelimit-remaining-requests'] = String(requestBucket.remaining());
      headers['x-ratelimit-reset-requests'] = formatResetDuration(requestBucket.resetMs());
    }
    if (tokenBucket !== undefined) {
      headers['x-ratelimit-limit-tokens'] = String(tokenBucket.capacity);
      headers['x-ratelimit-remaining-tokens'] = String(tokenBucket.remaining());
      headers['x-ratelimit-reset-tokens'] = formatResetDuration(tokenBucket.resetMs());
    }
    return { ...decision, headers };
  }
}
