import { startTelemetry } from '@aiclient/telemetry/node';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { emptyResource } from '@opentelemetry/resources';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { SpanRecorder } from './span-recorder.js';

/** The sample's telemetry: spans kept in memory, metrics rendered on demand. Nothing exported. */
export interface AppTelemetry {
  /** Finished spans, for the terminal span tree and the telemetry file. */
  readonly recorder: SpanRecorder;
  /** Current metrics in the Prometheus text format (the body of `GET /metrics`). */
  metricsText(): Promise<string>;
  /** Current metrics as the SDK's data model, for the demo summary. */
  collectMetrics(): Promise<ResourceMetrics>;
  /** Flushes and stops the SDK; safe to call more than once. */
  shutdown(): Promise<void>;
}

/** Options of {@link startAppTelemetry}. */
export interface AppTelemetryOptions {
  /** `service.name` of the resource. */
  serviceName: string;
  /**
   * Start the OpenTelemetry SDK at all (AICLIENT_TELEMETRY_ENABLED).
   * @default true
   */
  enabled?: boolean;
}

/**
 * Starts the SDK through `@aiclient/telemetry/node` with exporters explicitly off (whatever
 * `OTEL_*` says, the sample sends nothing over the network and logs no export errors), an
 * in-memory span recorder for the terminal span tree, and a Prometheus reader that opens no
 * port of its own: the service's `/metrics` renders it.
 */
export function startAppTelemetry({
  serviceName,
  enabled = true,
}: AppTelemetryOptions): AppTelemetry {
  const recorder = new SpanRecorder();
  const reader = new PrometheusExporter({ preventServerStart: true });
  const serializer = new PrometheusSerializer();
  const handle = startTelemetry({
    enabled,
    serviceName,
    traces: 'none',
    metrics: 'none',
    autoDetectResources: false,
    spanProcessors: [recorder],
    metricReaders: [reader],
  });
  const collectMetrics = async (): Promise<ResourceMetrics> => {
    // A reader that was never registered (telemetry disabled) has nothing to collect.
    if (!handle.enabled) return { resource: emptyResource(), scopeMetrics: [] };
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics;
  };
  return {
    recorder,
    collectMetrics,
    metricsText: async () => serializer.serialize(await collectMetrics()),
    shutdown: () => handle.shutdown(),
  };
}
