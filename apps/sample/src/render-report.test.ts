import { expect, it } from 'vitest';
import { type DemoReport, renderReport } from './render-report.js';
import { summarizeCalls } from './summarize-calls.js';

const results = [
  { step: 'plain', ok: true, latencyMs: 120, inputTokens: 10, outputTokens: 5 },
  { step: 'plain', ok: true, latencyMs: 80, inputTokens: 10, outputTokens: 5 },
  { step: 'wrong key', ok: false, code: 'AI-API-001', latencyMs: 9 },
];

const report: DemoReport = {
  mode: 'offline',
  results,
  summary: summarizeCalls(results),
  retries: 3,
  fallbacks: 1,
  cacheHits: 2,
  estimatedCostUsd: 0.000_123,
  trace: { step: '429 burst', tree: 'POST /v1/ask  9ms  200\n └─ chat gpt-4o-mini  8ms' },
  logFile: '/tmp/x/sample.log',
  telemetryFile: '/tmp/x/telemetry.json',
  elapsedSeconds: 4.25,
};

it('prints the summary, the steps, the outcomes with their meaning and the span tree', () => {
  const text = renderReport(report, (heading) => `**${heading}**`);
  expect(text).toContain('**Summary**');
  expect(text).toMatch(/calls\s+3\n/);
  expect(text).toMatch(/latency p50\s+80 ms/);
  expect(text).toMatch(/latency p95\s+120 ms/);
  expect(text).toMatch(/tokens in \/ out\s+20 \/ 10/);
  expect(text).toMatch(/estimated cost\s+\$0\.000123/);
  expect(text).toMatch(/retries\s+3/);
  expect(text).toMatch(/fallbacks\s+1/);
  expect(text).toMatch(/cache hits\s+2/);
  expect(text).toMatch(/plain\s+2\s+2\s+120 ms/);
  expect(text).toMatch(/wrong key\s+1\s+0\s+AI-API-001\s+9 ms/);
  expect(text).toMatch(/AI-API-001\s+1\s+Authentication failed/);
  expect(text).toContain(
    '**Span tree of a retried call (429 burst)**\n  POST /v1/ask  9ms  200\n   └─ chat',
  );
  expect(text).toContain('logs       /tmp/x/sample.log');
  expect(text.endsWith('Summary ready 4.3 s after start.')).toBe(true);
});

it('leaves the span tree out when no trace was recorded', () => {
  const { trace: _omitted, ...withoutTrace } = report;
  expect(renderReport(withoutTrace)).not.toContain('Span tree');
});
