import { type LogRecord, logs } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from './create-test-telemetry';
import { getTracer } from './get-tracer';
import { GEN_AI_CONTENT_EVENT, recordGenAiContent } from './record-gen-ai-content';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
const CONTENT = {
  inputMessages: [{ role: 'user', parts: [{ type: 'text', content: `my key is ${KEY}` }] }],
  outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'ok' }] }],
};

let telemetry: TestTelemetry;
let emitted: LogRecord[];
beforeEach(() => {
  telemetry = createTestTelemetry();
  emitted = [];
  logs.setGlobalLoggerProvider({
    getLogger: () => ({ emit: (record) => emitted.push(record), enabled: () => true }),
  });
});
afterEach(async () => {
  logs.disable();
  await telemetry.shutdown();
});

function run(
  mode: Parameters<typeof recordGenAiContent>[2]['mode'],
  redact?: (v: unknown) => unknown,
) {
  const span = getTracer().startSpan('chat m');
  recordGenAiContent(span, CONTENT, redact === undefined ? { mode } : { mode, redact });
  span.end();
  return telemetry.spans()[0]?.attributes ?? {};
}

describe('recordGenAiContent', () => {
  it('records nothing when content capture is off', () => {
    const attributes = run('none');
    expect(attributes).toEqual({});
    expect(emitted).toEqual([]);
  });

  it('records redacted JSON on the span in span_only mode', () => {
    const attributes = run('span_only');
    const input = attributes['gen_ai.input.messages'];
    expect(typeof input).toBe('string');
    expect(input).not.toContain(KEY);
    expect(JSON.parse(String(input))[0].parts[0].content).toContain('[REDACTED]');
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual(
      CONTENT.outputMessages,
    );
    expect(emitted).toEqual([]);
  });

  it('emits an event and no span attributes in event_only mode', () => {
    const attributes = run('event_only');
    expect(attributes).toEqual({});
    expect(emitted).toHaveLength(1);
    expect(emitted[0]?.eventName).toBe(GEN_AI_CONTENT_EVENT);
    expect(String(emitted[0]?.attributes?.['gen_ai.input.messages'])).not.toContain(KEY);
  });

  it('does both in span_and_event mode, through a custom redaction hook', () => {
    const attributes = run('span_and_event', () => 'hidden');
    expect(attributes['gen_ai.input.messages']).toBe('"hidden"');
    expect(emitted[0]?.attributes?.['gen_ai.output.messages']).toBe('"hidden"');
  });
});
