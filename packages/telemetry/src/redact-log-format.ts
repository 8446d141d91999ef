import { isSensitiveKey, REDACTED, redactSecrets, redactValue } from '@aiclient/errors';
import winston from 'winston';

const MAX_CAUSE_DEPTH = 8;

/**
 * Winston format that strips API keys, Bearer tokens and values under sensitive names
 * (`authorization`, `apiKey`, ...) from the message and every metadata field. Errors anywhere in
 * the metadata, including their `cause` chain, become plain `{ name, message, stack, cause }`
 * objects with the same redaction applied, so nothing secret survives into any transport.
 */
export const redactLogFormat: () => winston.Logform.Format = winston.format((info) =>
  redactLogRecord(info),
);

/**
 * Applies {@link redactLogFormat} to `info` in place and returns it: the one redaction pass
 * shared by that format and the combined format of `createLogger`.
 */
export function redactLogRecord<T extends Record<string, unknown>>(info: T): T {
  const record = info as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === 'level') continue;
    const value = record[key];
    if (key !== 'message' && isSensitiveFieldName(key)) {
      if (value !== undefined && value !== null) record[key] = REDACTED;
      continue;
    }
    if (typeof value === 'string') {
      // Written back only when changed: most strings are clean, and records are big objects.
      const redacted = redactLogString(value);
      if (redacted !== value) record[key] = redacted;
    } else if (typeof value === 'object' && value !== null) {
      record[key] = redactValue(withPlainErrors(value, 0, new WeakSet()));
    }
  }
  return info;
}

// Most fields of a log line repeat from call to call (event names, models, hosts, outcomes), so
// strings redactSecrets left unchanged are remembered and skip its regular expressions next
// time. Only such strings are kept, ones the output carries as they are anyway: nothing this set
// holds is ever masked. Ids that never repeat (request, trace, call ids) would churn it, so one
// clean miss in CLEAN_STRINGS_ADMIT_EVERY is admitted: a repeating string gets in after a few
// lines, and the set (bounded, cleared when full) rarely fills with one-off ids.
const CLEAN_STRINGS = new Set<string>();
const CLEAN_STRINGS_LIMIT = 256;
const CLEAN_STRINGS_ADMIT_EVERY = 16;
const CLEAN_STRING_MAX_LENGTH = 128;
let cleanMisses = 0;

/** `redactSecrets(text)`, remembering short strings that had nothing to redact. */
export function redactLogString(text: string): string {
  if (CLEAN_STRINGS.has(text)) return text;
  const redacted = redactSecrets(text);
  if (
    redacted === text &&
    text.length <= CLEAN_STRING_MAX_LENGTH &&
    ++cleanMisses % CLEAN_STRINGS_ADMIT_EVERY === 0
  ) {
    if (CLEAN_STRINGS.size >= CLEAN_STRINGS_LIMIT) CLEAN_STRINGS.clear();
    CLEAN_STRINGS.add(text);
  }
  return redacted;
}

// Field names are few and repeat on every line: isSensitiveKey's answer is remembered per name.
const SENSITIVE_NAMES = new Map<string, boolean>();
const SENSITIVE_NAMES_LIMIT = 512;

function isSensitiveFieldName(key: string): boolean {
  let sensitive = SENSITIVE_NAMES.get(key);
  if (sensitive === undefined) {
    sensitive = isSensitiveKey(key);
    if (SENSITIVE_NAMES.size >= SENSITIVE_NAMES_LIMIT) SENSITIVE_NAMES.clear();
    SENSITIVE_NAMES.set(key, sensitive);
  }
  return sensitive;
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
