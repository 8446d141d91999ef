import type { AttributeValue } from '@opentelemetry/api';
import type { SpanRecord } from './span-recorder.js';

const WAIT_KEY = /(wait|backoff|delay)[._]?ms$|wait_before|retry_after/i;

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
}

function attributeNumber(value: AttributeValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * One line of the tree: the span name, its duration, then what a reader looks for first —
 * the HTTP status, the error code, and any wait before the attempt.
 */
export function describeSpan(span: SpanRecord): string {
  const parts = [span.name, formatMs(span.durationMs)];
  const status = attributeNumber(span.attributes['http.response.status_code']);
  if (status !== undefined) parts.push(String(status));
  const errorType = span.attributes['error.type'];
  if (typeof errorType === 'string') parts.push(errorType);
  for (const [key, value] of Object.entries(span.attributes)) {
    const ms = attributeNumber(value);
    if (ms !== undefined && ms > 0 && WAIT_KEY.test(key)) {
      parts.push(`wait ${formatMs(key.endsWith('_s') ? ms * 1000 : ms)}`);
      break;
    }
  }
  const model = span.attributes['gen_ai.response.model'];
  const requested = span.attributes['gen_ai.request.model'];
  if (typeof model === 'string' && typeof requested === 'string' && model !== requested) {
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
 *      ├─ attempt 1  12ms  429  wait 500ms
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
      lines.push(`${indent}${last ? '└─ ' : '├─ '}${describeSpan(child)}`);
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
