import { metrics, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { nullStream, startBenchTelemetry } from './start-bench-telemetry.ts';

describe('startBenchTelemetry', () => {
  it('registers real global providers whose spans reach the (discarding) exporter', async () => {
    const telemetry = startBenchTelemetry();
    try {
      const tracer = trace.getTracer('bench-test');
      for (let i = 0; i < 3; i++) tracer.startActiveSpan(`op ${i}`, (span) => span.end());
      metrics.getMeter('bench-test').createCounter('bench.test.calls').add(1);
      expect(await telemetry.collect()).toBe(1);
    } finally {
      await telemetry.shutdown();
    }
    expect(telemetry.exportedSpans()).toBe(3);
  });

  it('nullStream swallows writes', async () => {
    const stream = nullStream();
    await new Promise<void>((resolve, reject) =>
      stream.write('a line\n', (error) => (error ? reject(error) : resolve())),
    );
    expect(stream.writableLength).toBe(0);
  });
});
