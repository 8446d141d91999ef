import type { ServerResponse } from 'node:http';
import { context, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';

/** Response header carrying the request's trace id, so a caller (the demo) can find its spans. */
export const TRACE_ID_HEADER = 'x-trace-id';

/**
 * Hono middleware: one SERVER span per request (`POST /v1/ask`) that is the parent of the
 * client's spans. A streamed response outlives its handler, so the span ends when the Node
 * response closes (or right after the handler when there is no Node response, as in tests).
 */
export function traceRequests(tracer: Tracer): MiddlewareHandler {
  return async (c, next) => {
    const span = tracer.startSpan(`${c.req.method} ${c.req.path}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path },
    });
    c.header(TRACE_ID_HEADER, span.spanContext().traceId);
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', c.res.status);
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    try {
      await context.with(trace.setSpan(context.active(), span), next);
    } finally {
      const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      if (outgoing === undefined || outgoing.closed) end();
      else outgoing.once('close', end);
    }
  };
}
