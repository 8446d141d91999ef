import { SpanStatusCode } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { expect, it } from 'vitest';
import { SpanRecorder } from './span-recorder.js';

it('records finished spans with parent links, errors and attributes, newest kept', async () => {
  const recorder = new SpanRecorder(2);
  const provider = new TracerProvider({ spanProcessors: [recorder] });
  const tracer = provider.getTracer('test');
  tracer.startSpan('dropped').end();
  const parent = tracer.startSpan('parent');
  const { trace, context } = await import('@opentelemetry/api');
  const child = tracer.startSpan(
    'child',
    { attributes: { n: 1 } },
    trace.setSpan(context.active(), parent),
  );
  child.setStatus({ code: SpanStatusCode.ERROR });
  child.end();
  parent.end();
  const spans = recorder.spans();
  expect(spans.map((s) => s.name)).toEqual(['child', 'parent']);
  const [first, second] = spans;
  expect(first?.parentSpanId).toBe(second?.spanId);
  expect(first?.error).toBe(true);
  expect(first?.attributes).toEqual({ n: 1 });
  expect(second?.parentSpanId).toBeUndefined();
  expect(first?.durationMs).toBeGreaterThanOrEqual(0);
  recorder.clear();
  expect(recorder.spans()).toEqual([]);
  await provider.shutdown();
});
