import { isSensitiveKey, redactSecrets, redactValue } from '@aiclient/errors';
import winston from 'winston';

const REDACTED = '[REDACTED]';
const MAX_CAUSE_DEPTH = 8;

/**
 * Winston format that strips API keys, Bearer tokens and values under sensitive names
 * (`authorization`, `apiKey`, ...) from the message and every metadata field. Errors anywhere in
 * the metadata, including their `cause` chain, become plain `{ name, message, stack, cause }`
 * objects with the same redaction applied, so nothing secret survives into any transport.
 */
export const redactLogFormat: () => winston.Logform.Format = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level') continue;
    const value = info[key];
    if (key !== 'message' && isSensitiveKey(key)) {
      info[key] = value === undefined || value === null ? value : REDACTED;
      continue;
    }
    info[key] = redactLogValue(value);
  }
  return info;
});

function redactLogValue(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  return redactValue(withPlainErrors(value, 0, new WeakSet()));
}

// redactValue keeps only name and message of an Error; logs also need the stack and the cause
// chain (often where the real reason, and a quoted header, is), so errors are expanded first.
function withPlainErrors(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth > MAX_CAUSE_DEPTH) return value;
  seen.add(value);
  if (value instanceof Error) return plainError(value, depth, seen);
  if (Array.isArray(value)) return value.map((item) => withPlainErrors(item, depth + 1, seen));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    out[key] = withPlainErrors(item, depth + 1, seen);
  return out;
}

function plainError(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.stack !== undefined) out.stack = err.stack;
  if (err.cause !== undefined) out.cause = withPlainErrors(err.cause, depth + 1, seen);
  return out;
}
