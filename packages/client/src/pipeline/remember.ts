/** Entries a {@link remember} map holds before it starts over. */
export const REMEMBERED_LIMIT = 256;

/**
 * `memo`'s value for `key`, computed by `compute` and kept on first use. The map is cleared once
 * it holds {@link REMEMBERED_LIMIT} entries, because its keys (URLs, model names, error codes)
 * come from callers and servers: a hot path reuses a handful of values without growing forever.
 */
export function remember<K, V>(memo: Map<K, V>, key: K, compute: () => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    value = compute();
    if (memo.size >= REMEMBERED_LIMIT) memo.clear();
    memo.set(key, value);
  }
  return value;
}
