import { describe, expect, it } from 'vitest';
import { percentile, summarizeCalls } from './summarize-calls.js';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 50)).toBe(30);
    expect(percentile(values, 95)).toBe(50);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('summarizeCalls', () => {
  it('totals calls, tokens and failures by code', () => {
    const summary = summarizeCalls([
      { step: 'a', ok: true, latencyMs: 10, inputTokens: 5, outputTokens: 7 },
      { step: 'a', ok: false, code: 'AI-API-001', latencyMs: 30 },
      { step: 'b', ok: false, code: 'AI-API-012', latencyMs: 20, outputTokens: 2 },
      { step: 'b', ok: false, code: 'AI-API-012', latencyMs: 40 },
      { step: 'b', ok: false, latencyMs: 5 },
    ]);
    expect(summary).toEqual({
      calls: 5,
      succeeded: 1,
      failuresByCode: [
        ['AI-API-012', 2],
        ['AI-API-001', 1],
        ['unknown', 1],
      ],
      p50Ms: 20,
      p95Ms: 40,
      inputTokens: 5,
      outputTokens: 9,
    });
  });
});
