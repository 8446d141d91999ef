import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Attributes, context, diag, metrics, propagation, trace } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  ConsoleMetricExporter,
  type IMetricReader,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';

/** Where spans go. */
export type TraceExporterKind = 'otlp' | 'console' | 'none';
/** Where metrics go. */
export type MetricExporterKind = 'otlp' | 'prometheus' | 'console' | 'none';

/** Options of {@link startTelemetry}; each falls back to the standard `OTEL_*` variable. */
export interface StartTelemetryOptions {
  /**
   * Start anything at all. When false nothing is registered, opened or scheduled.
   * @default true unless `OTEL_SDK_DISABLED=true`
   */
  enabled?: boolean;
  /** `service.name`. @default `OTEL_SERVICE_NAME`, else 'aiclient' */
  serviceName?: string;
  /** `service.version`. */
  serviceVersion?: string;
  /** More resource attributes (`deployment.environment.name`, ...). */
  resourceAttributes?: Attributes;
  /**
   * Span exporter. @default `OTEL_TRACES_EXPORTER`, else 'otlp' when an OTLP endpoint is
   * configured, else 'none' (so a machine without a collector logs no export errors)
   */
  traces?: TraceExporterKind;
  /** Metric exporter. @default `OTEL_METRICS_EXPORTER`, else as for `traces` */
  metrics?: MetricExporterKind;
  /**
   * OTLP/HTTP base URL; `/v1/traces` and `/v1/metrics` are appended.
   * @default `OTEL_EXPORTER_OTLP_ENDPOINT` (the exporters also read the per-signal variables)
   */
  otlpEndpoint?: string;
  /**
   * Give up an OTLP export after this long (retries included), so a missing collector cannot
   * hold `shutdown()` for long. @default `OTEL_EXPORTER_OTLP_TIMEOUT`, else the exporter's 10000
   */
  otlpTimeoutMs?: number;
  /** Prometheus scrape endpoint. */
  prometheus?: {
    /** @default `OTEL_EXPORTER_PROMETHEUS_HOST`, else '127.0.0.1' */
    host?: string;
    /** 0 picks a free port (see `prometheusUrl`). @default `OTEL_EXPORTER_PROMETHEUS_PORT`, else 9464 */
    port?: number;
    /** @default '/metrics' */
    endpoint?: string;
  };
  /** Push interval of the OTLP and console metric exporters. @default `OTEL_METRIC_EXPORT_INTERVAL`, else 60000 */
  metricExportIntervalMs?: number;
  /** Detect host/process/env resource attributes. @default true */
  autoDetectResources?: boolean;
  /** Extra span processors (added after the exporter's). */
  spanProcessors?: SpanProcessor[];
  /** Extra metric readers. */
  metricReaders?: IMetricReader[];
  /** Environment to read `OTEL_*` variables from. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A running (or disabled) telemetry setup. */
export interface TelemetryHandle {
  /** False when telemetry was disabled: nothing was started. */
  readonly enabled: boolean;
  /** The span exporter in use. */
  readonly traces: TraceExporterKind;
  /** The metric exporter in use. */
  readonly metrics: MetricExporterKind;
  /** Scrape URL of the Prometheus endpoint once listening (see `ready`). */
  readonly prometheusUrl: string | undefined;
  /** Resolves when every server is listening. Never rejects: failures go to the OTel diag log. */
  readonly ready: Promise<void>;
  /** Exports everything buffered now. */
  forceFlush(): Promise<void>;
  /** Flushes and stops everything; safe to call more than once. */
  shutdown(): Promise<void>;
}

const DEFAULT_PROMETHEUS_PORT = 9464;
const DEFAULT_EXPORT_INTERVAL_MS = 60_000;

/**
 * Starts the OpenTelemetry Node SDK for an application: a resource with the service name and
 * version, the chosen span and metric exporters (OTLP over HTTP, Prometheus, console, or none)
 * and the global tracer and meter providers the toolkit's root entry reports to. Exporters are
 * always set explicitly, so the SDK never falls back to OTLP on its own. The OTel log signal is
 * not exported (logs go through `createLogger`).
 */
export function startTelemetry(options: StartTelemetryOptions = {}): TelemetryHandle {
  const env = options.env ?? process.env;
  const enabled = options.enabled ?? env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true';
  if (!enabled) return disabledHandle();

  const otlpEndpoint = options.otlpEndpoint ?? nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const otlpConfigured =
    otlpEndpoint !== undefined ||
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) !== undefined ||
    nonEmpty(env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) !== undefined;
  const fallback = otlpConfigured ? 'otlp' : 'none';
  const traces =
    options.traces ?? pick(env.OTEL_TRACES_EXPORTER, ['otlp', 'console', 'none']) ?? fallback;
  const metricsKind =
    options.metrics ??
    pick(env.OTEL_METRICS_EXPORTER, ['otlp', 'prometheus', 'console', 'none']) ??
    fallback;
  const intervalMs =
    options.metricExportIntervalMs ??
    positiveInt(env.OTEL_METRIC_EXPORT_INTERVAL) ??
    DEFAULT_EXPORT_INTERVAL_MS;

