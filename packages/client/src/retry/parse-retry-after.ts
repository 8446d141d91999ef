/** A server's advice on when to try again. */
export interface RetryAdvice {
  /** Milliseconds to wait from `now`. */
  waitMs: number;
  /** The moment the limit resets (`now + waitMs`). */
  resetAt: Date;
  /** Which header the advice came from. */
  source: 'retry-after-ms' | 'retry-after' | 'x-ratelimit-reset';
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses an OpenAI reset duration such as `1s`, `6m0s`, `20ms` or `1h2m3.5s` into
 * milliseconds; a bare number counts as seconds. Returns undefined when unparseable.
 */
export function parseResetDuration(value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  DURATION_PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = DURATION_PART.exec(text); match; match = DURATION_PART.exec(text)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000);
    consumed = DURATION_PART.lastIndex;
  }
  return consumed === text.length ? total : undefined;
}

function nonNegative(value: number): number | undefined {
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function fromRetryAfter(value: string, now: number): number | undefined {
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return nonNegative(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function fromRateLimitReset(headers: Headers): number | undefined {
  const requests = headers.get('x-ratelimit-reset-requests');
  const tokens = headers.get('x-ratelimit-reset-tokens');
  const requestsMs = requests === null ? undefined : parseResetDuration(requests);
  const tokensMs = tokens === null ? undefined : parseResetDuration(tokens);
  // Wait for the limit that is exhausted; when neither says so, the sooner reset is the guess
  // that wastes the least time.
  const exhausted: number[] = [];
  if (requestsMs !== undefined && headers.get('x-ratelimit-remaining-requests') === '0') {
    exhausted.push(requestsMs);
  }
  if (tokensMs !== undefined && headers.get('x-ratelimit-remaining-tokens') === '0') {
    exhausted.push(tokensMs);
  }
  if (exhausted.length > 0) return Math.max(...exhausted);
  const known = [requestsMs, tokensMs].filter((ms): ms is number => ms !== undefined);
  return known.length > 0 ? Math.min(...known) : undefined;
}

/**
 * Reads a response's retry advice, honoured at any length: `retry-after-ms`, then
 * `retry-after` (seconds or an HTTP date), then `x-ratelimit-reset-requests` /
 * `x-ratelimit-reset-tokens`. Returns undefined when the response gives none.
 */
export function parseRetryAfter(
  headers: Headers,
  now: number = Date.now(),
): RetryAdvice | undefined {
  let waitMs: number | undefined;
  let source: RetryAdvice['source'] = 'retry-after-ms';
  const ms = headers.get('retry-after-ms');
  if (ms !== null) waitMs = nonNegative(Number.parseFloat(ms));
  if (waitMs === undefined) {
    const header = headers.get('retry-after');
    if (header !== null) {
      waitMs = fromRetryAfter(header, now);
      source = 'retry-after';
    }
  }
  if (waitMs === undefined) {
    waitMs = fromRateLimitReset(headers);
    source = 'x-ratelimit-reset';
  }
  if (waitMs === undefined) return undefined;
  const rounded = Math.ceil(waitMs);
  return { waitMs: rounded, resetAt: new Date(now + rounded), source };
}
