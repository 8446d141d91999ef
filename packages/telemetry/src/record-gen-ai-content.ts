import { redactValue } from '@aiclient/errors';
import * as otel from '@opentelemetry/api';
import { type Attributes, context, type Span, trace } from '@opentelemetry/api';
import type { CaptureContentMode } from './capture-content-mode';
import { GEN_AI_ATTRIBUTES } from './gen-ai-attributes';
import { TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION } from './telemetry-scope';

/** Name of the event carrying GenAI message content. */
export const GEN_AI_CONTENT_EVENT = 'gen_ai.client.inference.operation.details';

/** Message content of one call, in the GenAI JSON message shapes. */
export interface GenAiContent {
  /** Chat history sent (`gen_ai.input.messages`). */
  inputMessages?: unknown;
  /** Messages returned (`gen_ai.output.messages`). */
  outputMessages?: unknown;
  /** System instructions sent apart from the history (`gen_ai.system_instructions`). */
  systemInstructions?: unknown;
}

/** Options of {@link recordGenAiContent}. */
export interface RecordGenAiContentOptions {
  /** Where content may go. Nothing is recorded for `none`. */
  mode: CaptureContentMode;
  /**
   * Applied to each piece of content before it is recorded.
   * @default redactValue (masks keys, Bearer tokens and values under sensitive names)
   */
  redact?: (value: unknown) => unknown;
}

/**
 * Records message content on `span` and/or as an event, only when `mode` opts in, and always
 * through the `redact` hook. Content is serialized as JSON strings, the form span attributes and
 * most backends accept.
 */
export function recordGenAiContent(
  span: Span,
  content: GenAiContent,
  options: RecordGenAiContentOptions,
): void {
  const { mode, redact = redactValue } = options;
  if (mode === 'none') return;
  const attributes: Attributes = {};
  addJson(attributes, GEN_AI_ATTRIBUTES.inputMessages, content.inputMessages, redact);
  addJson(attributes, GEN_AI_ATTRIBUTES.outputMessages, content.outputMessages, redact);
  addJson(attributes, GEN_AI_ATTRIBUTES.systemInstructions, content.systemInstructions, redact);
  if (Object.keys(attributes).length === 0) return;
  if (mode === 'span_only' || mode === 'span_and_event') span.setAttributes(attributes);
  if (mode === 'event_only' || mode === 'span_and_event') {
    // The logs API joined @opentelemetry/api in 1.10; the peer range starts at 1.9, where
    // events are skipped rather than failing the import with a missing named export.
    const logs = (otel as { logs?: typeof otel.logs }).logs;
    logs?.getLogger(TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION).emit({
      eventName: GEN_AI_CONTENT_EVENT,
      attributes,
      context: trace.setSpan(context.active(), span),
    });
  }
}

function addJson(
  attributes: Attributes,
  name: string,
  value: unknown,
  redact: (value: unknown) => unknown,
): void {
  if (value === undefined) return;
  attributes[name] = JSON.stringify(redact(value)) ?? 'null';
}
