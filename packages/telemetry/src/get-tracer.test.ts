import { describe, expect, it } from 'vitest';
import { createTestTelemetry } from './create-test-telemetry';
import { getMeter } from './get-meter';
import { getTracer } from './get-tracer';
import { TELEMETRY_SCOPE_NAME } from './telemetry-scope';

describe('getTracer / getMeter', () => {
  it('are no-ops before an SDK is registered', () => {
    const span = getTracer().startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(() => getMeter().createCounter('c').add(1)).not.toThrow();
  });

  it('report under the @aiclient/telemetry scope once an SDK is registered', async () => {
    const telemetry = createTestTelemetry();
    getTracer().startSpan('scoped').end();
    expect(telemetry.spans()[0]?.instrumentationScope.name).toBe(TELEMETRY_SCOPE_NAME);
    await telemetry.shutdown();
  });

  it('keeps one tracer per global provider and follows a provider registered later', async () => {
    const early = getTracer();
    expect(getTracer()).toBe(early);
    // Taken before any SDK: it reports once one is registered.
    const first = createTestTelemetry();
    early.startSpan('early').end();
    expect(first.spans().map((span) => span.name)).toEqual(['early']);
    await first.shutdown();
    // After the SDK was removed, a new one gets the spans, not the old one.
    const second = createTestTelemetry();
    getTracer().startSpan('later').end();
    expect(second.spans().map((span) => span.name)).toEqual(['later']);
    await second.shutdown();
  });
});
