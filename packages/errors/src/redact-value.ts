import { isSensitiveKey } from './is-sensitive-key';
import { REDACTED, redactSecrets } from './redact-secrets';

const MAX_DEPTH = 12;

/**
 * Deep copy of `value` with secret-looking strings masked and every value under a sensitive key
 * (`authorization`, `apiKey`, `api-key`, `password`, ...) replaced by `[REDACTED]`.
 * Cycles become `'[Circular]'`; errors become `{ name, message }`; class instances become plain
 * objects of their own enumerable properties. The input is never modified.
 */
export function redactValue(value: unknown): unknown {
  return copy(value, new WeakSet(), 0);
}

function copy(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value === 'symbol') return redactSecrets(value.toString());
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[MaxDepth]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => copy(item, seen, depth + 1));
    if (value instanceof Map) {
      const out = new Map<unknown, unknown>();
      for (const [k, v] of value) {
        out.set(
          k,
          typeof k === 'string' && isSensitiveKey(k) ? REDACTED : copy(v, seen, depth + 1),
        );
      }
      return out;
    }
    if (value instanceof Set) {
      return new Set([...value].map((item) => copy(item, seen, depth + 1)));
    }
    if (value instanceof Error) {
      return { name: value.name, message: redactSecrets(String(value.message)) };
    }
    // Fetch `Headers` and similar iterables of pairs: copy as a plain record.
    if (isHeadersLike(value)) return copyEntries(value.entries(), seen, depth);
    return copyEntries(Object.entries(value), seen, depth);
  } finally {
    seen.delete(value);
  }
}

function copyEntries(
  entries: Iterable<[string, unknown]>,
  seen: WeakSet<object>,
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    out[key] =
      isSensitiveKey(key) && item !== undefined && item !== null
        ? REDACTED
        : copy(item, seen, depth + 1);
  }
  return out;
}

function isHeadersLike(value: object): value is { entries(): Iterable<[string, unknown]> } {
  return (
    typeof (value as { entries?: unknown }).entries === 'function' &&
    typeof (value as { get?: unknown }).get === 'function' &&
    typeof (value as { has?: unknown }).has === 'function'
  );
}
