import { createHash } from 'node:crypto';

const cache = new Map<string, string>();

/**
 * A short non-secret fingerprint of an API key: `key_` + the first 8 hex digits of its SHA-256
 * (the same shape `@aiclient/config` uses), cached so the hot path hashes each key once.
 */
export function keyId(key: string): string {
  let id = cache.get(key);
  if (id === undefined) {
    id = `key_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
    // Bounded: a test that sends thousands of distinct wrong keys must not grow memory forever.
    if (cache.size > 10_000) cache.clear();
    cache.set(key, id);
  }
  return id;
}