  const otlpTimeoutMs = options.otlpTimeoutMs ?? positiveInt(env.OTEL_EXPORTER_OTLP_TIMEOUT);
  const otlpConfig = (path: string) => ({
    ...(otlpEndpoint === undefined ? {} : { url: joinUrl(otlpEndpoint, path) }),
    ...(otlpTimeoutMs === undefined ? {} : { timeoutMillis: otlpTimeoutMs }),
  });
  const spanProcessors = traceProcessors(traces, otlpConfig('v1/traces'));
  spanProcessors.push(...(options.spanProcessors ?? []));

  const metricReaders: IMetricReader[] = [];
  let prometheus: PrometheusServer | undefined;
  if (metricsKind === 'otlp' || metricsKind === 'console') {
    metricReaders.push(
      new PeriodicExportingMetricReader({
        exporter:
          metricsKind === 'otlp'
            ? new OTLPMetricExporter(otlpConfig('v1/metrics'))
            : new ConsoleMetricExporter(),
        exportIntervalMillis: intervalMs,
        exportTimeoutMillis: Math.min(intervalMs, 30_000),
      }),
    );
  } else if (metricsKind === 'prometheus') {
    prometheus = startPrometheus({
      host: options.prometheus?.host ?? nonEmpty(env.OTEL_EXPORTER_PROMETHEUS_HOST) ?? '127.0.0.1',
      port:
        options.prometheus?.port ??
        positiveInt(env.OTEL_EXPORTER_PROMETHEUS_PORT) ??
        DEFAULT_PROMETHEUS_PORT,
      endpoint: options.prometheus?.endpoint ?? '/metrics',
    });
    metricReaders.push(prometheus.exporter);
  }
  metricReaders.push(...(options.metricReaders ?? []));

  const serviceName = options.serviceName ?? nonEmpty(env.OTEL_SERVICE_NAME) ?? 'aiclient';
  const resourceAttributes: Attributes = {
    'service.name': serviceName,
    ...(options.serviceVersion === undefined ? {} : { 'service.version': options.serviceVersion }),
    ...options.resourceAttributes,
  };
  const sdk = new NodeSDK({
    resource: defaultResource().merge(resourceFromAttributes(resourceAttributes)),
    // An explicit name must beat OTEL_SERVICE_NAME, which resource detection applies later.
    ...(options.serviceName === undefined ? {} : { serviceName: options.serviceName }),
    autoDetectResources: options.autoDetectResources ?? true,
    spanProcessors,
    metricReaders,
    // Empty on purpose: without it the SDK builds an OTLP log exporter from the environment.
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();

  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    traces,
    metrics: metricsKind,
    get prometheusUrl() {
      return prometheus?.url();
    },
    ready: prometheus?.listening ?? Promise.resolve(),
    async forceFlush() {
      await Promise.all([
        ...spanProcessors.map((processor) => processor.forceFlush()),
        ...metricReaders.map((reader) => reader.forceFlush()),
      ]);
    },
    shutdown() {
      stopped ??= (async () => {
        try {
          await sdk.shutdown();
        } catch (err) {
          diag.error('aiclient telemetry: shutdown failed', err);
        } finally {
          await prometheus?.close();
          // Unregister the shut-down providers so a later startTelemetry() can register anew.
          trace.disable();
          metrics.disable();
          propagation.disable();
          context.disable();
        }
      })();
      return stopped;
    },
  };
}

function traceProcessors(
  kind: TraceExporterKind,
  otlpConfig: { url?: string; timeoutMillis?: number },
): SpanProcessor[] {
  if (kind === 'otlp') {
    return [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(otlpConfig) })];
  }
  if (kind === 'console') return [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })];
  return [];
}

interface PrometheusServer {
  exporter: PrometheusExporter;
  listening: Promise<void>;
  url(): string | undefined;
  close(): Promise<void>;
}

// The exporter's own server cannot report the port it got for port 0, so it is served from a
// server this module owns and closes.
function startPrometheus(config: {
  host: string;
  port: number;
  endpoint: string;
}): PrometheusServer {
  const exporter = new PrometheusExporter({ preventServerStart: true, endpoint: config.endpoint });
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === config.endpoint) {
      exporter.getMetricsRequestHandler(request, response);
      return;
    }
    response.statusCode = 404;
    response.end();
  });
  let address: AddressInfo | undefined;
  const listening = new Promise<void>((resolve) => {
    server.once('error', (err) => {
      diag.error(`aiclient telemetry: Prometheus endpoint could not listen: ${err.message}`);
      resolve();
    });
    server.listen(config.port, config.host, () => {
      address = server.address() as AddressInfo;
      resolve();
    });
  });
  return {
    exporter,
    listening,
    url() {
      if (address === undefined) return undefined;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}${config.endpoint}`;
    },
    close() {
      if (!server.listening) return Promise.resolve();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function disabledHandle(): TelemetryHandle {
  return {
    enabled: false,
    traces: 'none',
    metrics: 'none',
    prometheusUrl: undefined,
    ready: Promise.resolve(),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

function pick<T extends string>(raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  // The variables are comma-separated lists; the first value this module supports wins.
  for (const part of raw.split(',')) {
    const value = part.trim().toLowerCase();
    if ((allowed as readonly string[]).includes(value)) return value as T;
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function positiveInt(value: string | undefined): number | undefined {
  const trimmed = nonEmpty(value);
  if (trimmed === undefined) return undefined;
  const parsed = Number(trimmed);
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : undefined;
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}
