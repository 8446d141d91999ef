import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { expect, it } from 'vitest';
import { sumMetric } from './sum-metric.js';

class TestReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

it('sums counter points across attributes and counts histogram recordings', async () => {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('m');
  const counter = meter.createCounter('c');
  counter.add(2, { a: '1' });
  counter.add(3, { a: '2' });
  const histogram = meter.createHistogram('h');
  histogram.record(0.5);
  histogram.record(1.5);
  const { resourceMetrics } = await reader.collect();
  expect(sumMetric(resourceMetrics, 'c')).toBe(5);
  expect(sumMetric(resourceMetrics, 'h')).toBe(2);
  expect(sumMetric(resourceMetrics, 'missing')).toBe(0);
  await provider.shutdown();
});
