import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import winston from 'winston';

/**
 * Winston format adding `trace_id`, `span_id` and `trace_flags` of the active span, so a log
 * line can be joined to its trace. Records written outside a (valid) span are left as they are.
 */
export const traceContextFormat: () => winston.Logform.Format = winston.format((info) => {
  const span = trace.getSpan(context.active());
  if (span === undefined) return info;
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return info;
  info.trace_id = spanContext.traceId;
  info.span_id = spanContext.spanId;
  info.trace_flags = `0${spanContext.traceFlags.toString(16)}`;
  return info;
});
