import { AIRateLimitError } from '@aiclient/errors';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from './create-test-telemetry';
import { getTracer } from './get-tracer';
import { recordSpanError } from './record-span-error';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

let telemetry: TestTelemetry;
beforeEach(() => {
  telemetry = createTestTelemetry();
});
afterEach(async () => {
  await telemetry.shutdown();
});

function recordOn(err: unknown) {
  const span = getTracer().startSpan('op');
  recordSpanError(span, err);
  span.end();
  const [ended] = telemetry.spans();
  if (ended === undefined) throw new Error('no span');
  return ended;
}

describe('recordSpanError', () => {
  it('sets status, error.type, retryability, HTTP status and an exception event', () => {
    const span = recordOn(
      new AIRateLimitError({ message: 'rate limited', context: { status: 429 } }),
    );
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    expect(span.attributes).toMatchObject({
      'error.type': 'AI-API-005',
      'aiclient.error.retryable': true,
      'http.response.status_code': 429,
    });
    const event = span.events[0];
    expect(event?.name).toBe('exception');
    expect(event?.attributes?.['exception.type']).toBe('AIRateLimitError');
    expect(event?.attributes?.['exception.message']).toBe('rate limited');
  });

  it('redacts secrets from the status message, exception message and stack', () => {
    const span = recordOn(new Error(`Incorrect API key provided: ${KEY} (Bearer ${KEY})`));
    const serialized = JSON.stringify({
      status: span.status,
      events: span.events,
      attributes: span.attributes,
    });
    expect(serialized).not.toContain(KEY);
    expect(span.status.message).toContain('[REDACTED]');
  });

  it('accepts non-Error values', () => {
    const span = recordOn('just a string');
    expect(span.attributes['error.type']).toBe('_OTHER');
    expect(span.status.message).toBe('just a string');
  });
});
