import type { AttributeValue } from '@opentelemetry/api';
import type { SpanRecord } from './span-recorder.js';

const WAIT_KEY = /(wait|backoff|delay)[._]?ms$|wait_before|retry_after/i;

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
}

function attributeNumber(value: AttributeValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** Milliseconds a span waited before it started (a retry's backoff), from its attributes. */
export function waitBeforeMs(span: SpanRecord): number {
  for (const [key, value] of Object.entries(span.attributes)) {
    const ms = attributeNumber(value);
    if (ms !== undefined && ms > 0 && WAIT_KEY.test(key)) return ms;
  }
  return 0;
}

/**
 * One line of the tree: the span name (`attempt N` for an attempt), its duration, then what a
 * reader looks for first: the HTTP status, the error code, and the wait that followed it
 * before the next attempt (`waitAfterMs`).
 */
export function describeSpan(span: SpanRecord, waitAfterMs = 0): string {
  const attempt = attributeNumber(span.attributes['aiclient.attempt']);
  const parts = [
    attempt === undefined ? span.name : `attempt ${attempt}`,
    formatMs(span.durationMs),
  ];
  const status = attributeNumber(span.attributes['http.response.status_code']);
  if (status !== undefined) parts.push(String(status));
  const errorType = span.attributes['error.type'];
  if (typeof errorType === 'string') parts.push(errorType);
  if (waitAfterMs > 0) parts.push(`wait ${formatMs(waitAfterMs)}`);
  const model = span.attributes['gen_ai.response.model'];
  const requested = span.attributes['gen_ai.request.model'];
  if (typeof model === 'string' && typeof requested === 'string' && !model.startsWith(requested)) {
    parts.push(`→ ${model}`);
  }
  if (span.error && errorType === undefined) parts.push('error');
  return parts.join('  ');
}

/**
 * Draws the span rooted at `rootSpanId` and its descendants as a tree:
 *
 * ```
 * POST /v1/ask  812ms  200
 *  └─ chat gpt-4o-mini  810ms
 *      ├─ attempt 1  12ms  429  AI-API-005  wait 500ms
 *      └─ attempt 2  290ms  200
 * ```
 * Children are ordered by start time. Returns '' when the root is unknown.
 */
export function renderSpanTree(spans: readonly SpanRecord[], rootSpanId: string): string {
  const byParent = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    if (span.parentSpanId === undefined) continue;
    const siblings = byParent.get(span.parentSpanId) ?? [];
    siblings.push(span);
    byParent.set(span.parentSpanId, siblings);
  }
  const root = spans.find((span) => span.spanId === rootSpanId);
  if (root === undefined) return '';
  const lines = [describeSpan(root)];
  const walk = (parent: SpanRecord, indent: string): void => {
    const children = [...(byParent.get(parent.spanId) ?? [])].sort((a, b) => a.startMs - b.startMs);
    children.forEach((child, index) => {
      const last = index === children.length - 1;
      const next = children[index + 1];
      const line = describeSpan(child, next === undefined ? 0 : waitBeforeMs(next));
      lines.push(`${indent}${last ? '└─ ' : '├─ '}${line}`);
      walk(child, `${indent}${last ? '   ' : '│  '}`);
    });
  };
  walk(root, ' ');
  return lines.join('\n');
}

/** Number of descendants of a span; the demo picks the retried call with the richest tree. */
export function countDescendants(spans: readonly SpanRecord[], spanId: string): number {
  const children = spans.filter((span) => span.parentSpanId === spanId);
  return children.reduce((sum, child) => sum + 1 + countDescendants(spans, child.spanId), 0);
}
