/** What a response's rate-limit headers say about the caller's remaining budget. */
export interface RateLimitHeaders {
  /** `x-ratelimit-limit-requests`. */
  limitRequests?: number;
  /** `x-ratelimit-limit-tokens`. */
  limitTokens?: number;
  /** `x-ratelimit-remaining-requests`. */
  remainingRequests?: number;
  /** `x-ratelimit-remaining-tokens`. */
  remainingTokens?: number;
  /** `x-ratelimit-reset-requests`, in milliseconds from the response. */
  resetRequestsMs?: number;
  /** `x-ratelimit-reset-tokens`, in milliseconds from the response. */
  resetTokensMs?: number;
  /** `retry-after-ms` or `retry-after` (seconds or an HTTP date), in milliseconds. */
  retryAfterMs?: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses OpenAI's reset durations (`"1s"`, `"6m0s"`, `"20ms"`, `"1h2m3.5s"`) and bare seconds
 * (`"2.5"`) into milliseconds; `undefined` when the value is not a duration.
 */
export function parseResetDuration(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const part = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(part)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000);
    consumed += match[0].length;
  }
  // Reject strings with leftovers such as "soon" or "5 minutes" rather than guessing.
  if (consumed !== text.length) return undefined;
  return Math.ceil(total);
}

function parseCount(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const ms = parseCount(headers.get('retry-after-ms'));
  if (ms !== undefined) return ms;
  const raw = headers.get('retry-after');
  if (raw === null) return undefined;
  const seconds = parseCount(raw);
  if (seconds !== undefined) return Math.ceil(seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Reads the `x-ratelimit-*` and `retry-after*` headers of a response; absent ones stay absent. */
export function parseRateLimitHeaders(
  headers: Headers,
  now: number = Date.now(),
): RateLimitHeaders {
  const result: RateLimitHeaders = {};
  const set = <K extends keyof RateLimitHeaders>(key: K, value: number | undefined): void => {
    if (value !== undefined) result[key] = value;
  };
  set('limitRequests', parseCount(headers.get('x-ratelimit-limit-requests')));
  set('limitTokens', parseCount(headers.get('x-ratelimit-limit-tokens')));
  set('remainingRequests', parseCount(headers.get('x-ratelimit-remaining-requests')));
  set('remainingTokens', parseCount(headers.get('x-ratelimit-remaining-tokens')));
  set('resetRequestsMs', parseResetDuration(headers.get('x-ratelimit-reset-requests')));
  set('resetTokensMs', parseResetDuration(headers.get('x-ratelimit-reset-tokens')));
  set('retryAfterMs', parseRetryAfter(headers, now));
  return result;
}

/**
 * Only `x-ratelimit-remaining-requests` and `-tokens` (what the limiter calibrates with after
 * every response), skipping the other headers; `undefined` when neither is present.
 */
export function parseRemainingBudget(
  headers: Headers,
): Pick<RateLimitHeaders, 'remainingRequests' | 'remainingTokens'> | undefined {
  const remainingRequests = parseCount(headers.get('x-ratelimit-remaining-requests'));
  const remainingTokens = parseCount(headers.get('x-ratelimit-remaining-tokens'));
  if (remainingRequests === undefined) {
    return remainingTokens === undefined ? undefined : { remainingTokens };
  }
  return remainingTokens === undefined
    ? { remainingRequests }
    : { remainingRequests, remainingTokens };
}

/** The longest wait the headers of a 429 ask for, or `undefined` when they name none. */
export function rateLimitResetMs(info: RateLimitHeaders): number | undefined {
  const candidates = [info.retryAfterMs];
  if (info.remainingRequests === 0) candidates.push(info.resetRequestsMs);
  if (info.remainingTokens === 0) candidates.push(info.resetTokensMs);
  const known = candidates.filter((v): v is number => v !== undefined);
  if (known.length > 0) return Math.max(...known);
  const resets = [info.resetRequestsMs, info.resetTokensMs].filter(
    (v): v is number => v !== undefined,
  );
  return resets.length > 0 ? Math.max(...resets) : undefined;
}
