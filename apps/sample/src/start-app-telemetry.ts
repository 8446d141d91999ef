import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { SpanRecorder } from './span-recorder.js';

/** The sample's telemetry: spans kept in memory, metrics rendered on demand. Nothing exported. */
export interface AppTelemetry {
  /** Finished spans, for the terminal span tree and the telemetry file. */
  readonly recorder: SpanRecorder;
  /** Current metrics in the Prometheus text format (the body of `GET /metrics`). */
  metricsText(): Promise<string>;
  /** Current metrics as the SDK's data model, for the demo summary. */
  collectMetrics(): Promise<ResourceMetrics>;
  /** Flushes and unregisters the providers. */
  shutdown(): Promise<void>;
}

/** Options of {@link startAppTelemetry}. */
export interface AppTelemetryOptions {
  /** `service.name` of the resource. */
  serviceName: string;
}

/**
 * Registers global tracer and meter providers with an in-memory span recorder and a
 * Prometheus reader that serves no port of its own (the service's /metrics renders it).
 */
export function startAppTelemetry({ serviceName }: AppTelemetryOptions): AppTelemetry {
  const resource = resourceFromAttributes({ 'service.name': serviceName });
  const recorder = new SpanRecorder();
  const reader = new PrometheusExporter({ preventServerStart: true });
  const serializer = new PrometheusSerializer();
  const tracerProvider = new TracerProvider({ resource, spanProcessors: [recorder] });
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);

  const collectMetrics = async (): Promise<ResourceMetrics> => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics;
  };
  let stopped: Promise<void> | undefined;
  return {
    recorder,
    collectMetrics,
    metricsText: async () => serializer.serialize(await collectMetrics()),
    shutdown() {
      stopped ??= (async () => {
        await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
        trace.disable();
        metrics.disable();
        context.disable();
      })();
      return stopped;
    },
  };
}
