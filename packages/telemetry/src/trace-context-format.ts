import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import winston from 'winston';

/**
 * Winston format adding `trace_id`, `span_id` and `trace_flags` of the active span, so a log
 * line can be joined to its trace. Records written outside a (valid) span are left as they are.
 */
export const traceContextFormat: () => winston.Logform.Format = winston.format((info) =>
  addTraceContext(info),
);

/** Adds the active span's ids to `info` in place (see {@link traceContextFormat}). */
export function addTraceContext<T extends Record<string, unknown>>(info: T): T {
  const span = trace.getSpan(context.active());
  if (span === undefined) return info;
  const spanContext = span.spanContext();
  // Valid ids are hex strings of a fixed length, so they need no redaction.
  if (!isSpanContextValid(spanContext)) return info;
  const record = info as Record<string, unknown>;
  record.trace_id = spanContext.traceId;
  record.span_id = spanContext.spanId;
  record.trace_flags = `0${spanContext.traceFlags.toString(16)}`;
  return info;
}
