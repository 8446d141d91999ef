import { AIError, redactSecrets } from '@aiclient/errors';
import { type Span, SpanStatusCode } from '@opentelemetry/api';
import { errorType } from './error-type';

/**
 * Marks `span` as failed by `err`: status ERROR, an `exception` event and `error.type` set to the
 * aiclient error code (or the error's name). Message and stack are redacted first, because spans
 * leave the process and an error message may quote a header or a key.
 */
export function recordSpanError(span: Span, err: unknown): void {
  const type = errorType(err);
  const message = redactSecrets(messageOf(err));
  const name = typeof (err as { name?: unknown })?.name === 'string' ? (err as Error).name : type;
  const stack = typeof (err as { stack?: unknown })?.stack === 'string' ? (err as Error).stack : '';
  span.recordException(
    stack === undefined || stack === ''
      ? { name, message }
      : { name, message, stack: redactSecrets(stack) },
  );
  span.setAttribute('error.type', type);
  if (AIError.isInstance(err)) {
    // Lets a trace backend split failures a retry could fix from final ones.
    span.setAttribute('aiclient.error.retryable', err.retryable);
    if (err.status !== undefined) span.setAttribute('http.response.status_code', err.status);
  }
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (typeof err === 'object' && err !== null) {
    const message = (err as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(err);
}
