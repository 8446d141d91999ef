/** Options of {@link fullJitterBackoff}. */
export interface BackoffOptions {
  /** First retry's ceiling in milliseconds. @default 500 (`AICLIENT_RETRY_BASE_DELAY_MS`) */
  baseMs: number;
  /** Upper bound of any single wait in milliseconds. @default 20000 (`AICLIENT_RETRY_MAX_DELAY_MS`) */
  capMs: number;
  /** Uniform random source in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
}

/**
 * Wait before the retry that follows failed attempt `attempt` (1-based), using "full jitter":
 * a uniform draw between 0 and `min(cap, base * 2^(attempt-1))`. Full jitter spreads clients
 * that failed together, which matters most for 429s and 5xx bursts.
 */
export function fullJitterBackoff(attempt: number, options: BackoffOptions): number {
  const { baseMs, capMs, random = Math.random } = options;
  const exponent = Math.max(0, attempt - 1);
  // 2 ** 1024 is Infinity, and min() keeps that within the cap (0 * Infinity would be NaN).
  const ceiling = baseMs <= 0 ? 0 : Math.min(capMs, baseMs * 2 ** exponent);
  return Math.max(0, Math.floor(random() * ceiling));
}
