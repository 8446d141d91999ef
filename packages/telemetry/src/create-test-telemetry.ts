import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  MeterProvider,
  type MetricData,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

/** In-memory OpenTelemetry wiring for tests, registered as the global providers. */
export interface TestTelemetry {
  /** Spans ended so far, oldest first. */
  spans(): ReadableSpan[];
  /** Collects every metric recorded so far (cumulative) as a flat list. */
  collectMetrics(): Promise<MetricData[]>;
  /** One collected metric by name, or `undefined`. */
  findMetric(name: string): Promise<MetricData | undefined>;
  /** Forgets recorded spans and starts metrics from zero. */
  reset(): void;
  /** Shuts the providers down and removes them from the globals. */
  shutdown(): Promise<void>;
  /** The registered tracer provider. */
  readonly tracerProvider: TracerProvider;
  /** The registered meter provider (replaced by `reset()`). */
  readonly meterProvider: MeterProvider;
}

/** A metric reader that only collects on demand. */
class InMemoryMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/**
 * Registers an in-memory span exporter, an on-demand metric reader and an AsyncLocalStorage
 * context manager as the global OpenTelemetry providers, so code under test that uses only
 * `@opentelemetry/api` (like this package's root entry) records into memory. Spans are exported
 * synchronously on end. Call `shutdown()` after the test.
 */
export function createTestTelemetry(): TestTelemetry {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);

  let reader = new InMemoryMetricReader();
  let meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);

  const collectMetrics = async (): Promise<MetricData[]> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw errors[0];
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  };

  return {
    spans: () => exporter.getFinishedSpans(),
    collectMetrics,
    async findMetric(name) {
      return (await collectMetrics()).find((metric) => metric.descriptor.name === name);
    },
    reset() {
      exporter.reset();
      // Metrics are cumulative: a fresh provider is the only way back to zero. The toolkit's
      // metric factories notice the new global provider and rebuild their instruments.
      void meterProvider.shutdown();
      metrics.disable();
      reader = new InMemoryMetricReader();
      meterProvider = new MeterProvider({ readers: [reader] });
      metrics.setGlobalMeterProvider(meterProvider);
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
      contextManager.disable();
    },
    tracerProvider,
    get meterProvider() {
      return meterProvider;
    },
  };
}
