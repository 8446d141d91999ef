import { metrics, ProxyTracerProvider, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGenAiMetrics } from './gen-ai-metrics';
import { getTracer } from './get-tracer';
import { startTelemetry, type TelemetryHandle } from './start-telemetry';
import { createToolkitMetrics } from './toolkit-metrics';
import { UsageTracker } from './usage-tracker';

let handle: TelemetryHandle | undefined;
afterEach(async () => {
  await handle?.shutdown();
  handle = undefined;
  vi.restoreAllMocks();
});

function tracerDelegate() {
  return (trace.getTracerProvider() as ProxyTracerProvider).getDelegate();
}

describe('startTelemetry', () => {
  it('has no side effects when disabled', async () => {
    const noopMeterProvider = metrics.getMeterProvider();
    const resources = process.getActiveResourcesInfo().length;
    const delegate = tracerDelegate();
    for (const options of [{ enabled: false }, { env: { OTEL_SDK_DISABLED: 'true' } }]) {
      const disabled = startTelemetry(options);
      expect(disabled.enabled).toBe(false);
      expect(disabled.prometheusUrl).toBeUndefined();
      await disabled.ready;
      await disabled.forceFlush();
      await disabled.shutdown();
    }
    expect(tracerDelegate()).toBe(delegate);
    expect(metrics.getMeterProvider()).toBe(noopMeterProvider);
    expect(process.getActiveResourcesInfo().length).toBe(resources);
  });

  it('chooses no exporter, not OTLP, when nothing is configured', async () => {
    handle = startTelemetry({ env: {}, autoDetectResources: false });
    expect([handle.traces, handle.metrics]).toEqual(['none', 'none']);
  });

  it('reads the standard OTEL_* variables', async () => {
    handle = startTelemetry({
      env: { OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'bogus,none' },
      autoDetectResources: false,
    });
    expect([handle.traces, handle.metrics]).toEqual(['console', 'none']);
    await handle.shutdown();
    handle = startTelemetry({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' },
      autoDetectResources: false,
    });
    expect([handle.traces, handle.metrics]).toEqual(['otlp', 'otlp']);
  });

  it('registers a tracer provider whose spans carry the service name and version', async () => {
    const exporter = new InMemorySpanExporter();
    handle = startTelemetry({
      env: {},
      serviceName: 'checkout',
      serviceVersion: '1.2.3',
      autoDetectResources: false,
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    getTracer().startSpan('chat gpt-4o-mini').end();
    await handle.forceFlush();
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('chat gpt-4o-mini');
    expect(span?.resource.attributes['service.name']).toBe('checkout');
    expect(span?.resource.attributes['service.version']).toBe('1.2.3');
  });

  it('flushes buffered spans and metrics on shutdown', async () => {
    const spans: ReadableSpan[] = [];
    const spanExporter: SpanExporter = {
      export: (batch, done) => {
        spans.push(...batch);
        done({ code: 0 });
      },
      shutdown: async () => undefined,
    };
    const metricBatches: ResourceMetrics[] = [];
    const metricExporter: PushMetricExporter = {
      export: (batch, done) => {
        metricBatches.push(batch);
        done({ code: 0 });
      },
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
      selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
    };
    handle = startTelemetry({
      env: {},
      autoDetectResources: false,
      // Long delays: only shutdown can have exported what the assertions find.
      spanProcessors: [
        new BatchSpanProcessor({ exporter: spanExporter, scheduledDelayMillis: 3_600_000 }),
      ],
      metricReaders: [
        new PeriodicExportingMetricReader({
          exporter: metricExporter,
          exportIntervalMillis: 3_600_000,
        }),
      ],
    });
    getTracer().startSpan('buffered').end();
    createToolkitMetrics().recordAttempt();
    expect(spans).toHaveLength(0);
    await handle.shutdown();
    expect(spans.map((span) => span.name)).toEqual(['buffered']);
    const names = metricBatches.flatMap((batch) =>
      batch.scopeMetrics.flatMap((scope) => scope.metrics.map((metric) => metric.descriptor.name)),
    );
    expect(names).toContain('aiclient.client.attempts');
  });

  it('serves the GenAI and aiclient.* metrics with their values on a Prometheus endpoint', async () => {
    handle = startTelemetry({
      env: {},
      metrics: 'prometheus',
      prometheus: { port: 0 },
      serviceName: 'prom-test',
      autoDetectResources: false,
    });
    await handle.ready;
    const url = handle.prometheusUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    const attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' };
    const genAi = createGenAiMetrics();
    genAi.recordOperationDuration(0.5, attributes);
    genAi.recordTokenUsage(42, 'input', attributes);
    const toolkit = createToolkitMetrics();
    toolkit.recordCacheHit();
    toolkit.recordCacheHit();
    toolkit.recordRetry({ 'error.type': 'AI-API-005' });
    toolkit.recordCircuitState('open', { 'aiclient.target': 'primary' });
    new UsageTracker().record({ model: 'gpt-4o', operation: 'chat', inputTokens: 1000 });

    const response = await fetch(String(url));
    expect(response.status).toBe(200);
    const text = await response.text();
    const line = (prefix: string) =>
      text.split('\n').find((candidate) => candidate.startsWith(prefix)) ?? '';
    expect(text).toContain('# TYPE gen_ai_client_operation_duration histogram');
    expect(text).toContain('# UNIT gen_ai_client_operation_duration s');
    expect(line('gen_ai_client_operation_duration_sum{')).toMatch(/ 0\.5$/);
    expect(line('gen_ai_client_operation_duration_bucket{')).toContain('le="0.01"');
    expect(text).toMatch(/gen_ai_client_operation_duration_bucket\{[^}]*le="0\.64"\} 1/);
    expect(text).toMatch(/gen_ai_client_token_usage_sum\{[^}]*gen_ai_token_type="input"[^}]*\} 42/);
    expect(text).toMatch(/gen_ai_client_token_usage_bucket\{[^}]*le="67108864"\} 1/);
    expect(line('aiclient_cache_hits_total{')).toMatch(/ 2$/);
    expect(line('aiclient_client_retries_total{')).toContain('error_type="AI-API-005"');
    expect(line('aiclient_circuit_state{')).toMatch(/aiclient_target="primary".* 2$/);
    expect(line('aiclient_usage_tokens_total{')).toMatch(/ 1000$/);
    expect(line('aiclient_usage_cost_total{')).toMatch(/ 0\.0025$/);
    expect(text).toContain('service_name="prom-test"');

    expect((await fetch(String(url).replace('/metrics', '/other'))).status).toBe(404);
    await handle.shutdown();
    await expect(fetch(String(url))).rejects.toThrow();
  });

  it('writes nothing to the console when no OTLP collector is running', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const consoleCalls = (['error', 'warn', 'log', 'info', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
    // Port 9 (discard) on loopback: nothing listens, every export fails at once.
    handle = startTelemetry({
      env: {},
      traces: 'otlp',
      metrics: 'otlp',
      otlpEndpoint: 'http://127.0.0.1:9',
      otlpTimeoutMs: 300,
      autoDetectResources: false,
    });
    getTracer().startSpan('lost').end();
    createToolkitMetrics().recordAttempt();
    await handle.forceFlush().catch(() => undefined);
    await handle.shutdown();
    expect(writes).toEqual([]);
    for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
  });

  it('unregisters its providers on shutdown so telemetry can start again', async () => {
    const first = startTelemetry({ env: {}, traces: 'console', autoDetectResources: false });
    expect(getTracer().startSpan('before').isRecording()).toBe(true);
    await first.shutdown();
    await first.shutdown(); // idempotent
    expect(trace.getTracerProvider()).toBeInstanceOf(ProxyTracerProvider);
    expect(getTracer().startSpan('after').isRecording()).toBe(false);
    handle = startTelemetry({ env: {}, traces: 'console', autoDetectResources: false });
    vi.spyOn(console, 'dir').mockImplementation(() => undefined);
    expect(getTracer().startSpan('again').isRecording()).toBe(true);
  });
});
