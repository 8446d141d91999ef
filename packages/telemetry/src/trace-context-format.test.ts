import { context, INVALID_SPAN_CONTEXT, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from './create-test-telemetry';
import { traceContextFormat } from './trace-context-format';

let telemetry: TestTelemetry;
beforeEach(() => {
  telemetry = createTestTelemetry();
});
afterEach(async () => {
  await telemetry.shutdown();
});

function formatIn(ctx: ReturnType<typeof context.active>) {
  return context.with(ctx, () =>
    traceContextFormat().transform({ level: 'info', message: 'x' }),
  ) as Record<string, unknown>;
}

describe('traceContextFormat', () => {
  it('adds trace_id, span_id and trace_flags of the active span', () => {
    const spanContext = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 };
    const out = formatIn(trace.setSpanContext(context.active(), spanContext));
    expect(out).toMatchObject({
      trace_id: 'a'.repeat(32),
      span_id: 'b'.repeat(16),
      trace_flags: '01',
    });
  });

  it('adds nothing outside a span or inside an invalid one', () => {
    expect(formatIn(context.active())).toEqual({ level: 'info', message: 'x' });
    expect(formatIn(trace.setSpanContext(context.active(), INVALID_SPAN_CONTEXT))).toEqual({
      level: 'info',
      message: 'x',
    });
  });
});
