import { createHash, hash } from 'node:crypto';
import { remember } from '../pipeline/remember';

/** Per-call cache control, as the pipeline reads it from `x-aiclient-cache`. */
export type CacheMode = 'default' | 'bypass' | 'force';

/** Query parameters that may carry credentials; never part of a cache key. */
const SECRET_PARAMS = new Set(['api-key', 'api_key', 'key', 'access_token', 'token']);

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

// publicUrl by URL: a client calls a handful of URLs, each on every call.
const publicUrls = new Map<string, string>();

/** Past this length the body is hashed where it lies rather than copied behind the request line. */
const INLINE_BODY_CHARS = 1024;

/**
 * The cache key of a request: a SHA-256 over method, endpoint URL (credential-like query
 * parameters dropped) and the JSON body exactly as it is sent (`body`, the text the SDK
 * serialized), or as `JSON.stringify` serializes `json` when there is no body text. The body is
 * hashed as is, neither parsed nor re-ordered, so a 100 KB prompt costs one hash pass; requests
 * share an entry when their JSON text is the same (the SDK serializes the params object in its
 * own key order and drops `undefined` fields). Headers are never part of it, so no API key can
 * reach a key, and the key is a hash, so no prompt text is stored in it either.
 */
export function cacheKey(request: {
  method: string;
  url: string;
  json: Readonly<Record<string, unknown>> | undefined;
  /** The request body; a string body is the JSON text that is hashed. */
  body?: unknown;
}): string {
  const body =
    typeof request.body === 'string' ? request.body : JSON.stringify(request.json ?? null);
  const line = `${request.method.toUpperCase()} ${remember(publicUrls, request.url, () => publicUrl(request.url))}\n`;
  if (body.length <= INLINE_BODY_CHARS) return `v2:${hash('sha256', line + body)}`;
  return `v2:${createHash('sha256').update(line).update(body).digest('hex')}`;
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
