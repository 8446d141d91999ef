import type { Attributes, HrTime } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';

/** A finished span reduced to what the terminal renderer and the telemetry file need. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  durationMs: number;
  error: boolean;
  attributes: Attributes;
}

const hrToMs = ([seconds, nanos]: HrTime): number => seconds * 1000 + nanos / 1e6;

/** Converts an SDK span to a {@link SpanRecord}. */
export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const context = span.spanContext();
  const record: SpanRecord = {
    traceId: context.traceId,
    spanId: context.spanId,
    name: span.name,
    startMs: hrToMs(span.startTime),
    durationMs: hrToMs(span.duration),
    // SpanStatusCode.ERROR is 2; compared by value so this file needs no runtime API import.
    error: span.status.code === 2,
    attributes: { ...span.attributes },
  };
  const parent = span.parentSpanContext?.spanId;
  if (parent !== undefined) record.parentSpanId = parent;
  return record;
}

/**
 * A span processor that keeps finished spans in memory (newest `limit`), so the demo can draw
 * a trace in the terminal without exporting anything to the network.
 */
export class SpanRecorder implements SpanProcessor {
  readonly #limit: number;
  #spans: SpanRecord[] = [];

  constructor(limit = 5_000) {
    this.#limit = limit;
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    this.#spans.push(toSpanRecord(span));
    if (this.#spans.length > this.#limit) this.#spans.splice(0, this.#spans.length - this.#limit);
  }

  /** Finished spans, oldest first. */
  spans(): readonly SpanRecord[] {
    return this.#spans;
  }

  clear(): void {
    this.#spans = [];
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
