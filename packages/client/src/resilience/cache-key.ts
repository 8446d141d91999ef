import { createHash } from 'node:crypto';

/** Per-call cache control, as the pipeline reads it from `x-aiclient-cache`. */
export type CacheMode = 'default' | 'bypass' | 'force';

/** Query parameters that may carry credentials; never part of a cache key. */
const SECRET_PARAMS = new Set(['api-key', 'api_key', 'key', 'access_token', 'token']);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** The URL without credentials, fragment or credential-looking query parameters. */
function publicUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.has(name.toLowerCase())) parsed.searchParams.delete(name);
  }
  parsed.searchParams.sort();
  return parsed.toString();
}

/**
 * The cache key of a request: a SHA-256 over method, endpoint URL and the JSON body with keys
 * sorted (so `{a, b}` and `{b, a}` hit the same entry). Headers are never part of it, so no API
 * key can reach a key, and the key is a hash, so no prompt text is stored in it either.
 */
export function cacheKey(request: {
  method: string;
  url: string;
  json: Readonly<Record<string, unknown>> | undefined;
}): string {
  const material = JSON.stringify([
    request.method.toUpperCase(),
    publicUrl(request.url),
    canonical(request.json ?? null),
  ]);
  return `v1:${createHash('sha256').update(material).digest('hex')}`;
}

/**
 * Whether a request may be served from and stored in the cache: never with `bypass`, always
 * with `force`, otherwise only deterministic requests (`temperature: 0`) with a JSON body.
 */
export function isCacheable(
  json: Readonly<Record<string, unknown>> | undefined,
  mode: CacheMode,
): boolean {
  if (mode === 'bypass' || json === undefined) return false;
  if (mode === 'force') return true;
  return json.temperature === 0;
}
