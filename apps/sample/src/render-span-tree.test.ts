import { describe, expect, it } from 'vitest';
import {
  countDescendants,
  describeSpan,
  renderSpanTree,
  waitBeforeMs,
} from './render-span-tree.js';
import type { SpanRecord } from './span-recorder.js';

const span = (over: Partial<SpanRecord> & Pick<SpanRecord, 'spanId' | 'name'>): SpanRecord => ({
  traceId: 't1',
  startMs: 0,
  durationMs: 1,
  error: false,
  attributes: {},
  ...over,
});

const trace: SpanRecord[] = [
  span({
    spanId: 'a2',
    parentSpanId: 'c',
    name: 'POST /chat/completions',
    startMs: 520,
    durationMs: 290.4,
    attributes: {
      'http.response.status_code': 200,
      'aiclient.attempt': 2,
      'aiclient.attempt.wait_before_ms': 500,
    },
  }),
  span({
    spanId: 'root',
    name: 'POST /v1/ask',
    durationMs: 812,
    attributes: { 'http.response.status_code': 200 },
  }),
  span({
    spanId: 'c',
    parentSpanId: 'root',
    name: 'chat gpt-4o-mini',
    startMs: 1,
    durationMs: 810,
  }),
  span({
    spanId: 'a1',
    parentSpanId: 'c',
    name: 'POST /chat/completions',
    startMs: 2,
    durationMs: 12,
    error: true,
    attributes: {
      'http.response.status_code': 429,
      'error.type': 'AI-API-005',
      'aiclient.attempt': 1,
      'aiclient.attempt.wait_before_ms': 0,
    },
  }),
  span({ spanId: 'other', name: 'unrelated', traceId: 't2' }),
];

describe('renderSpanTree', () => {
  it('draws children in start order with status, error code and wait', () => {
    expect(renderSpanTree(trace, 'root')).toBe(
      [
        'POST /v1/ask  812ms  200',
        ' └─ chat gpt-4o-mini  810ms',
        '    ├─ attempt 1  12ms  429  AI-API-005  wait 500ms',
        '    └─ attempt 2  290ms  200',
      ].join('\n'),
    );
  });

  it('returns an empty string for an unknown root', () => {
    expect(renderSpanTree(trace, 'missing')).toBe('');
  });

  it('counts descendants', () => {
    expect(countDescendants(trace, 'root')).toBe(3);
    expect(countDescendants(trace, 'a1')).toBe(0);
  });
});

describe('waitBeforeMs', () => {
  it('reads a wait from any wait/backoff/delay attribute', () => {
    expect(
      waitBeforeMs(span({ spanId: 'x', name: 'x', attributes: { 'retry.delay_ms': 30 } })),
    ).toBe(30);
    expect(waitBeforeMs(span({ spanId: 'x', name: 'x', attributes: { size: 30 } }))).toBe(0);
  });
});

describe('describeSpan', () => {
  it('shows a fallback model, seconds for long spans and a bare error', () => {
    expect(
      describeSpan(
        span({
          spanId: 'x',
          name: 'chat gpt-4o-mini',
          durationMs: 12_345,
          error: true,
          attributes: { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': 'gpt-4o' },
        }),
      ),
    ).toBe('chat gpt-4o-mini  12.3s  → gpt-4o  error');
  });
});
