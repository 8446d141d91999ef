import { Writable } from 'node:stream';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

/** Real OpenTelemetry providers whose exports go nowhere. */
export interface BenchTelemetry {
  /** Spans the exporter received (and dropped) so far. */
  exportedSpans(): number;
  /** Collects the metrics once (aggregation cost is paid at record time anyway). */
  collect(): Promise<number>;
  shutdown(): Promise<void>;
}

/** A metric reader that collects only when asked, like a scrape that never comes. */
class OnDemandMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/**
 * Registers the SDK as an application would (AsyncLocalStorage context, a tracer provider with a
 * batch span processor, a meter provider) but with an exporter that drops batches, so the
 * benchmark pays for creating, recording and batching every span and metric, not for a network.
 */
export function startBenchTelemetry(): BenchTelemetry {
  let exported = 0;
  const exporter: SpanExporter = {
    export(spans, done) {
      exported += spans.length;
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
  };
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const tracerProvider = new TracerProvider({
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  const reader = new OnDemandMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    exportedSpans: () => exported,
    async collect() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.reduce((n, s) => n + s.metrics.length, 0);
    },
    async shutdown() {
      await tracerProvider.forceFlush();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}

/** A writable that accepts and discards everything: the logger's formatting cost, no I/O. */
export function nullStream(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}
