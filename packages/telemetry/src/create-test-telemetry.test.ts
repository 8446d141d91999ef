import { metrics, ProxyTracerProvider, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createTestTelemetry } from './create-test-telemetry';
import { findDataPoint } from './find-data-point';
import { getMeter } from './get-meter';
import { getTracer } from './get-tracer';

describe('createTestTelemetry', () => {
  it('captures spans and metrics through the global API and resets them', async () => {
    const telemetry = createTestTelemetry();
    getTracer().startSpan('one').end();
    getMeter().createCounter('test.count').add(3, { k: 'v' });
    expect(telemetry.spans().map((span) => span.name)).toEqual(['one']);
    expect(findDataPoint<number>(await telemetry.findMetric('test.count'), { k: 'v' })?.value).toBe(
      3,
    );

    telemetry.reset();
    expect(telemetry.spans()).toEqual([]);
    expect(await telemetry.findMetric('test.count')).toBeUndefined();
    getMeter().createCounter('test.count').add(1);
    expect(findDataPoint<number>(await telemetry.findMetric('test.count'))?.value).toBe(1);
    await telemetry.shutdown();
  });

  it('removes its providers from the globals on shutdown', async () => {
    const telemetry = createTestTelemetry();
    expect(metrics.getMeterProvider()).toBe(telemetry.meterProvider);
    await telemetry.shutdown();
    const provider = trace.getTracerProvider();
    expect(provider).toBeInstanceOf(ProxyTracerProvider);
    expect((provider as ProxyTracerProvider).getDelegate()).not.toBe(telemetry.tracerProvider);
    expect(metrics.getMeterProvider()).not.toBe(telemetry.meterProvider);
  });
});

describe('findDataPoint', () => {
  it('returns undefined for a missing metric or no matching attributes', async () => {
    const telemetry = createTestTelemetry();
    getMeter().createCounter('x').add(1, { a: '1' });
    const metric = await telemetry.findMetric('x');
    expect(findDataPoint(undefined)).toBeUndefined();
    expect(findDataPoint(metric, { a: '2' })).toBeUndefined();
    expect(findDataPoint<number>(metric, { a: '1' })?.value).toBe(1);
    await telemetry.shutdown();
  });
});
