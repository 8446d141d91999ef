import type {
  Attributes,
  Link,
  Span,
  SpanKind,
  SpanOptions,
  TimeInput,
  Tracer,
} from '@opentelemetry/api';
import { getTracer } from './get-tracer';
import { recordSpanError } from './record-span-error';

/** Options of {@link withSpan}. */
export interface WithSpanOptions {
  /** Span kind. @default SpanKind.INTERNAL */
  kind?: SpanKind;
  /** Attributes known when the span starts (samplers see them). */
  attributes?: Attributes;
  /** Links to other spans. */
  links?: Link[];
  /** Start time, when the work started before the call. */
  startTime?: TimeInput;
  /**
   * End the span when `work` returns or its promise settles. Set `false` when the work hands
   * back something still running (a stream): the caller then ends the span itself. On an
   * error the span is ended either way.
   * @default true
   */
  autoEnd?: boolean;
  /** Tracer to use. @default getTracer() */
  tracer?: Tracer;
}

/**
 * Runs `work` inside an active span named `name`. If `work` throws or its promise rejects, the
 * error is recorded on the span (status ERROR, exception event, `error.type` = aiclient error
 * code) and the original error is rethrown unchanged. A no-op span is used until an SDK runs.
 */
export function withSpan<T>(
  name: string,
  options: WithSpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T>;
export function withSpan<T>(name: string, options: WithSpanOptions, work: (span: Span) => T): T;
export function withSpan<T>(name: string, options: WithSpanOptions, work: (span: Span) => T): T {
  const tracer = options.tracer ?? getTracer();
  const autoEnd = options.autoEnd ?? true;
  return tracer.startActiveSpan(name, spanOptions(options), (span) => {
    let result: T;
    try {
      result = work(span);
    } catch (err) {
      recordSpanError(span, err);
      span.end();
      throw err;
    }
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then(
        (value) => {
          if (autoEnd) span.end();
          return value;
        },
        (err: unknown) => {
          recordSpanError(span, err);
          span.end();
          throw err;
        },
      ) as T;
    }
    if (autoEnd) span.end();
    return result;
  });
}

function spanOptions(options: WithSpanOptions): SpanOptions {
  const out: SpanOptions = {};
  if (options.kind !== undefined) out.kind = options.kind;
  if (options.attributes !== undefined) out.attributes = options.attributes;
  if (options.links !== undefined) out.links = options.links;
  if (options.startTime !== undefined) out.startTime = options.startTime;
  return out;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
