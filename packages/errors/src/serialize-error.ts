import { isSensitiveKey } from './is-sensitive-key';
import { REDACTED, redactSecrets } from './redact-secrets';

/** Longest string kept in serialized output; longer ones are cut with a note. */
export const MAX_SERIALIZED_STRING = 8192;
const MAX_CAUSE_DEPTH = 8;
const MAX_VALUE_DEPTH = 10;
const MAX_ARRAY_ITEMS = 100;

/** JSON-safe, redacted form of an error. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  retryable?: boolean;
  status?: number;
  requestId?: string;
  /** The error's context with `timestamp` as an ISO string and `details` redacted. */
  context?: Record<string, unknown>;
  /** Only with `includeStack: true`. */
  stack?: string;
  cause?: SerializedError;
  /** Members of an `AggregateError`. */
  errors?: SerializedError[];
  /** Other own properties of the error (e.g. `issues`, `resetAt`), made JSON-safe. */
  [extra: string]: unknown;
}

/** Options of {@link serializeError}. */
export interface SerializeErrorOptions {
  /**
   * Include stacks (of the error and its causes). Keep off in production output.
   * @default false
   */
  includeStack?: boolean;
}

// Handled explicitly below, or not worth copying.
const SKIPPED_KEYS = new Set([
  'name',
  'message',
  'stack',
  'cause',
  'code',
  'retryable',
  'status',
  'requestId',
  'context',
  'errors',
]);

/**
 * Turns any thrown value into a plain object that `JSON.stringify` accepts: cycles in causes
 * and values are cut, BigInts become strings, long strings are truncated, and anything that
 * looks like a secret is redacted. Never throws.
 */
export function serializeError(
  err: unknown,
  { includeStack = false }: SerializeErrorOptions = {},
): SerializedError {
  try {
    return serializeOne(err, { includeStack, seen: new WeakSet() }, 0);
  } catch {
    return { name: 'Error', message: '[unserializable error]' };
  }
}

interface State {
  includeStack: boolean;
  seen: WeakSet<object>;
}

function serializeOne(err: unknown, state: State, depth: number): SerializedError {
  if (typeof err !== 'object' || err === null) {
    return { name: 'NonError', message: safeString(describePrimitive(err)) };
  }
  if (state.seen.has(err)) return { name: 'Circular', message: '[Circular cause]' };
  if (depth >= MAX_CAUSE_DEPTH) return { name: 'MaxDepth', message: '[cause chain too deep]' };
  state.seen.add(err);

  const name = read(err, 'name');
  const message = read(err, 'message');
  const out: SerializedError = {
    name: typeof name === 'string' && name !== '' ? safeString(name) : 'Error',
    message: typeof message === 'string' ? safeString(message) : safeString(describeObject(err)),
  };
  const code = read(err, 'code');
  if (typeof code === 'string' || typeof code === 'number') out.code = safeString(String(code));
  const retryable = read(err, 'retryable');
  if (typeof retryable === 'boolean') out.retryable = retryable;
  const status = read(err, 'status');
  if (typeof status === 'number') out.status = status;
  const requestId = read(err, 'requestId') ?? read(err, 'requestID');
  if (typeof requestId === 'string') out.requestId = safeString(requestId);
  const context = read(err, 'context');
  if (typeof context === 'object' && context !== null) {
    out.context = toSafeJson(context, new WeakSet(), 0) as Record<string, unknown>;
  }
  for (const key of ownKeys(err)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = read(err, key);
    if (value === undefined || typeof value === 'function') continue;
    out[key] = isSensitiveKey(key) ? REDACTED : toSafeJson(value, new WeakSet([err]), 0);
  }
  if (state.includeStack) {
    const stack = read(err, 'stack');
    if (typeof stack === 'string') out.stack = safeString(stack);
  }
  const errors = read(err, 'errors');
  if (Array.isArray(errors)) {
    out.errors = errors.slice(0, MAX_ARRAY_ITEMS).map((e) => serializeOne(e, state, depth + 1));
  }
  const cause = read(err, 'cause');
  if (cause !== undefined) out.cause = serializeOne(cause, state, depth + 1);
  return out;
}

/** Reads a property without letting a throwing getter or proxy escape. */
function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function ownKeys(target: object): string[] {
  try {
    return Object.keys(target);
  } catch {
    return [];
  }
}

function safeString(text: string): string {
  // Redact before truncating so a cut can never leave part of a secret unmatched.
  const redacted = redactSecrets(text);
  if (redacted.length <= MAX_SERIALIZED_STRING) return redacted;
  const dropped = redacted.length - MAX_SERIALIZED_STRING;
  return `${redacted.slice(0, MAX_SERIALIZED_STRING)}...[truncated ${dropped} chars]`;
}

function describePrimitive(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  return String(value);
}

function describeObject(value: object): string {
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return '[object]';
  }
}

/** Converts a value to JSON-safe data with secrets redacted. */
function toSafeJson(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return safeString(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return undefined;
    case 'symbol':
    case 'function':
      return safeString(describePrimitive(value));
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Date) {
    return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  }
  if (seen.has(object)) return '[Circular]';
  if (depth >= MAX_VALUE_DEPTH) return '[MaxDepth]';
  seen.add(object);
  try {
    if (object instanceof Error) return serializeError(object);
    if (Array.isArray(object)) {
      return object
        .slice(0, MAX_ARRAY_ITEMS)
        .map((item) => toSafeJson(item, seen, depth + 1) ?? null);
    }
    if (object instanceof Set) {
      return [...object].slice(0, MAX_ARRAY_ITEMS).map((item) => toSafeJson(item, seen, depth + 1));
    }
    const entries: Array<[unknown, unknown]> =
      object instanceof Map
        ? [...object.entries()]
        : typeof (object as { entries?: unknown }).entries === 'function' &&
            typeof (object as { get?: unknown }).get === 'function'
          ? [...(object as { entries(): Iterable<[unknown, unknown]> }).entries()]
          : ownKeys(object).map((key) => [key, read(object, key)]);
    const out: Record<string, unknown> = {};
    for (const [rawKey, item] of entries) {
      const key = safeString(typeof rawKey === 'string' ? rawKey : describePrimitive(rawKey));
      if (item === undefined) continue;
      out[key] =
        typeof rawKey === 'string' && isSensitiveKey(rawKey)
          ? REDACTED
          : toSafeJson(item, seen, depth + 1);
    }
    return out;
  } catch {
    return '[unserializable]';
  } finally {
    seen.delete(object);
  }
}
