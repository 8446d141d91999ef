import winston from 'winston';
import { redactLogRecord } from './redact-log-format';
import { addTraceContext } from './trace-context-format';

const MESSAGE = Symbol.for('message');

/** Options of {@link logRecordFormat}. */
export interface LogRecordFormatOptions {
  /** Also serialize the record as one JSON line (the `MESSAGE` a stream transport writes). */
  json: boolean;
}

/**
 * The formats `createLogger` applies, in one pass: errors with their stack, `%s` interpolation,
 * redaction, the active span's `trace_id`/`span_id`/`trace_flags`, an ISO `timestamp` and, with
 * `json`, the JSON line. Same records as `combine(errors, splat, traceContextFormat,
 * redactLogFormat, timestamp, json)` without a format chain per record. The trace fields are
 * added after redaction: they are hex ids from the span context, never caller text.
 */
export function logRecordFormat(options: LogRecordFormatOptions): winston.Logform.Format {
  const { format } = winston;
  const errors = format.errors({ stack: true });
  const splat = format.splat();
  const json = format.json();
  const serialize = options.json;
  return format((input) => {
    const withErrors = errors.transform(input, errors.options);
    if (typeof withErrors !== 'object') return false;
    const info = splat.transform(withErrors, splat.options);
    if (typeof info !== 'object') return false;
    redactLogRecord(info);
    addTraceContext(info);
    if (!info.timestamp) info.timestamp = new Date().toISOString();
    if (!serialize) return info;
    const line = jsonLine(info);
    if (line === undefined) return json.transform(info, json.options);
    (info as Record<symbol, unknown>)[MESSAGE] = line;
    return info;
  })();
}

// JSON.stringify is the fast path; it throws on what it cannot write (a BigInt, a cycle), and
// those records go through winston's json format (safe-stable-stringify) as before.
function jsonLine(info: object): string | undefined {
  try {
    return JSON.stringify(info);
  } catch {
    return undefined;
  }
}
