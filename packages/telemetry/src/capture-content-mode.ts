/**
 * Where GenAI message content may be recorded:
 * - `none`: nowhere (the default: prompts and answers often hold personal data);
 * - `span_only`: as `gen_ai.input.messages` / `gen_ai.output.messages` span attributes;
 * - `event_only`: on a `gen_ai.client.inference.operation.details` event (OpenTelemetry logs API);
 * - `span_and_event`: both.
 */
export type CaptureContentMode = 'none' | 'span_only' | 'event_only' | 'span_and_event';

/** The environment variable the GenAI instrumentations read. */
export const CAPTURE_CONTENT_ENV = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

/**
 * Reads `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`. Accepts the boolean form (`true`
 * means `span_and_event`, `false` means `none`) and the enum form `SPAN_ONLY`, `EVENT_ONLY`,
 * `SPAN_AND_EVENT`, `NO_CONTENT`, case-insensitively. Anything else, or unset, is `none`.
 */
export function captureContentMode(
  env: Readonly<Record<string, string | undefined>> | undefined = defaultEnv(),
): CaptureContentMode {
  const raw = env?.[CAPTURE_CONTENT_ENV]?.trim().toLowerCase();
  switch (raw) {
    case 'true':
    case '1':
    case 'span_and_event':
      return 'span_and_event';
    case 'span_only':
      return 'span_only';
    case 'event_only':
      return 'event_only';
    default:
      return 'none';
  }
}

function defaultEnv(): Readonly<Record<string, string | undefined>> | undefined {
  return typeof process === 'undefined' ? undefined : process.env;
}
