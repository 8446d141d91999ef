import { AIServerError } from '@aiclient/errors';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from './create-test-telemetry';
import { withSpan } from './with-span';

let telemetry: TestTelemetry;
beforeEach(() => {
  telemetry = createTestTelemetry();
});
afterEach(async () => {
  await telemetry.shutdown();
});

describe('withSpan', () => {
  it('runs sync work in an active span and ends it', () => {
    const result = withSpan('work', { attributes: { a: 1 } }, (span) => {
      expect(trace.getActiveSpan()).toBe(span);
      return 42;
    });
    expect(result).toBe(42);
    const [span] = telemetry.spans();
    expect(span?.name).toBe('work');
    expect(span?.kind).toBe(SpanKind.INTERNAL);
    expect(span?.attributes).toEqual({ a: 1 });
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ends the span when async work resolves, keeping the context across awaits', async () => {
    const result = await withSpan('async', { kind: SpanKind.CLIENT }, async (span) => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(trace.getActiveSpan()).toBe(span);
      return 'done';
    });
    expect(result).toBe('done');
    expect(telemetry.spans().map((s) => [s.name, s.kind])).toEqual([['async', SpanKind.CLIENT]]);
  });

  it('records a rejected error and rethrows the original instance', async () => {
    const error = new AIServerError({ message: 'upstream 503', context: { status: 503 } });
    const caught = await withSpan('failing', {}, async () => {
      throw error;
    }).catch((err: unknown) => err);
    expect(caught).toBe(error);
    const [span] = telemetry.spans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'upstream 503' });
    expect(span?.attributes['error.type']).toBe('AI-API-009');
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('records a thrown sync error and rethrows it', () => {
    const error = new RangeError('nope');
    expect(() =>
      withSpan('sync-failing', {}, () => {
        throw error;
      }),
    ).toThrow(error);
    expect(telemetry.spans()[0]?.attributes['error.type']).toBe('RangeError');
  });

  it('leaves the span open with autoEnd false until the caller ends it', async () => {
    let open: import('@opentelemetry/api').Span | undefined;
    await withSpan('stream', { autoEnd: false }, async (span) => {
      open = span;
    });
    expect(telemetry.spans()).toHaveLength(0);
    open?.end();
    expect(telemetry.spans()).toHaveLength(1);
  });

  it('still ends the span on error with autoEnd false', async () => {
    await expect(
      withSpan('stream', { autoEnd: false }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(telemetry.spans()).toHaveLength(1);
  });

  it('nests spans under the active one', async () => {
    await withSpan('outer', {}, async () => {
      await withSpan('inner', {}, async () => undefined);
    });
    const [inner, outer] = telemetry.spans();
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
  });
});
