/** The two budgets a rate-limit bucket holds. */
export interface BucketCost {
  requests: number;
  tokens: number;
}

/**
 * Limits of one bucket: `requests` and `tokens` per `windowMs` (a minute for RPM/TPM). A missing
 * limit leaves that dimension unbounded.
 */
export interface BucketLimits {
  requests?: number;
  tokens?: number;
  windowMs: number;
  /**
   * Share of each limit kept in reserve (0..0.5): a grant must leave this much in the bucket.
   * Requests granted in order can reach the server bunched (event-loop and network jitter);
   * the reserve absorbs that so a client running exactly at the limit never sees a 429. The
   * steady rate is unchanged; only the initial burst is smaller. @default 0
   */
  headroom?: number;
}

/** A bucket's level at time `at` (ms since the epoch). */
export interface BucketState {
  requests: number;
  tokens: number;
  at: number;
}

/** A full bucket: a fresh process may use a whole window's budget at once, as the server allows. */
export function fullBucket(limits: BucketLimits, now: number): BucketState {
  return {
    requests: limits.requests ?? Number.POSITIVE_INFINITY,
    tokens: limits.tokens ?? Number.POSITIVE_INFINITY,
    at: now,
  };
}

function refillDimension(
  level: number,
  limit: number | undefined,
  elapsed: number,
  windowMs: number,
) {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  // Levels may be negative after a reconciliation took more than was reserved: that debt is paid
  // back by the same continuous refill.
  return Math.min(limit, level + (elapsed * limit) / windowMs);
}

/** The bucket refilled continuously up to `now` (limit per window, capped at the limit). */
export function refillBucket(state: BucketState, limits: BucketLimits, now: number): BucketState {
  const elapsed = Math.max(0, now - state.at);
  return {
    requests: refillDimension(state.requests, limits.requests, elapsed, limits.windowMs),
    tokens: refillDimension(state.tokens, limits.tokens, elapsed, limits.windowMs),
    at: Math.max(now, state.at),
  };
}

function waitFor(level: number, need: number, limit: number | undefined, windowMs: number): number {
  if (limit === undefined || level >= need) return 0;
  return Math.ceil(((need - level) * windowMs) / limit);
}

function headroomOf(limits: BucketLimits): number {
  return Math.min(0.5, Math.max(0, limits.headroom ?? 0));
}

/** A cost no bucket could ever grant (more than a window holds) is capped to what it can give. */
export function capCost(cost: BucketCost, limits: BucketLimits): BucketCost {
  const usable = 1 - headroomOf(limits);
  return {
    requests: Math.min(cost.requests, (limits.requests ?? Number.POSITIVE_INFINITY) * usable),
    tokens: Math.min(cost.tokens, (limits.tokens ?? Number.POSITIVE_INFINITY) * usable),
  };
}

/**
 * Takes `cost` when both budgets hold it (`waitMs` 0), otherwise takes nothing and says how long
 * until they will. All or nothing, so a waiting caller never holds a partial reservation.
 */
export function takeFromBucket(
  state: BucketState,
  cost: BucketCost,
  limits: BucketLimits,
  now: number,
): { state: BucketState; waitMs: number } {
  const level = refillBucket(state, limits, now);
  const need = capCost(cost, limits);
  const reserve = headroomOf(limits);
  const waitMs = Math.max(
    waitFor(
      level.requests,
      need.requests + reserve * (limits.requests ?? 0),
      limits.requests,
      limits.windowMs,
    ),
    waitFor(
      level.tokens,
      need.tokens + reserve * (limits.tokens ?? 0),
      limits.tokens,
      limits.windowMs,
    ),
  );
  if (waitMs > 0) return { state: level, waitMs };
  return {
    state: {
      requests: level.requests - need.requests,
      tokens: level.tokens - need.tokens,
      at: level.at,
    },
    waitMs: 0,
  };
}

/** Adds `delta` back (negative delta takes more), capped at the limits. */
export function adjustBucket(
  state: BucketState,
  delta: BucketCost,
  limits: BucketLimits,
  now: number,
): BucketState {
  const level = refillBucket(state, limits, now);
  return {
    requests: Math.min(
      limits.requests ?? Number.POSITIVE_INFINITY,
      level.requests + delta.requests,
    ),
    tokens: Math.min(limits.tokens ?? Number.POSITIVE_INFINITY, level.tokens + delta.tokens),
    at: level.at,
  };
}

/** Lowers the levels to at most what the server says remains; never raises them. */
export function clampBucket(
  state: BucketState,
  remaining: Partial<BucketCost>,
  limits: BucketLimits,
  now: number,
): BucketState {
  const level = refillBucket(state, limits, now);
  return {
    requests: Math.min(level.requests, remaining.requests ?? Number.POSITIVE_INFINITY),
    tokens: Math.min(level.tokens, remaining.tokens ?? Number.POSITIVE_INFINITY),
    at: level.at,
  };
}
